//! The compiled-glossary cache, end to end: a warm run reports exactly what a cold one
//! does, every edit to what the glossary is built from is seen at once, and a cache
//! that is damaged, unwritable or switched off changes nothing but speed.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use tempfile::TempDir;

/// `songsheet` in `dir`, with its glossary cache in `cache`.
fn songsheet(dir: &Path, cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("songsheet").unwrap();
    cmd.current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .env("SONGSHEET_CACHE_DIR", cache);
    cmd
}

/// What a run printed and how it exited.
fn run(cmd: &mut Command) -> (String, String, Option<i32>) {
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// The cache files in `cache` with their modification times.
fn cache_files(cache: &Path) -> Vec<(PathBuf, SystemTime)> {
    let Ok(entries) = fs::read_dir(cache) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, SystemTime)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .map(|p| {
            let modified = fs::metadata(&p).unwrap().modified().unwrap();
            (p, modified)
        })
        .collect();
    files.sort();
    files
}

const CONFIG: &str = r#"[check]
glossaries = ["glossary.toml"]
rulesets = ["core"]

[[banned]]
id = "synergy"
phrases = ["synergy"]
"#;

const GLOSSARY: &str = r#"
[[terms]]
id = "brewline-pro"
use = "Brewline Pro"
avoid = ["BrewLine Pro"]

[[promises]]
id = "guarantee"
text = "30-day satisfaction guarantee"
patterns = ["{value} satisfaction guarantee"]
value = "30-day"
"#;

const DOC: &str = "# Brewline\n\nBrewLine Pro comes with a 60-day satisfaction guarantee.\n\n\
                   Brew Line Pro creates synergy and leverage.\n";

fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("songsheet.toml"), CONFIG).unwrap();
    fs::write(dir.path().join("glossary.toml"), GLOSSARY).unwrap();
    fs::write(dir.path().join("doc.md"), DOC).unwrap();
    dir
}

fn check(dir: &Path, cache: &Path) -> (String, String, Option<i32>) {
    run(songsheet(dir, cache).args(["check", "doc.md", "--format", "json"]))
}

/// Like [`check`], with `--no-cache`.
fn check_uncached(dir: &Path, cache: &Path) -> (String, String, Option<i32>) {
    run(songsheet(dir, cache).args(["check", "doc.md", "--format", "json", "--no-cache"]))
}

