//! SARIF 2.1.0: rule metadata from the rule table (with the rule's documentation as
//! help), one result per finding, and fixes where a rule has a safe one. Columns count
//! Unicode code points (`columnKind`), as everywhere in songsheet.

use super::FileResult;
use crate::diagnostic::{Applicability, Severity};
use crate::rules::RULES;
use serde_json::{json, Value};
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference (RFC 3986): unreserved characters and `/` stay,
/// everything else is percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The first paragraph of a rule's "What it does" section, for the short description.
fn what_it_does(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").find(|p| !p.trim().is_empty()))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Writes one SARIF log with one run.
pub fn write(files: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": what_it_does(r.doc)},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.default)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let positions = file.positions();
        for d in &file.diagnostics {
            let start = positions.at(d.offset);
            let end = positions.at(d.offset + d.length);
            let region = json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
                "byteOffset": d.offset,
                "byteLength": d.length,
            });
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&file.path)},
                    "region": region,
                }
            });
            let mut result = json!({
                "ruleId": d.rule.name(),
                "ruleIndex": d.rule as usize,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [location],
            });
            if let Some(entry) = &d.entry {
                result["properties"] = json!({"entry": entry});
            }
            if let Some(fix) = d
                .fix
                .as_ref()
                .filter(|f| f.applicability == Applicability::Safe)
            {
                let fs = positions.at(fix.offset);
                let fe = positions.at(fix.offset + fix.length);
                result["fixes"] = json!([{
                    "description": {"text": format!("Replace with \u{201c}{}\u{201d}", fix.replacement)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.path)},
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": fs.line,
                                "startColumn": fs.column,
                                "endLine": fe.line,
                                "endColumn": fe.column,
                                "byteOffset": fix.offset,
                                "byteLength": fix.length,
                            },
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "songsheet",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("docs/one pager.md"), "docs/one%20pager.md");
        assert_eq!(uri("sales/caf\u{e9}.md"), "sales/caf%C3%A9.md");
        assert_eq!(uri("a\\b.md"), "a/b.md");
    }
}
