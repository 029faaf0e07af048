//! The JSON document of DESIGN §4: version, summary, diagnostics sorted by path,
//! offset, rule.

use super::{FileResult, ReportOptions};
use crate::diagnostic::Applicability;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Diagnostics<'a>,
}

/// Every file's findings, serialized one by one as they are converted: a report of a
/// hundred thousand findings is never held twice in memory.
struct Diagnostics<'a>(&'a [FileResult]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().flat_map(|file| {
            let positions = file.positions();
            file.diagnostics
                .iter()
                .map(move |d| json_diagnostic(file, &positions, d))
        }))
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineSummary>,
}

/// Present only when `--baseline` was given (an extension of DESIGN §4).
#[derive(Serialize)]
struct BaselineSummary {
    known: usize,
    stale: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'static str,
    entry: Option<&'a str>,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    matched: &'a str,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    offset: usize,
    length: usize,
    replacement: &'a str,
}

fn json_diagnostic<'a>(
    file: &'a FileResult,
    positions: &super::Positions<'_>,
    d: &'a crate::diagnostic::Diagnostic,
) -> JsonDiagnostic<'a> {
    let start = positions.at(d.offset);
    let end = positions.at(d.offset + d.length);
    JsonDiagnostic {
        path: &file.path,
        rule: d.rule.name(),
        entry: d.entry.as_deref(),
        severity: d.severity.as_str(),
        message: &d.message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: d.offset,
        length: d.length,
        matched: file.text(d.offset..d.offset + d.length),
        fix: d
            .fix
            .as_ref()
            .filter(|f| f.applicability == Applicability::Safe)
            .map(|f| JsonFix {
                offset: f.offset,
                length: f.length,
                replacement: &f.replacement,
            }),
    }
}

pub fn write(files: &[FileResult], options: ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let (errors, warnings, infos) = crate::engine::count(files.iter().flat_map(|f| &f.diagnostics));
    let report = Report {
        version: 1,
        summary: Summary {
            files: files.len(),
            errors,
            warnings,
            infos,
            baseline: options.baseline.map(|b| BaselineSummary {
                known: b.known,
                stale: b.stale,
            }),
        },
        diagnostics: Diagnostics(files),
    };
    // serde_json writes token by token: through a buffer of a known type those writes
    // are copies, not a call through `dyn Write` each.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut buffered, &report)?;
    writeln!(buffered)?;
    buffered.flush()
}
