//! `--format html`: one self-contained page (inline CSS and JS, no network) for the
//! people who own the glossary. Rendered with minijinja, which escapes every value.

use super::coverage::Coverage;
use super::FileResult;
use crate::coverage::{EntryKind, UseStatus};
use crate::diagnostic::{Applicability, Severity};
use minijinja::{context, Environment};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// A document's row in the by-document list that replaces a matrix too large for a
/// table: the ids of the claims and promises it uses, by what their uses were.
#[derive(Serialize)]
struct ByDocumentRow {
    path: String,
    mismatch: Vec<String>,
    expired: Vec<String>,
    approved: Vec<String>,
}

/// How many document and claim-or-promise pairs are in each state.
#[derive(Serialize, Default)]
struct MatrixCounts {
    documents: usize,
    entries: usize,
    mismatch: usize,
    expired: usize,
    approved: usize,
}

/// What a document's uses of one claim or promise were. The order is precedence: a
/// document with one mismatching use of an entry is shown as mismatching it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Cell {
    Missing,
    Approved,
    Expired,
    Mismatch,
}

impl Cell {
    fn of(status: UseStatus) -> Cell {
        match status {
            UseStatus::Approved => Cell::Approved,
            UseStatus::Expired => Cell::Expired,
            UseStatus::Mismatch => Cell::Mismatch,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Cell::Missing => "missing",
            Cell::Approved => "approved",
            Cell::Expired => "expired",
            Cell::Mismatch => "mismatch",
        }
    }
}

/// The most cells a matrix is drawn as a table with. A browser lays a table out as a
/// whole: 1,150 documents by 300 claims and promises (the benchmark glossary on the
/// corpus, 99 % of the cells empty) took headless Chromium about 30 s.
const MATRIX_TABLE_CELLS: usize = 10_000;
/// The most claims and promises a table has columns for; wider is not readable.
const MATRIX_TABLE_COLUMNS: usize = 40;

/// Documents × claims and promises, sparse: for each document that uses any, the
/// entries (by column) it uses and how.
struct Matrix {
    /// In the run's document order.
    rows: Vec<(String, BTreeMap<usize, Cell>)>,
}

impl Matrix {
    /// Each document's worst use of each claim and promise (`columns`).
    fn build(files: &[FileResult], columns: &[&super::coverage::EntryCoverage]) -> Matrix {
        let mut by_path: HashMap<&str, BTreeMap<usize, Cell>> = HashMap::new();
        for (column, entry) in columns.iter().enumerate() {
            for u in &entry.uses {
                let cell = by_path
                    .entry(u.path.as_str())
                    .or_default()
                    .entry(column)
                    .or_insert(Cell::Missing);
                *cell = (*cell).max(Cell::of(u.status));
            }
        }
        let rows = files
            .iter()
            .filter_map(|f| Some((f.path.clone(), by_path.remove(f.path.as_str())?)))
            .collect();
        Matrix { rows }
    }

    /// Every cell, when the matrix is small enough for a table.
    fn as_table(&self, columns: usize) -> Option<Vec<MatrixRow>> {
        let cells = self.rows.len().saturating_mul(columns);
        if columns > MATRIX_TABLE_COLUMNS || cells > MATRIX_TABLE_CELLS {
            return None;
        }
        Some(
            self.rows
                .iter()
                .map(|(path, used)| MatrixRow {
                    path: path.clone(),
                    cells: (0..columns)
                        .map(|c| used.get(&c).copied().unwrap_or(Cell::Missing).name())
                        .collect(),
                })
                .collect(),
        )
    }

    /// For each document, the claims and promises it uses, by state.
    fn by_document(&self, columns: &[&super::coverage::EntryCoverage]) -> Vec<ByDocumentRow> {
        self.rows
            .iter()
            .map(|(path, used)| {
                let ids = |wanted: Cell| {
                    used.iter()
                        .filter(|&(_, &cell)| cell == wanted)
                        .map(|(&c, _)| columns[c].id.clone())
                        .collect()
                };
                ByDocumentRow {
                    path: path.clone(),
                    mismatch: ids(Cell::Mismatch),
                    expired: ids(Cell::Expired),
                    approved: ids(Cell::Approved),
                }
            })
            .collect()
    }

