//! The binary, end to end, each test in its own temporary directory: exit codes, stdin,
//! formats, config discovery, config errors, explain.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod support;
use support::assert_no_config_above;

fn songsheet(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("songsheet").unwrap();
    cmd.current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

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

[[personas]]
id = "cfo"
messages = ["payback period"]
avoid = ["synergy"]
"#;

/// A repository with a config, a glossary and one document.
fn repo(doc: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n",
    );
    write(dir.path(), "glossary.toml", GLOSSARY);
    write(dir.path(), "doc.md", doc);
    dir
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON")
}

/// Runs `cmd`, which must find something (exit 1), and reads its JSON report.
fn json_findings(cmd: &mut Command) -> serde_json::Value {
    json(&cmd.assert().code(1).get_output().stdout)
}

#[test]
fn clean_files_exit_0_and_findings_exit_1() {
    let dir = repo("A 30-day satisfaction guarantee.\n");
    songsheet(dir.path())
        .args(["check", "doc.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings in 1 file."));
    write(dir.path(), "doc.md", "A 60-day satisfaction guarantee.\n");
    songsheet(dir.path())
        .args(["check", "doc.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "promise `guarantee` is approved as 30-day, this says 60-day",
        ))
        .stdout(predicate::str::contains(
            "Found 1 error, 0 warnings and 0 infos in 1 file.",
        ));
}

#[test]
fn fail_on_levels() {
    let dir = repo("The BrewLine Pro.\n");
    songsheet(dir.path())
        .args(["check", "doc.md"])
        .assert()
        .code(0);
    songsheet(dir.path())
        .args(["check", "--fail-on", "warning", "doc.md"])
        .assert()
        .code(1);
    songsheet(dir.path())
        .args(["check", "--fail-on", "info", "doc.md"])
        .assert()
        .code(1);
    write(dir.path(), "doc.md", "It is risk-free.\n");
    songsheet(dir.path())
        .args(["check", "--fail-on", "never", "doc.md"])
        .assert()
        .code(0);
}

#[test]
fn config_fail_on_is_used_unless_the_flag_overrides_it() {
    let dir = repo("The BrewLine Pro.\n");
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\nfail_on = \"warning\"\n",
    );
    songsheet(dir.path())
        .args(["check", "doc.md"])
        .assert()
        .code(1);
    songsheet(dir.path())
        .args(["check", "--fail-on", "error", "doc.md"])
        .assert()
        .code(0);
}

#[test]
fn json_output_follows_the_contract() {
    let dir = repo("# Title\n\nA **60-day** satisfaction guarantee.\n");
    let v = json_findings(songsheet(dir.path()).args(["check", "--format", "json", "doc.md"]));
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "doc.md");
    assert_eq!(d["rule"], "promise-mismatch");
    assert_eq!(d["entry"], "guarantee");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(d["matched"], "60-day** satisfaction guarantee");
    assert_eq!(d["offset"], 13);
    assert_eq!(d["length"], 31);
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(36))
    );
    assert_eq!(d["fix"]["offset"], 13);
    assert_eq!(d["fix"]["length"], 6);
    assert_eq!(d["fix"]["replacement"], "30-day");
}

/// Files are checked while the walk still finds them (two threads or more): a file
/// named on the command line and also inside a directory named there is checked and
/// reported once, with one thread or several.
#[test]
fn a_file_reached_twice_is_reported_once() {
    let dir = repo("We are risk-free.\n");
    write(dir.path(), "docs/more.md", "Also risk-free.\n");
    for jobs in ["1", "2"] {
        let v = json_findings(
            songsheet(dir.path())
                .args(["check", "--format", "json", "--jobs", jobs])
                .args(["doc.md", ".", "docs/more.md", "docs"]),
        );
        let paths: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap())
            .collect();
        assert_eq!(v["summary"]["files"], 2, "--jobs {jobs}: {v}");
        assert_eq!(paths, ["doc.md", "docs/more.md"], "--jobs {jobs}");
    }
}

#[test]
fn json_is_byte_identical_across_runs_and_jobs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |jobs: &str| {
        songsheet(root)
            .args([
                "check",
                "--format",
                "json",
                "--today",
                "2026-11-23",
                "--jobs",
                jobs,
                "fixtures",
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("2"));
    let v = json(&one);
    let keys: Vec<(String, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["offset"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "diagnostics are sorted by path, offset and rule"
    );
    // The fixtures have several findings at one offset; the test must see such ties.
    assert!(keys
        .windows(2)
        .any(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1));
}

#[test]
fn compact_format() {
    let dir = repo("Hi.\n\nThe BrewLine Pro is risk-free.\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact", "doc.md"])
        .assert()
        .code(1)
        .stdout(
            "doc.md:3:5: warning[term] write “Brewline Pro”, not “BrewLine Pro”\n\
             doc.md:3:21: error[banned] “risk-free” is banned wording\n",
        );
}

#[test]
fn stdin_with_and_without_a_file_name() {
    let dir = repo("");
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "sales/call.md",
            "-",
        ])
        .write_stdin("It is risk-free.\n")
        .assert()
        .code(1)
        .stdout("sales/call.md:1:7: error[banned] “risk-free” is banned wording\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact", "-"])
        .write_stdin("It is risk-free.\n")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("-:1:7: error[banned]"));
}

