//! Two jobs before the crate compiles:
//!
//! - Fingerprints the source this binary is built from, so that a compiled glossary
//!   cached by one build is never read by another (whose types may differ even when
//!   the version number does not). See `src/glossary/cache.rs`.
//! - Compiles the quantity grammar (`src/quantity/grammar.rs`) into the automata that
//!   `src/quantity/mod.rs` embeds, so that no run builds them (BENCHMARKS.md).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

#[allow(dead_code)] // `quantity` uses more of the grammar than the automata do.
#[path = "src/quantity/grammar.rs"]
mod grammar;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    quantity_automata(&root, &out_dir);
    let mut files = Vec::new();
    for dir in ["src", "rulesets"] {
        collect(&root.join(dir), &mut files);
        println!("cargo:rerun-if-changed={dir}");
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        files.push(root.join(file));
        println!("cargo:rerun-if-changed={file}");
    }
    files.sort();
    // SipHash with fixed keys: the same sources give the same fingerprint.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in &files {
        file.strip_prefix(&root).unwrap_or(file).hash(&mut hasher);
        // A file that cannot be read (Cargo.lock in a published crate) counts as empty.
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=SONGSHEET_BUILD_FINGERPRINT={}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hasher.finish()
    );
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Writes the quantity automata to `out_dir` as dense DFAs (the fastest to follow, and
/// the cheapest to check when read back: a sparse table is a tenth of the size but
/// took more instructions to validate): the leftmost-first prose regex forward (it
/// scans every block) and reverse (from each match's end back to its start), and the
/// grammar with every match reported (the places a quantity can end). Building them
/// takes seconds in the unoptimised build script, so they are rebuilt only when the
/// grammar, this file or the locked crates change.
fn quantity_automata(root: &Path, out_dir: &Path) {
    use regex_automata::dfa::{dense, regex::Regex};
    use regex_automata::MatchKind;

    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in ["src/quantity/grammar.rs", "build.rs", "Cargo.lock"] {
        std::fs::read(root.join(file))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    let stamp = format!("{:016x}", hasher.finish());
    let names = [
        "quantity-forward.dfa",
        "quantity-reverse.dfa",
        "quantity-ends.dfa",
    ];
    let stamp_file = out_dir.join("quantity-automata.stamp");
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
        && names.iter().all(|n| out_dir.join(n).exists())
    {
        return;
    }
    let pattern = format!("(?i){}", grammar::prose_regex());
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let dense_bytes = |dfa: &dense::DFA<Vec<u32>>| {
        let (bytes, padding) = match big_endian {
            true => dfa.to_bytes_big_endian(),
            false => dfa.to_bytes_little_endian(),
        };
        bytes[padding..].to_vec()
    };
    let prose = Regex::builder()
        .dense(dense::Config::new().minimize(true))
        .build(&pattern)
        .expect("the quantity regex compiles to a DFA");
    let ends = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .minimize(true),
        )
        .build(&pattern)
        .expect("the quantity grammar compiles to a DFA");
    let files = [
        dense_bytes(prose.forward()),
        dense_bytes(prose.reverse()),
        dense_bytes(&ends),
    ];
    for (name, bytes) in names.iter().zip(files) {
        std::fs::write(out_dir.join(name), bytes).expect("OUT_DIR is writable");
    }
    std::fs::write(&stamp_file, stamp).expect("OUT_DIR is writable");
}