    /// The pairs in each state, and how many documents and entries they span.
    fn counts(&self) -> MatrixCounts {
        let mut counts = MatrixCounts {
            documents: self.rows.len(),
            ..MatrixCounts::default()
        };
        let mut entries = BTreeSet::new();
        for (_, used) in &self.rows {
            for (&column, &cell) in used {
                entries.insert(column);
                match cell {
                    Cell::Mismatch => counts.mismatch += 1,
                    Cell::Expired => counts.expired += 1,
                    Cell::Approved => counts.approved += 1,
                    Cell::Missing => {}
                }
            }
        }
        counts.entries = entries.len();
        counts
    }
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
    let columns: Vec<&super::coverage::EntryCoverage> = coverage
        .entries
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::Claim | EntryKind::Promise))
        .collect();
    let matrix = Matrix::build(files, &columns);
    let matrix_table = matrix.as_table(columns.len());
    let matrix_by_document = match matrix_table {
        Some(_) => Vec::new(),
        None => matrix.by_document(&columns),
    };
    let column_names: Vec<String> = columns.iter().map(|c| c.id.clone()).collect();
    let mut personas: Vec<&String> = files.iter().flat_map(|f| &f.personas).collect();
    personas.sort();
    personas.dedup();
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(io::Error::other)?;
    let template = env.get_template("report.html").map_err(io::Error::other)?;
    // Rendered straight into the output: a large run's page is tens of MB, and a
    // string of it would double the memory that takes. Buffered, because the template
    // writes in small pieces and standard output flushes at every line.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    template
        .render_captured_to(
            context! {
                version => env!("CARGO_PKG_VERSION"),
                files => files.len(),
                errors, warnings, infos,
                total => next_id,
                rules,
                top_documents,
                top_entries,
                expired,
                columns => column_names,
                matrix_table,
                matrix_by_document,
                matrix_counts => matrix.counts(),
                documents,
                personas,
            },
            &mut out,
        )
        .map_err(write_error)?;
    out.flush()
}