#[test]
fn stdin_uses_the_current_directorys_config() {
    let dir = repo("");
    write(dir.path(), "sub/songsheet.toml", "[check]\nrulesets = []\n");
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "sub/page.md",
            "-",
        ])
        .write_stdin("It is risk-free.\n")
        .assert()
        .code(1)
        .stdout("sub/page.md:1:7: error[banned] “risk-free” is banned wording\n");
}

#[test]
fn broken_front_matter_is_reported() {
    let dir = repo("---\ntitle: [unclosed\npersona: cfo\n---\nPure synergy.\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact", "doc.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "doc.md:3:1: error[unreadable] the front matter cannot be read (illegal placement",
        ));
}

#[test]
fn stdin_filename_picks_the_format() {
    let dir = repo("");
    // In a .txt file, a `#` line is a directive, not a heading.
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "note.txt",
            "-",
        ])
        .write_stdin("# songsheet-disable-next-line banned\nIt is risk-free.\n")
        .assert()
        .code(0);
}

#[test]
fn no_config_uses_the_core_ruleset_and_says_so_once() {
    let dir = TempDir::new().unwrap();
    assert_no_config_above(dir.path());
    write(dir.path(), "a.md", "Try it risk-free.\n");
    write(dir.path(), "b.md", "The best-in-class machine.\n");
    let out = songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("a.md:1:8: warning[banned]"), "{stdout}");
    assert!(stdout.contains("b.md:1:5: warning[banned]"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("no songsheet.toml found").count(),
        1,
        "{stderr}"
    );
    songsheet(dir.path())
        .args(["check", "--quiet"])
        .assert()
        .stderr("");
}

/// A broken config found part-way through the walk stops the run with the config
/// error and no report, whether files were being checked meanwhile or not.
#[test]
fn a_broken_config_found_during_the_walk_stops_the_run() {
    let dir = repo("It is risk-free.\n");
    write(dir.path(), "sub/page.md", "Also risk-free.\n");
    write(dir.path(), "sub/songsheet.toml", "[check]\nbogus = 1\n");
    for jobs in ["1", "2"] {
        songsheet(dir.path())
            .args(["check", "--format", "json", "--jobs", jobs, "."])
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("bogus")
                    .and(predicate::str::contains("sub/songsheet.toml")),
            );
    }
}

#[test]
fn nearest_config_applies_to_each_directory() {
    let dir = repo("It is risk-free.\n");
    write(
        dir.path(),
        "site/songsheet.toml",
        "[check]\nrulesets = []\n\n[[banned]]\nid = \"cheap\"\nphrases = [\"cheap\"]\n",
    );
    write(dir.path(), "site/page.md", "It is cheap and risk-free.\n");
    write(
        dir.path(),
        "sales/.songsheet.toml",
        "[check]\nrulesets = []\n",
    );
    write(dir.path(), "sales/call.md", "It is cheap and risk-free.\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact", "doc.md", "site", "sales"])
        .assert()
        .code(1)
        .stdout(
            "doc.md:1:7: error[banned] “risk-free” is banned wording\n\
             site/page.md:1:7: error[banned] “cheap” is banned wording\n",
        );
    // --config applies one config to every file.
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--config",
            "songsheet.toml",
            "site",
        ])
        .assert()
        .code(1)
        .stdout("site/page.md:1:17: error[banned] “risk-free” is banned wording\n");
}

