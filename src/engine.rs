//! The per-file pipeline: decode → parse → match → rules → suppress → sort. Pure: it
//! never prints and never touches the file system.

use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::{self, Format, ParseOptions};
use crate::rules::{drift, Context, DocKind, RuleId, Status, RULES};
use crate::settings::Settings;
use crate::source::LineIndex;
use std::path::Path;

/// What the command line says about every file of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// `--kind`, overriding front matter and `[[paths]]`.
    pub kind: Option<DocKind>,
    /// `--persona`, overriding front matter and `[[paths]]`.
    pub personas: Vec<String>,
    /// The date claims' expiry is judged against.
    pub today: jiff::civil::Date,
    /// Whether to collect where glossary entries are used (for `coverage`).
    pub coverage: bool,
}

/// Why bytes are not checkable text.
pub fn decode(bytes: &[u8]) -> Result<&str, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text; re-save it as UTF-8".into());
    }
    // memchr, not a byte loop: this reads every byte of every file checked.
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(format!(
            "the file looks binary (a NUL byte at offset {at}); songsheet reads UTF-8 text"
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {}); re-save it as UTF-8",
            e.valid_up_to()
        )
    })
}

/// An `unreadable` finding for a file that could not be read or decoded.
pub fn unreadable(settings: &Settings, message: String) -> Option<Diagnostic> {
    let severity = settings.levels.get(RuleId::Unreadable)?;
    Some(Diagnostic {
        rule: RuleId::Unreadable,
        entry: None,
        severity,
        message,
        help: None,
        offset: 0,
        length: 0,
        fix: None,
    })
}

/// Checks bytes read from `path`: decodes, then [`check_source`].
pub fn check_bytes(
    path: &Path,
    bytes: &[u8],
    settings: &Settings,
    options: &RunOptions,
) -> Vec<Diagnostic> {
    match decode(bytes) {
        Ok(source) => check_source(path, source, settings, options),
        Err(message) => unreadable(settings, message).into_iter().collect(),
    }
}

/// Checks one document. `path` decides the format (`.mdx`, `.txt`) and `[[paths]]`.
/// Run-wide rules (`drift`) need [`analyze`] and [`compare_documents`].
pub fn check_source(
    path: &Path,
    source: &str,
    settings: &Settings,
    options: &RunOptions,
) -> Vec<Diagnostic> {
    analyze(path, source, &LineIndex::new(source), settings, options).diagnostics
}

/// What checking one document produced: its findings, and the statements the run-wide
/// `drift` comparison needs.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Findings of the per-document rules, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Statements with quantities, for [`compare_documents`].
    pub drift: Vec<drift::Candidate>,
    /// Uses of glossary entries, when [`RunOptions::coverage`] asks for them.
    pub coverage: Vec<crate::coverage::EntryUse>,
    /// The personas the document was checked for.
    pub personas: Vec<String>,
}

/// Parses a document into prose blocks as collateral (every block is prose; no
/// speaker turns), with the settings' front matter fields and placeholders.
pub fn parse_as_collateral(path: &Path, source: &str, settings: &Settings) -> markdown::Document {
    let index = LineIndex::new(source);
    let front_matter = markdown::front_matter(source, &settings.frontmatter_fields);
    let parse_options = ParseOptions {
        format: Format::from_path(path),
        masker: &settings.masker,
        speakers: None,
    };
    markdown::parse_document(source, front_matter, parse_options, &index)
}

