//! JUnit XML (via `quick-junit`): one test case per file, failing when the file has a
//! finding at or above the run's fail-on level.

use super::{FileResult, ReportOptions};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

pub fn write(files: &[FileResult], options: ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut suite = TestSuite::new("songsheet");
    for file in files {
        let positions = file.positions();
        let lines: Vec<String> = file
            .diagnostics
            .iter()
            .map(|d| {
                let p = positions.at(d.offset);
                format!(
                    "{}:{}:{}: {}[{}] {}",
                    file.path,
                    p.line,
                    p.column,
                    d.severity,
                    d.rule.name(),
                    d.message
                )
            })
            .collect();
        let failing = file
            .diagnostics
            .iter()
            .filter(|d| options.fail_on.fails(d.severity))
            .count();
        let status = if failing > 0 {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(format!(
                "{failing} finding(s) at or above the fail-on level"
            ));
            s.set_type("songsheet");
            s.set_description(lines.join("\n"));
            s
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(file.path.clone(), status);
        case.set_classname("songsheet");
        if failing == 0 && !lines.is_empty() {
            case.set_system_out(lines.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("songsheet");
    report.add_test_suite(suite);
    report.serialize(&mut *out).map_err(io::Error::other)?;
    writeln!(out)
}