#[test]
fn walking_honours_include_exclude_and_gitignore() {
    let dir = repo("risk-free\n");
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\ninclude = [\"**/*.md\"]\nexclude = [\"drafts/**\"]\n",
    );
    write(dir.path(), "drafts/x.md", "risk-free\n");
    write(dir.path(), "notes.txt", "risk-free\n");
    write(dir.path(), "ignored/y.md", "risk-free\n");
    write(dir.path(), ".gitignore", "ignored/\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(1)
        .stdout("doc.md:1:1: error[banned] “risk-free” is banned wording\n");
    // A file named on the command line is checked even if excluded.
    songsheet(dir.path())
        .args(["check", "--format", "compact", "drafts/x.md"])
        .assert()
        .code(1);
}

#[test]
fn paths_classify_kind_and_persona() {
    let dir = repo("");
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n\n[[paths]]\nglob = \"scripts/**\"\nkind = \"script\"\npersona = \"cfo\"\n\n[script]\nrep = [\"Rep\"]\nother = [\"Prospect\"]\n",
    );
    write(
        dir.path(),
        "scripts/call.md",
        "Rep: pure synergy.\nProspect: risk-free?\n",
    );
    songsheet(dir.path())
        .args(["check", "--format", "compact", "scripts"])
        .assert()
        .code(0)
        .stdout("scripts/call.md:1:11: warning[persona-avoid] avoid “synergy” in copy for cfo\n");
    // --kind and --persona override the classification.
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--kind",
            "collateral",
            "--persona",
            "cfo",
            "scripts",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[banned]"))
        .stdout(predicate::str::contains("info[persona-message-missing]"));
}

