//! `--changed`, `--changed-lines` and `--force-exclude` in throwaway git repositories.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn compact(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--format", "compact"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code() != Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// A repo on `main` with two files that each have a finding, then a branch that edits
/// one, adds one, and leaves one untracked.
fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "songsheet.toml", "[check]\nrulesets = []\nexclude = [\"drafts/**\"]\n\n[[banned]]\nid = \"risk-free\"\nphrases = [\"risk-free\"]\n");
    write(d, "old.md", "It is risk-free.\n");
    write(d, "edited.md", "Line one is risk-free.\n\nLine three.\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(
        d,
        "edited.md",
        "Line one is risk-free.\n\nLine three is risk-free too.\n",
    );
    write(d, "added.md", "A risk-free start.\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "change"]);
    write(d, "untracked.md", "Still risk-free.\n");
    dir
}

#[test]
fn changed_reports_only_changed_and_untracked_files() {
    let dir = repo();
    let (all, _) = compact(dir.path(), &[]);
    assert_eq!(all.lines().count(), 5, "{all}");
    let (changed, code) = compact(dir.path(), &["--changed"]);
    assert_eq!(code, 1);
    assert!(!changed.contains("old.md"), "{changed}");
    for file in ["added.md", "edited.md", "untracked.md"] {
        assert!(changed.contains(file), "{file} missing from:\n{changed}");
    }
    // An explicit ref: against the branch's own HEAD only the untracked file is new.
    let (head, _) = compact(dir.path(), &["--changed", "HEAD"]);
    assert_eq!(
        head,
        "untracked.md:1:7: error[banned] “risk-free” is banned wording\n"
    );
}

#[test]
fn changed_lines_reports_only_touched_lines() {
    let dir = repo();
    let (lines, _) = compact(dir.path(), &["--changed-lines"]);
    assert_eq!(
        lines,
        "added.md:1:3: error[banned] “risk-free” is banned wording\n\
         edited.md:3:15: error[banned] “risk-free” is banned wording\n\
         untracked.md:1:7: error[banned] “risk-free” is banned wording\n"
    );
}

#[test]
fn changed_outside_git_or_with_a_bad_ref_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.md", "Fine.\n");
    Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--changed"])
        .assert()
        .code(2);
    let repo = repo();
    Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(repo.path())
        .args(["check", "--changed", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`no-such-branch` is not a commit git knows",
        ));
}

#[test]
fn changed_keeps_drift_honest_by_reading_every_file() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "songsheet.toml", "[check]\nrulesets = []\n");
    write(
        d,
        "pricing.md",
        "Every plan includes a 12-month service contract.\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(
        d,
        "script.md",
        "Every plan includes a 24-month service contract.\n",
    );
    let (out, _) = compact(d, &["--changed"]);
    // The unchanged pricing page is not reported, but the new script is compared with it.
    assert_eq!(
        out,
        "script.md:1:23: warning[drift] `pricing.md:1` says 12-month; this says 24-month\n"
    );
}

#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let dir = repo();
    write(dir.path(), "drafts/wip.md", "Draft: risk-free.\n");
    let (named, _) = compact(dir.path(), &["drafts/wip.md"]);
    assert!(
        named.contains("drafts/wip.md"),
        "named files are checked by default"
    );
    let (forced, code) = compact(dir.path(), &["--force-exclude", "drafts/wip.md"]);
    assert_eq!((forced.as_str(), code), ("", 0));
}
