//! The `coverage` report: each claim, promise, disclaimer and persona message with where
//! it is used, the entries never used, and the documents with expired or mismatching
//! uses. Formats: a readable table, JSON, CSV.

use crate::coverage::{EntryKind, EntryUse, UseStatus};
use crate::glossary::Glossary;
use serde::Serialize;
use std::io::{self, Write};

/// One entry and its uses across the run.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCoverage {
    /// Claim, promise, disclaimer or message.
    pub kind: EntryKind,
    /// The entry's id (the persona's for a message).
    pub id: String,
    /// The approved text (the message itself for a persona message).
    pub text: String,
    /// Every use, in path and line order.
    pub uses: Vec<Located>,
}

/// A use with the document it is in.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    /// The document's path as shown.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// Approved, mismatching or expired.
    pub status: UseStatus,
    /// The value as written, where there is one.
    pub said: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Format version of the JSON.
    pub version: u32,
    /// Documents checked.
    pub files: usize,
    /// Every entry, used or not, in glossary order.
    pub entries: Vec<EntryCoverage>,
}

impl Coverage {
    /// Builds the report from the glossaries in force and each document's uses.
    pub fn build<'a>(
        glossaries: impl IntoIterator<Item = &'a Glossary>,
        documents: &[(String, Vec<EntryUse>)],
    ) -> Coverage {
        let mut entries: Vec<EntryCoverage> = Vec::new();
        let mut add = |kind: EntryKind, id: &str, text: &str| {
            let known = entries
                .iter()
                .any(|e| e.kind == kind && e.id == id && e.text == text);
            if !known {
                entries.push(EntryCoverage {
                    kind,
                    id: id.to_string(),
                    text: text.to_string(),
                    uses: Vec::new(),
                });
            }
        };
        for g in glossaries {
            for c in &g.claims {
                add(EntryKind::Claim, &c.meta.id, &c.text);
            }
            for p in &g.promises {
                add(EntryKind::Promise, &p.meta.id, &p.text);
            }
            for d in &g.disclaimers {
                add(EntryKind::Disclaimer, &d.meta.id, &d.text);
            }
            for p in &g.personas {
                for m in &p.messages {
                    add(EntryKind::Message, &p.meta.id, m);
                }
            }
        }
        for (path, uses) in documents {
            for u in uses {
                let text = u.message.as_deref();
                let slot = entries.iter_mut().find(|e| {
                    e.kind == u.kind && e.id == u.entry && text.is_none_or(|t| t == e.text)
                });
                if let Some(e) = slot {
                    e.uses.push(Located {
                        path: path.clone(),
                        line: u.line,
                        status: u.status,
                        said: u.said.clone(),
                    });
                }
            }
        }
        Coverage {
            version: 1,
            files: documents.len(),
            entries,
        }
    }

    /// Entries with no use.
    pub fn unused(&self) -> impl Iterator<Item = &EntryCoverage> {
        self.entries.iter().filter(|e| e.uses.is_empty())
    }
}

fn label(e: &EntryCoverage) -> String {
    match e.kind {
        EntryKind::Message => format!("{} \u{201c}{}\u{201d}", e.id, e.text),
        _ => e.id.clone(),
    }
}

fn count(e: &EntryCoverage, status: UseStatus) -> usize {
    e.uses.iter().filter(|u| u.status == status).count()
}

fn places(e: &EntryCoverage) -> String {
    const SHOWN: usize = 4;
    let mut out: Vec<String> = e
        .uses
        .iter()
        .take(SHOWN)
        .map(|u| match (&u.status, &u.said) {
            (UseStatus::Approved, _) => format!("{}:{}", u.path, u.line),
            (UseStatus::Mismatch, Some(said)) => format!("{}:{} (says {said})", u.path, u.line),
            (UseStatus::Mismatch, None) => format!("{}:{} (differs)", u.path, u.line),
            (UseStatus::Expired, _) => format!("{}:{} (expired)", u.path, u.line),
        })
        .collect();
    if e.uses.len() > SHOWN {
        out.push(format!("and {} more", e.uses.len() - SHOWN));
    }
    out.join(", ")
}