#[test]
fn unreadable_files_are_findings_and_the_run_goes_on() {
    let dir = repo("It is risk-free.\n");
    fs::write(dir.path().join("latin1.md"), b"Caf\xe9\n").unwrap();
    fs::write(dir.path().join("binary.md"), b"PK\x03\x04\x00\x00").unwrap();
    songsheet(dir.path())
        .args(["check", "--format", "compact", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("binary.md:1:1: error[unreadable]"))
        .stdout(predicate::str::contains(
            "latin1.md:1:1: error[unreadable] the file is not UTF-8 text",
        ))
        .stdout(predicate::str::contains("doc.md:1:7: error[banned]"));
}

#[test]
fn expiry_uses_today() {
    let dir = repo("");
    write(
        dir.path(),
        "glossary.toml",
        "[[claims]]\nid = \"runs\"\ntext = \"25% fewer coffee runs\"\npatterns = [\"{value} fewer coffee runs\"]\nvalue = \"25%\"\nexpires = 2026-01-31\n",
    );
    write(dir.path(), "doc.md", "Report 25% fewer coffee runs.\n");
    songsheet(dir.path())
        .args(["check", "--today", "2026-01-31", "doc.md"])
        .assert()
        .code(0);
    songsheet(dir.path())
        .args(["check", "--today", "2026-02-01", "doc.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("expired on 2026-01-31"));
    songsheet(dir.path())
        .args(["check", "--today", "31/01/2026", "doc.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a date"));
}

#[test]
fn missing_baseline_exits_2() {
    let dir = repo("Fine.\n");
    songsheet(dir.path())
        .args(["check", "--baseline", "b.json", "doc.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read baseline b.json"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = repo("Fine.\n");
    songsheet(dir.path())
        .args(["check", "missing.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.md"));
    songsheet(dir.path())
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    songsheet(dir.path())
        .args(["check", "--jobs", "0"])
        .assert()
        .code(2);
    songsheet(dir.path()).args(["frobnicate"]).assert().code(2);
}

#[test]
fn output_file_is_written() {
    let dir = repo("It is risk-free.\n");
    songsheet(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--output",
            "report.json",
            "doc.md",
        ])
        .assert()
        .code(1)
        .stdout("");
    let v = json(&fs::read(dir.path().join("report.json")).unwrap());
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
}

/// The names of temporary files left in `dir` (reports are written to one first).
fn temporary_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_report_replaces_the_previous_one_but_never_a_directory() {
    let dir = repo("It is risk-free.\n");
    let check = |output: &str| {
        let mut command = songsheet(dir.path());
        command.args(["check", "--format", "json", "--output", output, "doc.md"]);
        command
    };
    check("report.json").assert().code(1);
    // The second run replaces the first run's report (on Linux by exchanging the two).
    write(dir.path(), "doc.md", "It is risk-free and risk-free.\n");
    check("report.json").assert().code(1);
    let v = json(&fs::read(dir.path().join("report.json")).unwrap());
    assert_eq!(v["summary"]["errors"], 2);
    // A directory where the report should go is an error, and stays as it was.
    fs::create_dir(dir.path().join("reports")).unwrap();
    write(dir.path(), "reports/keep.txt", "mine\n");
    check("reports")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write the report"));
    assert_eq!(
        fs::read_to_string(dir.path().join("reports/keep.txt")).unwrap(),
        "mine\n"
    );
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
}

#[test]
fn severity_overrides_and_entry_severity() {
    let dir = repo("The BrewLine Pro is risk-free.\n");
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n\n[severity]\nbanned = \"off\"\nterm = \"error\"\n",
    );
    songsheet(dir.path())
        .args(["check", "--format", "compact", "doc.md"])
        .assert()
        .code(1)
        .stdout("doc.md:1:5: error[term] write “Brewline Pro”, not “BrewLine Pro”\n");
}

#[test]
fn suppression_comments() {
    let dir = repo(
        "<!-- songsheet-disable-next-line banned -->\nIt is risk-free.\n\n<!-- songsheet-disable -->\nThe BrewLine Pro, risk-free.\n<!-- songsheet-enable -->\n\nrisk-free again.\n",
    );
    songsheet(dir.path())
        .args(["check", "--format", "compact", "doc.md"])
        .assert()
        .code(1)
        .stdout("doc.md:8:1: error[banned] “risk-free” is banned wording\n");
}

#[test]
fn crlf_bom_and_multibyte_positions() {
    let dir = repo("");
    fs::write(
        dir.path().join("doc.md"),
        "\u{feff}# Café\r\n\r\nUn café — risk-free.\r\n".as_bytes(),
    )
    .unwrap();
    let v = json_findings(songsheet(dir.path()).args(["check", "--format", "json", "doc.md"]));
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(11))
    );
    assert_eq!(d["offset"], 27);
    assert_eq!(d["length"], 9);
    assert_eq!(d["matched"], "risk-free");
    assert_eq!(d["end_column"], 20);
}

#[test]
fn explain_rule_and_list() {
    let dir = TempDir::new().unwrap();
    songsheet(dir.path())
        .args(["explain", "promise-mismatch"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## What it does"));
    let out = songsheet(dir.path())
        .args(["explain", "--list"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let list = String::from_utf8(out).unwrap();
    assert_eq!(list.lines().count(), 16, "{list}");
    assert!(list.contains("persona-message-missing  info"));
    songsheet(dir.path())
        .args(["explain", "claim-mismtch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `claim-mismatch`"));
}

#[test]
fn drift_is_reported_on_each_side_across_documents() {
    let dir = repo("Every machine includes a 24-month service contract.\n");
    write(
        dir.path(),
        "sales/call.md",
        "Rep: you get a 12-month service contract.\n",
    );
    write(
        dir.path(),
        "same.md",
        "It ships with a two-year service contract.\n",
    );
    songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(0)
        .stdout(
            "doc.md:1:26: warning[drift] `sales/call.md:1` says 12-month; this says 24-month\n\
             sales/call.md:1:16: warning[drift] `doc.md:1` says 24-month; this says 12-month (also `same.md:1`)\n\
             same.md:1:17: warning[drift] `sales/call.md:1` says 12-month; this says two-year\n",
        );
    songsheet(dir.path())
        .args(["check", "--fail-on", "warning", "-q"])
        .assert()
        .code(1);
}

#[test]
fn drift_respects_suppression_and_severity_off() {
    let dir = repo("<!-- songsheet-disable-next-line drift -->\nEvery machine includes a 24-month service contract.\n");
    write(
        dir.path(),
        "other.md",
        "It includes a 12-month service contract.\n",
    );
    songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(0)
        .stdout("other.md:1:15: warning[drift] `doc.md:2` says 24-month; this says 12-month\n");
    write(
        dir.path(),
        "songsheet.toml",
        "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n\n[severity]\ndrift = \"off\"\n",
    );
    // With drift off, the comment that suppressed it now hides nothing.
    songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(0)
        .stdout("doc.md:1:1: info[unused-suppression] this suppression comment hides no finding; remove it\n");
}

#[test]
fn approved_promises_are_not_drift() {
    // The glossary's promise covers the guarantee: promise-mismatch reports it, not drift.
    let dir = repo("A 60-day satisfaction guarantee.\n");
    write(dir.path(), "other.md", "A 30-day satisfaction guarantee.\n");
    songsheet(dir.path())
        .args(["check", "--format", "compact"])
        .assert()
        .code(1)
        .stdout("doc.md:1:3: error[promise-mismatch] promise `guarantee` is approved as 30-day, this says 60-day\n");
}

/// `.cargo/config.toml` builds jemalloc to ask for transparent huge pages (a one-file
/// check touches a third of the pages; BENCHMARKS.md). A build that lost the setting
/// would still work, only slower, so this reads jemalloc's own report of its options.
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[test]
fn the_allocator_is_built_to_ask_for_huge_pages() {
    let dir = TempDir::new().unwrap();
    let output = songsheet(dir.path())
        .arg("--version")
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains(r#"config.malloc_conf: "thp:always""#),
        "jemalloc was built without thp:always; its options:\n{}",
        report.lines().take(80).collect::<Vec<_>>().join("\n")
    );
    assert!(report.contains(r#"opt.thp: "always""#));
}
