//! `--format html`: one self-contained page (inline CSS and JS, no network) for the
//! people who own the glossary. Rendered with minijinja, which escapes every value.

use super::coverage::Coverage;
use super::FileResult;
use crate::coverage::{EntryKind, UseStatus};
use crate::diagnostic::{Applicability, Severity};
use minijinja::{context, Environment};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

const TEMPLATE: &str = include_str!("html/report.html");

#[derive(Serialize)]
struct Finding {
    id: usize,
    line: usize,
    column: usize,
    severity: &'static str,
    rule: &'static str,
    entry: Option<String>,
    message: String,
    help: Option<String>,
    before: Option<String>,
    after: Option<String>,
    fix_safe: bool,
}

#[derive(Serialize)]
struct Segment {
    text: String,
    /// Findings covering this piece of text, space-separated (empty: plain text).
    ids: String,
    /// The same as a list, for `aria-describedby`.
    described_by: String,
    severity: Option<&'static str>,
}

#[derive(Serialize)]
struct Document {
    index: usize,
    path: String,
    personas: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    findings: Vec<Finding>,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Count {
    name: String,
    count: usize,
}

#[derive(Serialize)]
struct MatrixRow {
    path: String,
    cells: Vec<&'static str>,
}

fn severity_name(s: Severity) -> &'static str {
    s.as_str()
}