/// The readable table.
pub fn write_table(c: &Coverage, out: &mut dyn Write) -> io::Result<()> {
    let width = c
        .entries
        .iter()
        .map(|e| label(e).chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let sections = [
        (
            "Claims and promises",
            &[EntryKind::Claim, EntryKind::Promise][..],
        ),
        ("Disclaimers", &[EntryKind::Disclaimer][..]),
        ("Persona messages", &[EntryKind::Message][..]),
    ];
    for (title, kinds) in sections {
        let rows: Vec<&EntryCoverage> = c
            .entries
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(out, "{title}")?;
        let statements = kinds.contains(&EntryKind::Claim);
        if statements {
            writeln!(
                out,
                "  {:width$}  uses  ok  mismatch  expired  where",
                "entry"
            )?;
        } else {
            writeln!(out, "  {:width$}  uses  where", "entry")?;
        }
        for e in rows {
            let name = label(e);
            let pad = width.saturating_sub(name.chars().count());
            let place = if e.uses.is_empty() {
                "never used".to_string()
            } else {
                places(e)
            };
            if statements {
                writeln!(
                    out,
                    "  {name}{:pad$}  {:>4}  {:>2}  {:>8}  {:>7}  {place}",
                    "",
                    e.uses.len(),
                    count(e, UseStatus::Approved),
                    count(e, UseStatus::Mismatch),
                    count(e, UseStatus::Expired),
                )?;
            } else {
                writeln!(out, "  {name}{:pad$}  {:>4}  {place}", "", e.uses.len())?;
            }
        }
        writeln!(out)?;
    }
    let unused: Vec<String> = c
        .unused()
        .map(|e| format!("{} {}", e.kind.as_str(), label(e)))
        .collect();
    writeln!(
        out,
        "Never used ({}): {}",
        unused.len(),
        if unused.is_empty() {
            "none".into()
        } else {
            unused.join(", ")
        }
    )?;
    let mut problems: Vec<(String, usize, String)> = Vec::new();
    for e in &c.entries {
        for u in e.uses.iter().filter(|u| u.status != UseStatus::Approved) {
            let what = match (u.status, &u.said) {
                (UseStatus::Expired, _) => format!("{} {} is expired", e.kind.as_str(), e.id),
                (_, Some(said)) => format!("{} {} says {said}", e.kind.as_str(), e.id),
                (_, None) => format!("{} {} differs", e.kind.as_str(), e.id),
            };
            problems.push((u.path.clone(), u.line, what));
        }
    }
    problems.sort();
    writeln!(
        out,
        "Documents with expired or mismatching uses ({}):",
        problems.len()
    )?;
    for (path, line, what) in problems {
        writeln!(out, "  {path}:{line}  {what}")?;
    }
    writeln!(out, "({} documents checked)", c.files)
}

/// JSON.
pub fn write_json(c: &Coverage, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, c)?;
    writeln!(out)
}

/// CSV: one row per use, and one row with an empty path per unused entry.
pub fn write_csv(c: &Coverage, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "kind,entry,text,path,line,status,said")?;
    for e in &c.entries {
        if e.uses.is_empty() {
            writeln!(
                out,
                "{},{},{},,,unused,",
                e.kind.as_str(),
                csv(&e.id),
                csv(&e.text)
            )?;
        }
        for u in &e.uses {
            let status = match u.status {
                UseStatus::Approved => "approved",
                UseStatus::Mismatch => "mismatch",
                UseStatus::Expired => "expired",
            };
            writeln!(
                out,
                "{},{},{},{},{},{status},{}",
                e.kind.as_str(),
                csv(&e.id),
                csv(&e.text),
                csv(&u.path),
                u.line,
                csv(u.said.as_deref().unwrap_or(""))
            )?;
        }
    }
    Ok(())
}

/// Quotes a CSV field when needed (RFC 4180), and defuses text that a spreadsheet
/// would run as a formula.
fn csv(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::csv;

    #[test]
    fn csv_quoting_and_formula_defusing() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, b"), "\"a, b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("=SUM(A1)"), "'=SUM(A1)");
    }
}
