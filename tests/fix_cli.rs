//! `songsheet fix` on disk: expected files, idempotence, byte preservation (CRLF, BOM),
//! unsafe fixes, --diff, standard input, and findings that cannot be fixed.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const GLOSSARY: &str = r#"
[[terms]]
id = "brewline-pro"
use = "Brewline Pro"
avoid = ["BrewLine Pro"]

[[banned]]
id = "risk-free"
phrases = ["risk-free"]

[[promises]]
id = "guarantee"
text = "30-day satisfaction guarantee"
patterns = ["{value} satisfaction guarantee"]
value = "30-day"
"#;

fn repo(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nglossaries = [\"g.toml\"]\nrulesets = []\n",
    )
    .unwrap();
    fs::write(dir.path().join("g.toml"), GLOSSARY).unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn fix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["fix", "--format", "compact"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn fixes_only_the_fixed_spans_and_keeps_crlf_and_bom() {
    let original =
        "\u{feff}Intro line.\r\n\r\nThe BrewLine Pro has a 60-day satisfaction guarantee.\r\n";
    let dir = repo(&[("a.md", original.as_bytes())]);
    let (code, stdout, stderr) = fix(dir.path(), &["a.md"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("Fixed 2 finding(s) in 1 file(s); 0 file(s) still have findings."),
        "{stderr}"
    );
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}Intro line.\r\n\r\nThe Brewline Pro has a 30-day satisfaction guarantee.\r\n"
    );
}

#[test]
fn running_fix_twice_changes_nothing_the_second_time() {
    let dir = repo(&[(
        "a.md",
        b"# The BrewLine Pro\n\nThe BrewLine Pro, with a 60-day satisfaction guarantee.\n",
    )]);
    fix(dir.path(), &["a.md"]);
    let once = fs::read(dir.path().join("a.md")).unwrap();
    let (_, _, stderr) = fix(dir.path(), &["a.md"]);
    assert!(
        stderr.contains("Fixed 0 finding(s) in 0 file(s)"),
        "{stderr}"
    );
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), once);
}

#[test]
fn heading_and_link_fixes_need_unsafe_fixes() {
    let text = "# The BrewLine Pro\n\nSee [the BrewLine Pro](https://example.com).\n";
    let dir = repo(&[("a.md", text.as_bytes())]);
    let (code, stdout, stderr) = fix(dir.path(), &["a.md"]);
    assert_eq!(code, 0, "warnings do not fail the run");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        text,
        "unsafe fixes are not applied"
    );
    assert_eq!(stdout.lines().count(), 2, "both findings remain: {stdout}");
    assert!(stderr.contains("--unsafe-fixes"), "{stderr}");
    fix(dir.path(), &["--unsafe-fixes", "a.md"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "# The Brewline Pro\n\nSee [the Brewline Pro](https://example.com).\n"
    );
}

#[test]
fn findings_without_a_fix_are_reported_and_fail_the_run() {
    let dir = repo(&[("a.md", b"The BrewLine Pro is risk-free.\n")]);
    let (code, stdout, _) = fix(dir.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "a.md:1:21: error[banned] “risk-free” is banned wording\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "The Brewline Pro is risk-free.\n"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let text = "Line one.\nThe BrewLine Pro.\nLine three.\n";
    let dir = repo(&[("a.md", text.as_bytes())]);
    let (code, stdout, stderr) = fix(dir.path(), &["--diff", "a.md"]);
    assert_eq!(code, 1, "a diff that is not empty fails, as a check would");
    assert_eq!(
        stdout,
        "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n Line one.\n-The BrewLine Pro.\n+The Brewline Pro.\n Line three.\n"
    );
    assert!(
        stderr.contains("Would fix 1 finding(s) in 1 file(s)"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
}

#[test]
fn standard_input_prints_the_fixed_text() {
    let dir = repo(&[]);
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "fix",
            "-",
            "--stdin-filename",
            "page.md",
            "--format",
            "compact",
        ])
        .write_stdin("The BrewLine Pro is risk-free.\n")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "The Brewline Pro is risk-free.\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("page.md:1:21: error[banned]"),
        "the remaining finding goes to stderr: {stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn overlapping_fixes_converge() {
    // The term fix and the promise fix overlap; the promise fix wins the first round and
    // the term variant is gone in the second.
    let dir = repo(&[
        ("a.md", b"A 60-day satisfaction guarantee.\n"),
        ("g2.toml", b""),
    ]);
    fs::write(
        dir.path().join("g.toml"),
        format!("{GLOSSARY}\n[[terms]]\nid = \"sixty\"\nuse = \"30-day satisfaction guarantee\"\navoid = [\"60-day satisfaction guarantee\"]\n"),
    )
    .unwrap();
    let (code, _, stderr) = fix(dir.path(), &["a.md"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("overlapped"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "A 30-day satisfaction guarantee.\n"
    );
}

#[test]
fn the_fixtures_are_fixed_as_expected_and_idempotently() {
    let dir = TempDir::new().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = |from: &Path, to: &Path| {
        for entry in walk(from) {
            let rel = entry.strip_prefix(from).unwrap();
            let target = to.join(rel);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&entry, &target).unwrap();
        }
    };
    copy(&root.join("fixtures"), &dir.path().join("fixtures"));
    copy(&root.join("rulesets"), &dir.path().join("rulesets"));
    // As in a checkout: fixtures/songsheet.toml reads ../rulesets/, inside the repository.
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(init.success());
    let before = snapshot_tree(&dir.path().join("fixtures"));
    let (code, _, _) = fix(dir.path(), &["--today", "2026-11-23", "fixtures"]);
    assert_eq!(code, 1, "the fixtures have findings no fix can remove");
    let after = snapshot_tree(&dir.path().join("fixtures"));
    let mut changed = String::new();
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if a != b {
            changed.push_str(&format!("=== {name}\n{}\n", String::from_utf8_lossy(b)));
        }
    }
    insta::assert_snapshot!("fixed_fixtures", changed);
    let (_, _, stderr) = fix(dir.path(), &["--today", "2026-11-23", "fixtures"]);
    assert!(
        stderr.contains("Fixed 0 finding(s) in 0 file(s)"),
        "{stderr}"
    );
    assert_eq!(
        snapshot_tree(&dir.path().join("fixtures")),
        after,
        "a second run changes nothing"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().display().to_string(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}