/// Markdown descriptions of the glossary entries matched at byte `offset` of a document
/// (for editor hovers): the approved wording, its source and expiry.
pub fn describe_entries_at(
    path: &Path,
    source: &str,
    settings: &Settings,
    offset: usize,
) -> Vec<String> {
    use crate::glossary::matcher::{HitKind, Target};
    let document = parse_as_collateral(path, source, settings);
    let (hits, _) = match_blocks(settings, &document);
    let g = &settings.glossary;
    let mut out = Vec::new();
    for h in &hits {
        let span = document.blocks[h.block].source_range(h.range.clone());
        if !(span.start <= offset && offset <= span.end) {
            continue;
        }
        let text = match &h.kind {
            HitKind::Statement { kind, index, .. } => {
                let s = match kind {
                    crate::glossary::StatementKind::Claim => &g.claims[*index],
                    crate::glossary::StatementKind::Promise => &g.promises[*index],
                };
                let what = match kind {
                    crate::glossary::StatementKind::Claim => "claim",
                    crate::glossary::StatementKind::Promise => "promise",
                };
                let mut lines = vec![
                    format!("**songsheet {what} `{}`**", s.meta.id),
                    String::new(),
                    format!("Approved: \u{201c}{}\u{201d}", s.text),
                ];
                if let Some(v) = &s.value {
                    lines.push(format!("Value: {}", v.text));
                }
                if let Some(src) = &s.source {
                    lines.push(format!("Source: {src}"));
                }
                if let Some(e) = s.expires {
                    lines.push(format!("Expires: {e}"));
                }
                if !s.personas.is_empty() {
                    lines.push(format!("For: {}", s.personas.join(", ")));
                }
                lines.push(format!("From: {}:{}", s.meta.origin, s.meta.line));
                lines.join("  \n")
            }
            HitKind::Phrase(Target::TermVariant(t)) => {
                let t = &g.terms[*t];
                format!(
                    "**songsheet term `{}`**  \nWrite \u{201c}{}\u{201d}  \nFrom: {}:{}",
                    t.meta.id, t.use_form, t.meta.origin, t.meta.line
                )
            }
            HitKind::Phrase(Target::Banned(b)) => {
                let b = &g.banned[*b];
                format!(
                    "**songsheet banned `{}`**  \n{}",
                    b.meta.id,
                    b.meta
                        .message
                        .as_deref()
                        .unwrap_or("This phrase is banned.")
                )
            }
            HitKind::Phrase(_) => continue,
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// Every glossary match in `document`, and the block quantities found on the way
/// (the rules that read numbers reuse them).
fn match_blocks(
    settings: &Settings,
    document: &markdown::Document,
) -> (
    Vec<crate::glossary::matcher::Hit>,
    crate::quantity::QuantitySpans,
) {
    let mut hits = Vec::new();
    let quantities = crate::quantity::QuantitySpans::new(document.blocks.len());
    settings
        .matcher
        .scan_blocks(&settings.glossary, &document.blocks, &quantities, &mut hits);
    // The rules read hits block by block (`Context::hits_in`). The matcher scans blocks
    // in order, so this only checks; a stable sort keeps each block's own order.
    if !hits.is_sorted_by_key(|h| h.block) {
        hits.sort_by_key(|h| h.block);
    }
    (hits, quantities)
}

/// Builds every automaton the checks build once per process (the quantity grammar,
/// URLs). A run starts this on a second thread while it loads the
/// glossary: otherwise the first file checked pays for it.
pub fn warm_up() {
    markdown::warm_up();
    crate::quantity::warm_up();
}

/// Checks one document and collects its statements for the run-wide comparison.
/// `index` is `source`'s line index (the caller keeps it for the report's excerpts).
pub fn analyze(
    path: &Path,
    source: &str,
    index: &LineIndex,
    settings: &Settings,
    options: &RunOptions,
) -> Analysis {
    let front_matter = markdown::front_matter(source, &settings.frontmatter_fields);
    let class = settings.classify(path);
    let kind = options
        .kind
        .or_else(|| {
            front_matter
                .as_ref()
                .and_then(|fm| fm.kind.as_deref())
                .and_then(DocKind::parse)
        })
        .or(class.and_then(|c| c.kind))
        .unwrap_or(DocKind::Collateral);
    let (personas, persona_span) = if !options.personas.is_empty() {
        (options.personas.clone(), None)
    } else if let Some(fm) = front_matter.as_ref().filter(|fm| !fm.personas.is_empty()) {
        (fm.personas.clone(), fm.persona_key.clone())
    } else {
        (class.map(|c| c.personas.clone()).unwrap_or_default(), None)
    };
    let parse_options = ParseOptions {
        format: Format::from_path(path),
        masker: &settings.masker,
        speakers: (kind == DocKind::Script).then_some(&settings.speakers),
    };
    let front_matter_error = front_matter.as_ref().and_then(|fm| fm.error.clone());
    let document = markdown::parse_document(source, front_matter, parse_options, index);
    let (hits, quantities) = match_blocks(settings, &document);
    let ctx = Context::new(
        source,
        &document,
        &settings.glossary,
        &hits,
        &personas,
        persona_span,
        kind,
        options.today,
        &settings.levels,
        quantities,
    );
    let mut out = Vec::new();
    // Broken front matter would silently drop the document's persona and kind.
    if let Some((error, offset)) = front_matter_error {
        if let Some(mut d) = unreadable(
            settings,
            format!("the front matter cannot be read ({error}); its persona, kind and copy fields were not checked"),
        ) {
            d.offset = offset;
            out.push(d);
        }
    }
    for rule in RULES {
        if let Status::Check(check) = rule.status {
            check(&ctx, &mut out);
        }
    }
    let mut used = vec![false; document.suppressions.comments().len()];
    out.retain(|d| {
        let line = index.line_of(d.offset);
        match document
            .suppressions
            .suppressor(d.rule.name(), d.offset, line)
        {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    let drift = match settings.levels.get(RuleId::Drift) {
        Some(_) => drift::candidates(&ctx, index),
        None => Vec::new(),
    };
    for i in drift.iter().filter_map(|c| c.suppressed_by) {
        used[i] = true;
    }
    unused_suppressions(&document, &used, settings, &mut out);
    sort(&mut out);
    let coverage = match options.coverage {
        true => crate::coverage::collect(&ctx, index),
        false => Vec::new(),
    };
    Analysis {
        diagnostics: out,
        drift,
        coverage,
        personas: personas.clone(),
    }
}

/// `unused-suppression`: a disable or disable-next-line comment that hid nothing.
fn unused_suppressions(
    document: &markdown::Document,
    used: &[bool],
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    let Some(severity) = settings.levels.get(RuleId::UnusedSuppression) else {
        return;
    };
    for (comment, used) in document.suppressions.comments().iter().zip(used) {
        if *used || matches!(comment.directive, markdown::suppress::Directive::Enable(_)) {
            continue;
        }
        let unknown: Vec<&str> = comment
            .directive
            .rules()
            .iter()
            .filter(|r| RuleId::from_name(r).is_none())
            .map(String::as_str)
            .collect();
        let mut message = "this suppression comment hides no finding; remove it".to_string();
        if !unknown.is_empty() {
            message.push_str(&format!(
                " (no rule is called {})",
                unknown
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push(Diagnostic {
            rule: RuleId::UnusedSuppression,
            entry: None,
            severity,
            message,
            help: Some(
                "a comment that hides nothing makes it harder to see what is really suppressed"
                    .into(),
            ),
            offset: comment.range.start,
            length: comment.range.end - comment.range.start,
            fix: None,
        });
    }
}

/// The run-wide comparison: adds `drift` findings to the documents they concern.
/// `documents` holds each document's path as shown, its drift level and its analysis.
pub fn compare_documents(documents: &mut [(String, Option<Severity>, Analysis)]) {
    let found = {
        let statements: Vec<drift::DocumentStatements<'_>> = documents
            .iter()
            .map(|(path, level, analysis)| drift::DocumentStatements {
                path,
                level: *level,
                candidates: &analysis.drift,
            })
            .collect();
        drift::compare(&statements)
    };
    let mut touched = Vec::new();
    for (d, diagnostic) in found {
        documents[d].2.diagnostics.push(diagnostic);
        touched.push(d);
    }
    touched.sort_unstable();
    touched.dedup();
    for d in touched {
        sort(&mut documents[d].2.diagnostics);
    }
}

/// Sorts findings of one file by offset, then rule name, then entry: the order of the
/// output (DESIGN §4: "sorted by path, offset, rule").
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.offset, a.rule.name(), &a.entry, a.length, &a.message).cmp(&(
            b.offset,
            b.rule.name(),
            &b.entry,
            b.length,
            &b.message,
        ))
    });
}

/// Counts findings by severity: (errors, warnings, infos).
pub fn count<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for d in diagnostics {
        match d.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

/// One `examples.flag` / `examples.pass` text of a glossary entry, and how it fared.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    /// The entry's id.
    pub entry: String,
    /// Where the entry was loaded from.
    pub origin: String,
    /// The example text.
    pub text: String,
    /// `true` for `examples.flag`, `false` for `examples.pass`.
    pub should_flag: bool,
    /// Findings of this entry in the example.
    pub findings: Vec<Diagnostic>,
}

impl ExampleOutcome {
    /// Whether the example behaved as the glossary says it must.
    pub fn passed(&self) -> bool {
        let flagged = !self.findings.is_empty();
        self.should_flag == flagged
    }
}

/// Runs every entry's examples: each text is checked as a Markdown document (for a
/// persona entry, as written for that persona) against that entry alone, with the
/// disclaimers and personas it refers to: an example tests its own entry, whatever
/// else the glossary holds.
pub fn run_examples(settings: &Settings, today: jiff::civil::Date) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for (meta, persona) in settings.glossary.entries() {
        if meta.flag_examples.is_empty() && meta.pass_examples.is_empty() {
            continue;
        }
        let alone = settings.with_other_glossary(settings.glossary.only(&meta.id));
        let options = RunOptions {
            kind: None,
            personas: persona.map(|p| vec![p.to_string()]).unwrap_or_default(),
            today,
            coverage: false,
        };
        let cases = meta
            .flag_examples
            .iter()
            .map(|t| (t, true))
            .chain(meta.pass_examples.iter().map(|t| (t, false)));
        for (text, should_flag) in cases {
            let findings = check_source(Path::new("example.md"), text, &alone, &options)
                .into_iter()
                .filter(|d| d.entry.as_deref() == Some(meta.id.as_str()))
                .collect();
            out.push(ExampleOutcome {
                entry: meta.id.clone(),
                origin: meta.origin.to_string(),
                text: text.clone(),
                should_flag,
                findings,
            });
        }
    }
    out
}