/// Splits a document's text at every finding boundary; each piece lists the findings
/// covering it, so overlapping findings are all highlighted.
fn segments(source: &str, spans: &[(usize, usize, usize, Severity)]) -> Vec<Segment> {
    let mut cuts = vec![0, source.len()];
    for &(_, start, end, _) in spans {
        cuts.push(start.min(source.len()));
        cuts.push(end.min(source.len()));
    }
    cuts.retain(|&c| source.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a == b {
            continue;
        }
        let covering: Vec<&(usize, usize, usize, Severity)> = spans
            .iter()
            .filter(|(_, s, e, _)| *s <= a && b <= *e && s < e)
            .collect();
        out.push(Segment {
            text: source[a..b].to_string(),
            ids: covering
                .iter()
                .map(|(id, ..)| id.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            described_by: covering
                .iter()
                .map(|(id, ..)| format!("f{id}"))
                .collect::<Vec<_>>()
                .join(" "),
            severity: covering.iter().map(|(.., s)| *s).max().map(severity_name),
        });
    }
    out
}

/// Writes the report. `coverage` (uses of claims and promises per document) feeds the
/// summary's matrix.
pub fn write(files: &[FileResult], coverage: &Coverage, out: &mut dyn Write) -> io::Result<()> {
    let mut next_id = 0;
    let mut documents = Vec::new();
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut by_entry: BTreeMap<String, usize> = BTreeMap::new();
    let mut expired: Vec<(String, String, usize)> = Vec::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for (index, file) in files.iter().enumerate() {
        let positions = file.positions();
        let source = file.source.as_deref().unwrap_or("");
        let mut findings = Vec::new();
        let mut spans = Vec::new();
        for d in &file.diagnostics {
            let id = next_id;
            next_id += 1;
            let p = positions.at(d.offset);
            *by_rule.entry(d.rule.name()).or_default() += 1;
            if let Some(entry) = &d.entry {
                *by_entry
                    .entry(format!("{} ({})", entry, d.rule.name()))
                    .or_default() += 1;
                if d.rule == crate::rules::RuleId::ClaimExpired {
                    expired.push((entry.clone(), file.path.clone(), p.line));
                }
            }
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            let (before, after, fix_safe) = match &d.fix {
                Some(f) => (
                    source
                        .get(f.offset..f.offset + f.length)
                        .map(str::to_string),
                    Some(f.replacement.clone()),
                    f.applicability == Applicability::Safe,
                ),
                None => (None, None, false),
            };
            spans.push((id, d.offset, d.offset + d.length, d.severity));
            findings.push(Finding {
                id,
                line: p.line,
                column: p.column,
                severity: severity_name(d.severity),
                rule: d.rule.name(),
                entry: d.entry.clone(),
                message: d.message.clone(),
                help: d.help.clone(),
                before,
                after,
                fix_safe,
            });
        }
        let count = |s: Severity| file.diagnostics.iter().filter(|d| d.severity == s).count();
        documents.push(Document {
            index,
            path: file.path.clone(),
            personas: file.personas.join(" "),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            segments: segments(source, &spans),
            findings,
        });
    }
    let mut top_documents: Vec<Count> = documents
        .iter()
        .filter(|d| !d.findings.is_empty())
        .map(|d| Count {
            name: d.path.clone(),
            count: d.findings.len(),
        })
        .collect();
    top_documents.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    top_documents.truncate(10);
    let mut top_entries: Vec<Count> = by_entry
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    top_entries.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    top_entries.truncate(10);
    let rules: Vec<Count> = by_rule
        .into_iter()
        .map(|(name, count)| Count {
            name: name.to_string(),
            count,
        })
        .collect();
    // Documents × claims and promises: approved, mismatching, expired or missing.
    let columns: Vec<&super::coverage::EntryCoverage> = coverage
        .entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Claim | EntryKind::Promise))
        .collect();
    let matrix: Vec<MatrixRow> = files
        .iter()
        .filter(|f| {
            columns
                .iter()
                .any(|c| c.uses.iter().any(|u| u.path == f.path))
        })
        .map(|f| MatrixRow {
            path: f.path.clone(),
            cells: columns
                .iter()
                .map(|c| {
                    let statuses: Vec<UseStatus> = c
                        .uses
                        .iter()
                        .filter(|u| u.path == f.path)
                        .map(|u| u.status)
                        .collect();
                    if statuses.contains(&UseStatus::Mismatch) {
                        "mismatch"
                    } else if statuses.contains(&UseStatus::Expired) {
                        "expired"
                    } else if statuses.is_empty() {
                        "missing"
                    } else {
                        "approved"
                    }
                })
                .collect(),
        })
        .collect();
    let column_names: Vec<String> = columns.iter().map(|c| c.id.clone()).collect();
    let mut personas: Vec<&String> = files.iter().flat_map(|f| &f.personas).collect();
    personas.sort();
    personas.dedup();
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(io::Error::other)?;
    let template = env.get_template("report.html").map_err(io::Error::other)?;
    let html = template
        .render(context! {
            version => env!("CARGO_PKG_VERSION"),
            files => files.len(),
            errors, warnings, infos,
            total => next_id,
            rules,
            top_documents,
            top_entries,
            expired,
            columns => column_names,
            matrix,
            documents,
            personas,
        })
        .map_err(io::Error::other)?;
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules::RuleId;

    #[test]
    fn document_text_is_escaped() {
        let source = "<script>alert('x')</script> and <b>risk-free</b> & more";
        let at = source.find("risk-free").unwrap();
        let file = FileResult {
            path: "evil<path>.md".into(),
            source: Some(source.into()),
            excerpt: None,
            personas: vec!["cfo".into()],
            diagnostics: vec![Diagnostic {
                rule: RuleId::Banned,
                entry: Some("risk-free".into()),
                severity: Severity::Error,
                message: "“risk-free” is <banned>".into(),
                help: None,
                offset: at,
                length: 9,
                fix: None,
            }],
        };
        let mut out = Vec::new();
        write(&[file], &Coverage::build(std::iter::empty(), &[]), &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the report's own script"
        );
        assert!(html.contains("&lt;script&gt;alert("));
        assert!(html.contains("evil&lt;path&gt;.md"));
        assert!(html.contains("is &lt;banned&gt;"));
        assert!(
            html.contains("data-ids=\"0\""),
            "the finding is highlighted"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no network requests"
        );
    }
}
