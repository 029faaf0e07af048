//! The example rulesets on their fixtures, through the binary: Brewline's collateral and
//! scripts, and the sales–marketing alignment documents (which have their own config,
//! so `check fixtures` uses a different glossary for them).

use assert_cmd::Command;

fn compact(path: &str) -> (String, i32) {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args([
            "check",
            "--format",
            "compact",
            "--today",
            "2026-11-23",
            path,
        ])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn alignment_fixtures() {
    let (report, code) = compact("fixtures/alignment");
    assert_eq!(code, 1);
    assert!(
        !report.contains("sla.md"),
        "the SLA itself is clean:\n{report}"
    );
    insta::assert_snapshot!("alignment", report);
}

#[test]
fn brewline_collateral_and_scripts() {
    let (collateral, code) = compact("fixtures/collateral");
    assert_eq!(code, 1);
    assert!(
        !collateral.contains("clean-landing.md"),
        "the clean page is clean:\n{collateral}"
    );
    insta::assert_snapshot!("brewline_collateral", collateral);
    let (scripts, _) = compact("fixtures/scripts");
    assert!(!scripts.contains("follow-up-email.md"), "{scripts}");
    insta::assert_snapshot!("brewline_scripts", scripts);
}

#[test]
fn the_whole_fixtures_tree_uses_each_directorys_config() {
    let (all, code) = compact("fixtures");
    assert_eq!(code, 1);
    // Alignment documents are checked with the alignment ruleset, not Brewline's.
    assert!(
        all.contains("fixtures/alignment/handoff-playbook.md:13:31: error[banned] “junk leads”")
    );
    assert!(!all.contains("fixtures/alignment/sla.md"));
}