/// A rendering error as an I/O error, keeping the kind of a failed write (a closed
/// pipe must stay a `BrokenPipe`, which `check` does not report as an error).
fn write_error(e: minijinja::Error) -> io::Error {
    use std::error::Error;
    let kind = e
        .source()
        .and_then(|s| s.downcast_ref::<io::Error>())
        .map_or(io::ErrorKind::Other, io::Error::kind);
    io::Error::new(kind, e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules::RuleId;

    use super::super::coverage::{EntryCoverage, Located};

    fn document(path: &str) -> FileResult {
        FileResult {
            path: path.into(),
            source: Some("Some copy.\n".into()),
            excerpt: None,
            personas: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// `claims` claims; `uses` are (claim, document path, status).
    fn coverage(claims: usize, uses: &[(usize, &str, UseStatus)]) -> Coverage {
        let entries = (0..claims)
            .map(|c| EntryCoverage {
                kind: EntryKind::Claim,
                id: format!("claim-{c}"),
                text: format!("Claim {c}."),
                uses: uses
                    .iter()
                    .filter(|(claim, ..)| *claim == c)
                    .map(|&(_, path, status)| Located {
                        path: path.into(),
                        line: 1,
                        status,
                        said: None,
                    })
                    .collect(),
            })
            .collect();
        Coverage {
            version: 1,
            files: 3,
            entries,
        }
    }

    fn render(files: &[FileResult], coverage: &Coverage) -> String {
        let mut out = Vec::new();
        write(files, coverage, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn cells(html: &str) -> Vec<&str> {
        html.split("<td class=\"cell cell-")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect()
    }

    #[test]
    fn a_small_matrix_is_a_table_with_the_worst_use_of_each_pair() {
        let files = [document("a.md"), document("b.md"), document("c.md")];
        let uses = [
            (0, "a.md", UseStatus::Approved),
            (0, "a.md", UseStatus::Mismatch),
            (1, "a.md", UseStatus::Expired),
            (1, "a.md", UseStatus::Approved),
            (1, "c.md", UseStatus::Approved),
        ];
        let html = render(&files, &coverage(2, &uses));
        assert!(html.contains("<div class=\"matrix\">"));
        assert!(!html.contains("<details"));
        // Rows in document order, only documents that use an entry (b.md uses none).
        assert_eq!(cells(&html), ["mismatch", "expired", "missing", "approved"]);
        assert!(html.contains("<th scope=\"row\">a.md</th>"));
        assert!(!html.contains("<th scope=\"row\">b.md</th>"));
    }

    #[test]
    fn a_large_matrix_is_a_list_by_document_with_its_counts() {
        let files = [document("a.md"), document("b.md"), document("c.md")];
        let claims = MATRIX_TABLE_COLUMNS + 1;
        let uses = [
            (3, "a.md", UseStatus::Mismatch),
            (40, "a.md", UseStatus::Approved),
            (7, "c.md", UseStatus::Expired),
            (3, "c.md", UseStatus::Approved),
            (3, "c.md", UseStatus::Mismatch),
            (9, "c.md", UseStatus::Mismatch),
        ];
        let html = render(&files, &coverage(claims, &uses));
        assert!(!html.contains("<div class=\"matrix\">"));
        assert!(cells(&html).is_empty(), "no table cell for each pair");
        assert!(html.contains(&format!(
            "2 documents use 4 of the {claims} claims and promises: \
             <strong class=\"cell-mismatch\">3 mismatching</strong>, \
             <strong class=\"cell-expired\">1 expired</strong>, 1 approved"
        )));
        assert!(html.contains(
            "<th scope=\"row\">a.md</th><td class=\"cell-mismatch\">claim-3</td>\
             <td class=\"cell-expired\"></td><td class=\"cell-approved\">claim-40</td>"
        ));
        assert!(html.contains(
            "<th scope=\"row\">c.md</th><td class=\"cell-mismatch\">claim-3, claim-9</td>\
             <td class=\"cell-expired\">claim-7</td><td class=\"cell-approved\"></td>"
        ));
        assert!(!html.contains("<th scope=\"row\">b.md</th>"));
    }

    #[test]
    fn many_documents_make_a_list_too() {
        let paths: Vec<String> = (0..=MATRIX_TABLE_CELLS / 2)
            .map(|i| format!("{i:05}.md"))
            .collect();
        let files: Vec<FileResult> = paths.iter().map(|p| document(p)).collect();
        let uses: Vec<(usize, &str, UseStatus)> = paths
            .iter()
            .map(|p| (0, p.as_str(), UseStatus::Approved))
            .collect();
        let html = render(&files, &coverage(2, &uses));
        assert!(html.contains("5001 documents use 1 of the 2 claims and promises"));
        assert!(cells(&html).is_empty());
    }

    #[test]
    fn a_large_glossary_that_no_document_uses_says_so() {
        let html = render(
            &[document("a.md")],
            &coverage(MATRIX_TABLE_COLUMNS + 1, &[]),
        );
        assert!(html.contains("<p>No document uses a claim or promise.</p>"));
        assert!(!html.contains("<details"));
    }

    /// A writer whose reader has gone, like `songsheet check --format html | head`.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_stays_a_broken_pipe() {
        // Larger than the writer's buffer, so that the pipe fails while rendering.
        let mut long = document("a.md");
        long.source = Some("Some copy.\n".repeat(20_000));
        let files = [long];
        let error = write(&files, &coverage(1, &[]), &mut ClosedPipe).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }

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
