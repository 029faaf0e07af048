//! `songsheet init`: a commented starter config and glossary. Never overwrites.

use super::{EXIT_ERROR, EXIT_OK};
use crate::cli::InitArgs;
use std::io::Write;

/// The starter config.
pub const STARTER_CONFIG: &str = include_str!("init/songsheet.toml");
/// The starter glossary.
pub const STARTER_GLOSSARY: &str = include_str!("init/glossary.toml");

/// Writes `songsheet.toml` and `glossary.toml` into the directory, unless either exists.
pub fn run(args: &InitArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let dir = crate::settings::normalise(&args.dir);
    let files = [
        (dir.join("songsheet.toml"), STARTER_CONFIG),
        (dir.join("glossary.toml"), STARTER_GLOSSARY),
    ];
    if !args.dir.is_dir() {
        let _ = writeln!(stderr, "error: {} is not a directory", args.dir.display());
        return EXIT_ERROR;
    }
    // Check everything first, so that nothing is written unless everything can be.
    let existing: Vec<String> = files
        .iter()
        .chain(std::iter::once(&(dir.join(".songsheet.toml"), "")))
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        let verb = if existing.len() == 1 {
            "exists"
        } else {
            "exist"
        };
        let _ = writeln!(
            stderr,
            "error: {} already {verb}; songsheet init never overwrites files\nhelp: edit the existing file, or run init in another directory",
            existing.join(" and ")
        );
        return EXIT_ERROR;
    }
    let mut written = Vec::new();
    for (path, text) in &files {
        // create_new refuses to replace a file that appeared in the meantime.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = result {
            let _ = writeln!(stderr, "error: cannot write {}: {e}", path.display());
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return EXIT_ERROR;
        }
        written.push(path.clone());
    }
    let _ = writeln!(
        stdout,
        "Wrote {} and {}.\n\nNext:\n  1. Replace the example entries in glossary.toml with your own terms, claims,\n     promises, disclaimers and personas.\n  2. songsheet glossary check    validates the glossary and runs its examples\n  3. songsheet check             checks every Markdown, MDX and text file below here",
        files[0].0.display(),
        files[1].0.display()
    );
    EXIT_OK
}
