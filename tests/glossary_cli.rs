//! `songsheet glossary check`, `songsheet glossary show` and `songsheet init`, through
//! the binary in temporary directories.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod support;
use support::assert_no_config_above;

fn songsheet(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("songsheet").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn repo(glossary: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n",
    )
    .unwrap();
    fs::write(dir.path().join("glossary.toml"), glossary).unwrap();
    dir
}

#[test]
fn init_writes_a_starter_that_passes_glossary_check() {
    let dir = TempDir::new().unwrap();
    songsheet(dir.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Wrote songsheet.toml and glossary.toml",
        ))
        .stdout(predicate::str::contains("songsheet glossary check"));
    songsheet(dir.path())
        .args(["glossary", "check", "--today", "2026-11-23"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 failed, 0 warning(s)"));
    // The starter config is complete: check runs with it.
    fs::write(dir.path().join("page.md"), "Try AcmeCloud risk-free.\n").unwrap();
    songsheet(dir.path())
        .args(["check", "--format", "compact", "page.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("warning[term]"))
        .stdout(predicate::str::contains("error[banned]"));
}

#[test]
fn init_never_overwrites() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("glossary.toml"), "# mine\n").unwrap();
    songsheet(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("glossary.toml already exists"));
    assert!(
        !dir.path().join("songsheet.toml").exists(),
        "nothing is written"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("glossary.toml")).unwrap(),
        "# mine\n"
    );
    let other = TempDir::new().unwrap();
    fs::write(other.path().join(".songsheet.toml"), "").unwrap();
    songsheet(other.path()).arg("init").assert().code(2);
    songsheet(other.path())
        .args(["init", "missing-dir"])
        .assert()
        .code(2);
}

#[test]
fn glossary_check_reports_failing_examples_with_exit_1() {
    let dir = repo(
        "[[terms]]\nid = \"pro\"\nuse = \"Brewline Pro\"\navoid = [\"BrewLine Pro\"]\nexamples.flag = [\"The Brewline Pro.\"]\nexamples.pass = [\"The BrewLine Pro.\"]\n",
    );
    songsheet(dir.path())
        .args(["glossary", "check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "glossary.toml:2: error[pro] example “The Brewline Pro.” of `pro` should be flagged, but no finding of this entry fires",
        ))
        .stdout(predicate::str::contains(
            "example “The BrewLine Pro.” of `pro` should pass, but is flagged (term: write “Brewline Pro”, not “BrewLine Pro”)",
        ))
        .stdout(predicate::str::contains("2 failed"));
}

#[test]
fn glossary_check_warns_about_entries_that_cannot_work() {
    let dir = repo(
        r#"
[[claims]]
id = "lift"
text = "Aligned teams close 67% more deals."
patterns = ["win {value} more deals"]
value = "67%"
expires = 2025-01-01

[[promises]]
id = "trial"
text = "A free trial of two weeks"
patterns = ["{value} free trial"]
value = "30-day"

[[personas]]
id = "cfo"
"#,
    );
    songsheet(dir.path())
        .args(["glossary", "check", "--today", "2026-11-23"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("glossary.toml:3: warning[lift] none of the patterns of claim `lift` matches its own text"))
        .stdout(predicate::str::contains("warning[lift] claim `lift` expired on 2025-01-01"))
        .stdout(predicate::str::contains("warning[trial] the text of promise `trial` does not state its value 30-day"))
        .stdout(predicate::str::contains("warning[cfo] persona `cfo` has no messages"))
        .stdout(predicate::str::contains("0 failed, 5 warning(s)"));
}

#[test]
fn glossary_check_config_errors_exit_2() {
    // The "е" of "usе" is Cyrillic: a homoglyph typo, pointed at exactly.
    let dir = repo("[[terms]]\nid = \"pro\"\nus\u{435} = \"x\"\n");
    songsheet(dir.path())
        .args(["glossary", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("glossary.toml:3:3"))
        .stderr(predicate::str::contains("invalid unquoted key"))
        .stderr(predicate::str::contains("[[terms]] entry `pro`"));
}

#[test]
fn glossary_show_text_and_json() {
    let dir = repo(
        "[[terms]]\nid = \"pro\"\nuse = \"Brewline Pro\"\navoid = [\"BrewLine Pro\"]\n\n[[promises]]\nid = \"trial\"\ntext = \"14-day free trial\"\nvalue = \"14-day\"\n",
    );
    songsheet(dir.path())
        .args(["glossary", "show"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("glossary.toml (2 entries)"))
        .stdout(predicate::str::contains(
            "pro: use “Brewline Pro”, not “BrewLine Pro”  [glossary.toml:2]",
        ))
        .stdout(predicate::str::contains(
            "trial: “14-day free trial”  [glossary.toml:7]",
        ));
    let out = songsheet(dir.path())
        .args(["glossary", "show", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["sources"], serde_json::json!(["glossary.toml"]));
    assert_eq!(v["terms"][0]["use"], "Brewline Pro");
    assert_eq!(v["terms"][0]["line"], 2);
    assert_eq!(v["promises"][0]["value"], "14-day");
    assert_eq!(v["promises"][0]["patterns"][0], "14-day free trial");
}

#[test]
fn glossary_commands_without_a_config_use_core() {
    let dir = TempDir::new().unwrap();
    assert_no_config_above(dir.path());
    songsheet(dir.path())
        .args(["glossary", "show"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("core-risk-free"))
        .stderr(predicate::str::contains("no songsheet.toml found"));
}
