//! GitLab Code Quality report: a JSON array of issues with a stable fingerprint.

use super::FileResult;
use crate::baseline::FindingKey;
use crate::diagnostic::Severity;
use serde_json::json;
use std::io::{self, Write};

pub fn write(files: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    let mut issues = Vec::new();
    for file in files {
        let positions = file.positions();
        for d in &file.diagnostics {
            let p = positions.at(d.offset);
            let severity = match d.severity {
                Severity::Error => "critical",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            issues.push(json!({
                "description": d.message,
                "check_name": d.rule.name(),
                // Stable across edits elsewhere in the file: no line number in it.
                "fingerprint": format!("{:016x}", FindingKey::of(file, d).fingerprint()),
                "severity": severity,
                "location": {"path": file.path, "lines": {"begin": p.line}},
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
