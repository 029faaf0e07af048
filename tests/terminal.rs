//! Behaviour on a real terminal: the process runs under a pseudo-terminal made by
//! `script` (util-linux), as it does when a person runs it.

use std::process::Command;

/// Regression: `main` held the standard-error lock for the whole run, so the progress bar
/// (drawn from a worker thread) waited for it forever; only a terminal showed it.
#[test]
fn the_progress_bar_on_a_terminal_neither_hangs_nor_stays_on_screen() {
    // One thread finds the files first; two count them in while the walk goes on.
    for jobs in ["1", "2"] {
        progress_bar_on_a_terminal(jobs);
    }
}

fn progress_bar_on_a_terminal(jobs: &str) {
    let bin = env!("CARGO_BIN_EXE_songsheet");
    let command = format!(
        "SONGSHEET_PROGRESS_AFTER_MS=0 {bin} check --today 2026-11-23 -j {jobs} fixtures > /dev/null"
    );
    let out = Command::new("timeout")
        .args(["60", "script", "-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("`timeout` and `script` (util-linux) are needed; .ci/run installs them");
    let code = out.status.code();
    assert_ne!(code, Some(124), "songsheet -j {jobs} hung on a terminal");
    assert_eq!(
        code,
        Some(1),
        "the fixtures have findings: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains("checking"),
        "the bar was drawn on the terminal: {screen:?}"
    );
    // Every drawing counts no more files checked than found ("checking 3/12 files").
    for drawn in screen.split("checking ").skip(1) {
        let counts = drawn.split(" files").next().unwrap_or("");
        let (done, found) = counts
            .split_once('/')
            .and_then(|(d, f)| Some((d.parse::<u64>().ok()?, f.parse::<u64>().ok()?)))
            .unwrap_or_else(|| panic!("-j {jobs}: not a count: {counts:?} in {screen:?}"));
        assert!(done <= found, "-j {jobs}: {done}/{found} in {screen:?}");
        assert!(found > 0, "-j {jobs}: {screen:?}");
    }
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_songsheet"))
        .args(["check", "--today", "2026-11-23", "fixtures"])
        .env("SONGSHEET_PROGRESS_AFTER_MS", "0")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("checking"));
}