/// The text each finding of a JSON report flags.
fn matched(report: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(report).expect("a JSON report");
    report["diagnostics"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|d| d["matched"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_warm_run_reports_what_a_cold_run_does_on_the_fixtures() {
    let cache = TempDir::new().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = |extra: &[&str]| {
        let mut cmd = songsheet(root, cache.path());
        cmd.args([
            "check",
            "fixtures",
            "--format",
            "json",
            "--today",
            "2026-06-01",
        ])
        .args(extra);
        run(&mut cmd)
    };
    let cold = fixtures(&[]);
    let written = cache_files(cache.path());
    // fixtures/songsheet.toml and fixtures/alignment/songsheet.toml.
    assert_eq!(written.len(), 2, "one cache file per config: {written:?}");
    let warm = fixtures(&[]);
    // A hit reads the file and leaves it alone.
    assert_eq!(cache_files(cache.path()), written);
    let uncached = fixtures(&["--no-cache"]);
    assert!(cold.0.contains("\"diagnostics\""), "{}", cold.0);
    assert_eq!(warm, cold);
    assert_eq!(uncached, cold);
}

#[test]
fn every_edit_to_the_glossary_sources_is_seen_at_once() {
    let dir = repo();
    let cache = TempDir::new().unwrap();
    // Writes `text` to `file` in the repository, then checks with the cache.
    let after_writing = |file: &str, text: String| {
        fs::write(dir.path().join(file), text).unwrap();
        check(dir.path(), cache.path())
    };
    let first = check(dir.path(), cache.path());
    assert_eq!(
        matched(&first.0),
        ["BrewLine Pro", "60-day satisfaction guarantee", "synergy"]
    );

    // The glossary file.
    let avoid_spaced = GLOSSARY.replace(
        r#"avoid = ["BrewLine Pro"]"#,
        r#"avoid = ["Brew Line Pro"]"#,
    );
    assert_eq!(
        matched(&after_writing("glossary.toml", avoid_spaced).0),
        ["60-day satisfaction guarantee", "Brew Line Pro", "synergy"]
    );

    // The config's own entries.
    let other_banned = CONFIG.replace(r#"phrases = ["synergy"]"#, r#"phrases = ["leverage"]"#);
    assert_eq!(
        matched(&after_writing("songsheet.toml", other_banned).0),
        ["60-day satisfaction guarantee", "Brew Line Pro", "leverage"]
    );

    // Which embedded rulesets are used.
    let no_rulesets = CONFIG.replace(r#"rulesets = ["core"]"#, "rulesets = []");
    let fourth = after_writing("songsheet.toml", no_rulesets);
    let uncached = check_uncached(dir.path(), cache.path());
    assert_eq!(fourth, uncached);
    assert_eq!(cache_files(cache.path()).len(), 1, "replaced, not added");
}

#[test]
fn an_invalid_glossary_is_reported_every_time_and_never_cached() {
    let dir = repo();
    let cache = TempDir::new().unwrap();
    fs::write(
        dir.path().join("glossary.toml"),
        GLOSSARY.replace("value = \"30-day\"", "value = \"soon\""),
    )
    .unwrap();
    let first = check(dir.path(), cache.path());
    assert_eq!(first.2, Some(2), "{}", first.1);
    assert!(first.1.contains("glossary.toml"), "{}", first.1);
    assert_eq!(cache_files(cache.path()), Vec::new());
    assert_eq!(check(dir.path(), cache.path()), first);
}

#[test]
fn no_cache_writes_nothing() {
    let dir = repo();
    let cache = TempDir::new().unwrap();
    let cache_dir = cache.path().join("songsheet");
    let out = run(songsheet(dir.path(), &cache_dir).args(["check", "doc.md", "--no-cache"]));
    assert_eq!(out.2, Some(1), "{}", out.1);
    assert!(!cache_dir.exists());
}

#[test]
fn a_damaged_or_unwritable_cache_changes_nothing_but_speed() {
    let dir = repo();
    let cache = TempDir::new().unwrap();
    let clean = check(dir.path(), cache.path());
    assert_eq!(clean.2, Some(1), "{}", clean.1);

    // Damaged: garbage, then half of a real file.
    let (file, _) = cache_files(cache.path()).remove(0);
    let good = fs::read(&file).unwrap();
    for damage in [
        b"not a cache file".to_vec(),
        good[..good.len() / 2].to_vec(),
    ] {
        fs::write(&file, &damage).unwrap();
        assert_eq!(check(dir.path(), cache.path()), clean);
        assert_eq!(fs::read(&file).unwrap(), good, "rewritten after the miss");
    }

    // Unwritable: the cache "directory" is a file.
    let blocker = cache.path().join("a-file");
    fs::write(&blocker, "in the way").unwrap();
    assert_eq!(check(dir.path(), &blocker), clean);
    assert_eq!(check(dir.path(), &blocker.join("below")), clean);
}

#[test]
fn processes_racing_on_a_cold_cache_all_report_the_same() {
    let dir = repo();
    let cache = TempDir::new().unwrap();
    let uncached = check_uncached(dir.path(), cache.path());
    let racers: Vec<std::process::Child> = (0..8)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("songsheet"))
                .current_dir(dir.path())
                .env_remove("RUST_BACKTRACE")
                .env("NO_COLOR", "1")
                .env("SONGSHEET_CACHE_DIR", cache.path())
                .args(["check", "doc.md", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for racer in racers {
        let out = racer.wait_with_output().unwrap();
        let got = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        );
        assert_eq!(got, uncached);
    }
    // One cache file, no temporary file left behind, and it is read by the next run.
    let leftovers: Vec<PathBuf> = fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<PathBuf>::new());
    let written = cache_files(cache.path());
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(check(dir.path(), cache.path()), uncached);
    assert_eq!(cache_files(cache.path()), written, "a hit, not a rewrite");
}
