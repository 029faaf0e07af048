//! Criterion benches of the hot paths, in-process: compiling the large benchmark
//! glossary, parsing documents into prose blocks, matching blocks against the
//! glossary, and the whole per-file check. `cargo bench --bench hot_paths`.
//!
//! Inputs: the corpus at ../shared/corpus (falling back to fixtures/ on a clone
//! without it) and the glossary benches/gen_glossary.py generates from it, written to
//! target/bench-glossary/ on first use.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use songsheet::engine::{analyze, parse_as_collateral, RunOptions};
use songsheet::markdown;
use songsheet::quantity::QuantitySpans;
use songsheet::settings::Settings;
use songsheet::source::LineIndex;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;

/// The allocator the songsheet binary uses (src/main.rs), so that these numbers are
/// the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    let shared = root().join("../shared/corpus");
    if shared.is_dir() {
        shared
    } else {
        root().join("fixtures")
    }
}

/// The generated benchmark glossary's config (generated once).
fn glossary_config() -> PathBuf {
    let dir = root().join("target/bench-glossary");
    let config = dir.join("songsheet.toml");
    if !config.exists() {
        let status = Command::new("python3")
            .arg(root().join("benches/gen_glossary.py"))
            .arg(corpus())
            .arg(&dir)
            .status()
            .expect("python3 runs benches/gen_glossary.py");
        assert!(status.success(), "gen_glossary.py failed");
    }
    config
}

/// Every tenth Markdown file of the corpus, read into memory.
fn sample() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    let mut stack = vec![corpus()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md" || e == "mdx") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .step_by(10)
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
        .collect()
}

fn benches(c: &mut Criterion) {
    let config = glossary_config();
    c.bench_function("compile the benchmark glossary", |b| {
        // Freeing is not timed: the binary exits without freeing the glossary.
        b.iter_with_large_drop(|| {
            Settings::load(black_box(&config)).expect("the benchmark glossary loads")
        })
    });
    let settings = Settings::load(&config).expect("the benchmark glossary loads");
    let docs = sample();
    let bytes: usize = docs.iter().map(|(_, s)| s.len()).sum();

    let mut group = c.benchmark_group("corpus sample");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("parse into blocks", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, s)| parse_as_collateral(p, s, &settings).blocks.len())
                .sum::<usize>()
        })
    });
    let parsed: Vec<markdown::Document> = docs
        .iter()
        .map(|(p, s)| parse_as_collateral(p, s, &settings))
        .collect();
    group.bench_function("match blocks against the glossary", |b| {
        b.iter(|| {
            let mut hits = Vec::new();
            for d in &parsed {
                let quantities = QuantitySpans::new(d.blocks.len());
                settings
                    .matcher
                    .scan_blocks(&settings.glossary, &d.blocks, &quantities, &mut hits);
            }
            hits.len()
        })
    });
    let options = RunOptions {
        kind: None,
        personas: Vec::new(),
        today: jiff::civil::date(2026, 11, 23),
        coverage: false,
    };
    group.bench_function("check (parse, match, every rule)", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, s)| {
                    analyze(p, s, &LineIndex::new(s), &settings, &options)
                        .diagnostics
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
