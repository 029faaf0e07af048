//! Reports written from the lines of the findings (what `check` keeps for every
//! machine-readable format) are byte for byte the reports written from whole files.

use clap::Parser;
use songsheet::cli::{Cli, Command};
use songsheet::commands::check::{check_files, Retain};
use songsheet::report::{write_report, OutputFormat, ReportOptions};
use songsheet::settings::FailOn;

fn report(format: OutputFormat, retain: Retain) -> String {
    let cli = Cli::parse_from(["songsheet", "check", "fixtures", "--today", "2026-06-01"]);
    let Command::Check(args) = cli.command else {
        panic!("not a check command")
    };
    let outcome = check_files(&args.input, None, None, false, false, retain).unwrap();
    // Unreadable fixtures (UTF-16, binary) have no text either way; a file smaller
    // than the text around its findings is kept whole.
    let excerpts = outcome.files.iter().filter(|f| f.excerpt.is_some()).count();
    assert_eq!(excerpts > 0, retain != Retain::WholeFiles);
    let options = ReportOptions {
        color: false,
        quiet: false,
        fail_on: FailOn::At(songsheet::diagnostic::Severity::Error),
        baseline: None,
    };
    let mut out = Vec::new();
    write_report(format, &outcome.files, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn machine_readable_reports_need_only_the_lines_of_the_findings() {
    for format in [
        OutputFormat::Json,
        OutputFormat::Compact,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Junit,
        OutputFormat::Checkstyle,
        OutputFormat::Gitlab,
    ] {
        let whole = report(format, Retain::WholeFiles);
        assert!(
            whole.contains("brewline") || whole.contains("Brew"),
            "{format:?} reports findings"
        );
        // GitLab fingerprints (baseline keys) read the context around a finding.
        let contexts: &[bool] = match format {
            OutputFormat::Gitlab => &[true],
            _ => &[false, true],
        };
        for &with_context in contexts {
            let findings = report(format, Retain::Findings { with_context });
            assert_eq!(findings, whole, "{format:?}");
        }
    }
}
