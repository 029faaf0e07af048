//! One fixture pair per rule: `fixtures/rules/RULE/fail.md` fires on every case (its
//! findings are snapshotted, with the text after safe fixes), `pass.md` stays clean.
//! Also: every registered rule has its fixtures, and its documented example fires
//! while its "use instead" does not.

use songsheet::diagnostic::apply_fixes;
use songsheet::engine::{analyze, check_bytes, check_source, compare_documents, RunOptions};
use songsheet::report::{write_report, FileResult, OutputFormat, ReportOptions};
use songsheet::rules::{RuleId, Status, RULES};
use songsheet::settings::Settings;
use songsheet::source::LineIndex;
use std::path::{Path, PathBuf};

fn settings() -> Settings {
    Settings::load(Path::new("fixtures/songsheet.toml")).expect("fixtures config loads")
}

fn options() -> RunOptions {
    RunOptions {
        kind: None,
        personas: Vec::new(),
        today: "2026-11-23".parse().unwrap(),
        coverage: false,
    }
}

fn compact(
    path: &Path,
    settings: &Settings,
) -> (String, Vec<songsheet::diagnostic::Diagnostic>, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let diagnostics = check_bytes(path, &bytes, settings, &options());
    let file = FileResult {
        path: path.display().to_string(),
        source: String::from_utf8(bytes.clone()).ok(),
        excerpt: None,
        diagnostics: diagnostics.clone(),
        personas: Vec::new(),
    };
    let mut out = Vec::new();
    let report = ReportOptions {
        color: false,
        quiet: true,
        fail_on: songsheet::settings::FailOn::Never,
        baseline: None,
    };
    write_report(OutputFormat::Compact, &[file], report, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), diagnostics, bytes)
}

/// Rules that judge one document at a time (their fixtures are checked file by file).
fn per_document() -> impl Iterator<Item = &'static songsheet::rules::RuleInfo> {
    RULES
        .iter()
        .filter(|r| matches!(r.status, Status::Check(_) | Status::Engine))
}

#[test]
fn every_rule_has_a_fixture_pair() {
    for rule in RULES {
        let dir = PathBuf::from("fixtures/rules").join(rule.name);
        assert!(
            dir.join("fail.md").is_file(),
            "{} has no fail.md",
            rule.name
        );
        assert!(
            dir.join("pass.md").is_file(),
            "{} has no pass.md",
            rule.name
        );
    }
}

#[test]
fn fail_fixtures_fire_and_match_their_snapshots() {
    let settings = settings();
    for rule in per_document() {
        let path = PathBuf::from("fixtures/rules")
            .join(rule.name)
            .join("fail.md");
        let (report, diagnostics, bytes) = compact(&path, &settings);
        assert!(
            diagnostics.iter().any(|d| d.rule == rule.id),
            "{} does not fire on its fail.md:\n{report}",
            rule.name
        );
        let mut snapshot = report;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let fixed = apply_fixes(text, &diagnostics, false);
            if fixed.applied > 0 {
                snapshot.push_str("\n--- after safe fixes ---\n");
                snapshot.push_str(&fixed.text);
            }
        }
        insta::assert_snapshot!(format!("rule_{}", rule.name.replace('-', "_")), snapshot);
    }
}

#[test]
fn pass_fixtures_are_clean() {
    let settings = settings();
    for rule in per_document() {
        let path = PathBuf::from("fixtures/rules")
            .join(rule.name)
            .join("pass.md");
        let (report, _, _) = compact(&path, &settings);
        assert_eq!(report, "", "{}/pass.md has findings", rule.name);
    }
}

/// The fenced block after `heading` in a rule's documentation.
fn doc_block(doc: &str, heading: &str) -> Option<String> {
    let after = &doc[doc.find(heading)? + heading.len()..];
    let start = after.find("```")?;
    let body = &after[start..];
    let body = &body[body.find('\n')? + 1..];
    let end = body.find("```")?;
    Some(body[..end].to_string())
}

#[test]
fn documented_examples_fire_and_use_instead_does_not() {
    let settings = settings();
    for rule in RULES
        .iter()
        // Every rule judged on one document; `unreadable`'s example is not text.
        .filter(|r| !matches!(r.status, Status::Run) && r.id != RuleId::Unreadable)
    {
        let example = doc_block(rule.doc, "## Example").expect("an Example block");
        let instead = doc_block(rule.doc, "## Use instead").expect("a Use instead block");
        let fires = |text: &str| {
            check_source(Path::new("doc-example.md"), text, &settings, &options())
                .iter()
                .any(|d| d.rule == rule.id)
        };
        assert!(
            fires(&example),
            "{}: the documented example does not fire",
            rule.name
        );
        assert!(
            !fires(&instead),
            "{}: the documented 'use instead' fires",
            rule.name
        );
    }
}

#[test]
fn unreadable_fixture_is_reported_and_not_parsed() {
    let (report, diagnostics, _) =
        compact(Path::new("fixtures/rules/unreadable/fail.md"), &settings());
    assert_eq!(diagnostics.len(), 1, "{report}");
    assert_eq!(diagnostics[0].rule, RuleId::Unreadable);
}

/// Checks every Markdown file of a rule's fixture directory as one run (for rules that
/// compare documents); returns each file's path, compact report and findings.
fn compact_run(
    dir: &Path,
    settings: &Settings,
) -> Vec<(String, String, Vec<songsheet::diagnostic::Diagnostic>)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let mut documents: Vec<_> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let level = settings.levels.get(RuleId::Drift);
            (
                p.display().to_string(),
                level,
                analyze(p, &text, &LineIndex::new(&text), settings, &options()),
            )
        })
        .collect();
    compare_documents(&mut documents);
    documents
        .into_iter()
        .map(|(path, _, analysis)| {
            let file = FileResult {
                path: path.clone(),
                source: std::fs::read_to_string(&path).ok(),
                excerpt: None,
                diagnostics: analysis.diagnostics.clone(),
                personas: Vec::new(),
            };
            let mut out = Vec::new();
            let report = ReportOptions {
                color: false,
                quiet: true,
                fail_on: songsheet::settings::FailOn::Never,
                baseline: None,
            };
            write_report(OutputFormat::Compact, &[file], report, &mut out).unwrap();
            (path, String::from_utf8(out).unwrap(), analysis.diagnostics)
        })
        .collect()
}

#[test]
fn run_wide_rules_fire_across_their_fixture_directory() {
    let settings = settings();
    for rule in RULES.iter().filter(|r| matches!(r.status, Status::Run)) {
        let dir = PathBuf::from("fixtures/rules").join(rule.name);
        let mut snapshot = String::new();
        for (path, report, diagnostics) in compact_run(&dir, &settings) {
            if path.ends_with("pass.md") {
                assert_eq!(report, "", "{path} has findings");
            }
            if path.ends_with("fail.md") {
                assert!(
                    diagnostics.iter().any(|d| d.rule == rule.id),
                    "{} does not fire on {path}",
                    rule.name
                );
            }
            snapshot.push_str(&report);
        }
        insta::assert_snapshot!(format!("run_{}", rule.name.replace('-', "_")), snapshot);
    }
}
