//! Hostile inputs, each with a clear outcome (issue: reliability). No test here times
//! anything; a run that hangs or crashes fails by its exit status or by the timeout.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nrulesets = []\n\n[[banned]]\nid = \"risk-free\"\nphrases = [\"risk-free\"]\n",
    )
    .unwrap();
    dir
}

fn compact(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir)
        .timeout(Duration::from_secs(120))
        .args(["check", "--format", "compact"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn empty_binary_invalid_and_utf16_files() {
    let dir = repo();
    fs::write(dir.path().join("empty.md"), b"").unwrap();
    fs::write(dir.path().join("nul.md"), b"risk-free\0\0\0").unwrap();
    fs::write(dir.path().join("latin1.md"), b"caf\xe9 risk-free\n").unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("risk-free\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    fs::write(dir.path().join("utf16.md"), utf16).unwrap();
    let (code, out) = compact(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    assert!(
        !out.contains("empty.md"),
        "an empty file has nothing to report: {out}"
    );
    assert!(
        out.contains(
            "nul.md:1:1: error[unreadable] the file looks binary (a NUL byte at offset 9)"
        ),
        "{out}"
    );
    assert!(
        out.contains("latin1.md:1:1: error[unreadable] the file is not UTF-8 text"),
        "{out}"
    );
    assert!(
        out.contains(
            "utf16.md:1:1: error[unreadable] the file is UTF-16 text; re-save it as UTF-8"
        ),
        "{out}"
    );
}

#[test]
fn lone_carriage_returns_end_lines() {
    let dir = repo();
    fs::write(
        dir.path().join("cr.md"),
        "# Title\r\rSecond paragraph is risk-free.\r",
    )
    .unwrap();
    let (_, out) = compact(dir.path(), &["cr.md"]);
    assert_eq!(
        out,
        "cr.md:3:21: error[banned] “risk-free” is banned wording\n"
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let dir = repo();
    let lists: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    fs::write(dir.path().join("lists.md"), lists + "\nrisk-free\n").unwrap();
    fs::write(
        dir.path().join("quotes.md"),
        format!("{} risk-free\n", ">".repeat(10_000)),
    )
    .unwrap();
    let (code, out) = compact(dir.path(), &["lists.md", "quotes.md"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("quotes.md:1:10002: error[banned]"), "{out}");
}

#[test]
fn a_single_ten_megabyte_line() {
    let dir = repo();
    let mut line = "word ".repeat(2_000_000);
    line.push_str("risk-free\n");
    fs::write(dir.path().join("long.md"), line).unwrap();
    let (code, out) = compact(dir.path(), &["long.md"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "long.md:1:10000001: error[banned] “risk-free” is banned wording\n"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_a_directory_named_like_a_file() {
    let dir = repo();
    fs::create_dir(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    fs::create_dir(dir.path().join("x.md")).unwrap();
    fs::write(dir.path().join("x.md/inner.md"), "risk-free\n").unwrap();
    let (code, out) = compact(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "x.md/inner.md:1:1: error[banned] “risk-free” is banned wording\n"
    );
}

#[test]
fn a_regex_that_would_explode_is_refused_with_a_clear_error() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nrulesets = []\n\n[[claims]]\nid = \"boom\"\ntext = \"x\"\nregex = \"((a{100}){100}){100}\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "a\n").unwrap();
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`boom`: bad regex: the pattern compiles to more than"),
        "{stderr}"
    );
}

#[test]
fn a_glossary_with_a_hundred_thousand_entries() {
    let dir = TempDir::new().unwrap();
    let mut glossary = String::with_capacity(8_000_000);
    for i in 0..100_000 {
        glossary.push_str(&format!(
            "[[terms]]\nid = \"t{i}\"\nuse = \"Product {i}\"\navoid = [\"Prodct {i}\"]\n"
        ));
    }
    fs::write(dir.path().join("g.toml"), glossary).unwrap();
    fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nrulesets = []\nglossaries = [\"g.toml\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "Try Prodct 99999 today.\n").unwrap();
    let (code, out) = compact(dir.path(), &["a.md"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "a.md:1:5: warning[term] write “Product 99999”, not “Prodct 99999”\n"
    );
}

#[test]
fn an_unreadable_file_gets_a_finding_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    fs::write(dir.path().join("ok.md"), "A risk-free offer.\n").unwrap();
    let locked = dir.path().join("locked.md");
    fs::write(&locked, "risk-free\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let (code, out) = compact(dir.path(), &["."]);
    assert_eq!(code, Some(1), "{out}");
    // Root reads any file: then the locked file is simply checked.
    let expected_locked = if fs::read(&locked).is_ok() {
        "locked.md:1:1: error[banned] “risk-free” is banned wording\n"
    } else {
        "locked.md:1:1: error[unreadable] the file cannot be read: Permission denied (os error 13)\n"
    };
    assert_eq!(
        out,
        format!("{expected_locked}ok.md:1:3: error[banned] “risk-free” is banned wording\n")
    );
}

#[test]
fn any_number_of_jobs_gives_identical_output() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = |jobs: &str| {
        Command::cargo_bin("songsheet")
            .unwrap()
            .current_dir(&fixtures)
            .timeout(Duration::from_secs(120))
            .args(["check", ".", "--format", "json", "--jobs", jobs])
            .output()
            .unwrap()
    };
    let one = run("1");
    assert!(!one.stdout.is_empty());
    for jobs in ["2", "3", "8", "64"] {
        let many = run(jobs);
        assert_eq!(many.status.code(), one.status.code(), "--jobs {jobs}");
        assert!(
            many.stdout == one.stdout,
            "--jobs {jobs} changed the output"
        );
    }
}
