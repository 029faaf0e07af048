//! Emitters: the only place findings are written. One module per format.

mod checkstyle;
mod compact;
pub mod coverage;
pub mod excerpt;
mod github;
mod gitlab;
pub mod html;
mod json;
mod junit;
mod pretty;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Position};
use std::io::{self, Write};

/// The findings of one file, with its text (or the lines of it that hold the findings)
/// for positions and snippets.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as shown (as given on the command line; stdin: `--stdin-filename` or `-`).
    pub path: String,
    /// The file's text, when it could be read and the report shows snippets.
    pub source: Option<String>,
    /// When `source` was not kept: the lines that hold the findings.
    pub excerpt: Option<excerpt::Excerpt>,
    /// Findings, sorted by offset then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// The personas the document was checked for (for the HTML report's filter).
    pub personas: Vec<String>,
}

impl FileResult {
    /// Line/column of a byte offset (1:1 when the file could not be read).
    pub fn positions(&self) -> Positions<'_> {
        match (&self.source, &self.excerpt) {
            (None, Some(excerpt)) => Positions::Excerpt(excerpt),
            (source, _) => {
                let source = source.as_deref().unwrap_or("");
                Positions::Full {
                    source,
                    index: LineIndex::new(source),
                }
            }
        }
    }

    /// The file's text in `range` ("" when it is not known).
    pub fn text(&self, range: std::ops::Range<usize>) -> &str {
        match (&self.source, &self.excerpt) {
            (Some(source), _) => source.get(range).unwrap_or(""),
            (None, Some(excerpt)) => excerpt.text(range).unwrap_or(""),
            (None, None) => "",
        }
    }

    /// The whole lines around `range`, and the byte offset they start at.
    pub fn lines_around(&self, range: std::ops::Range<usize>) -> (&str, usize) {
        match (&self.source, &self.excerpt) {
            (Some(source), _) => (source.as_str(), 0),
            (None, Some(excerpt)) => {
                let start = range.start;
                excerpt.lines_around(range).unwrap_or(("", start))
            }
            (None, None) => ("", range.start),
        }
    }
}

/// Converts offsets of one file to positions.
pub enum Positions<'a> {
    /// From the whole text.
    Full {
        /// The file's text.
        source: &'a str,
        /// Its line starts.
        index: LineIndex,
    },
    /// From the kept lines.
    Excerpt(&'a excerpt::Excerpt),
}

impl Positions<'_> {
    /// The position of a byte offset.
    pub fn at(&self, offset: usize) -> Position {
        match self {
            Positions::Full { source, index } => index.position(source, offset),
            Positions::Excerpt(e) => e.position(offset),
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable reports with the source line and the span underlined.
    Pretty,
    /// One line per finding: `path:line:column: severity[rule] message`.
    Compact,
    /// The JSON document of DESIGN §4.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML: one test case per file.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// A self-contained HTML report for people (use with --output).
    Html,
}

impl OutputFormat {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Pretty => "pretty",
            OutputFormat::Compact => "compact",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
            OutputFormat::Junit => "junit",
            OutputFormat::Checkstyle => "checkstyle",
            OutputFormat::Gitlab => "gitlab",
            OutputFormat::Html => "html",
        }
    }
}

/// How to write a report.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// Use colour (pretty only).
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
    /// The level at which a finding fails the run (JUnit marks such files failed).
    pub fail_on: crate::settings::FailOn,
    /// What a baseline hid, when one was used (shown in the summary).
    pub baseline: Option<crate::baseline::BaselineStats>,
}

/// Writes every file's findings in `format`. `files` must be sorted by path.
pub fn write_report(
    format: OutputFormat,
    files: &[FileResult],
    options: ReportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Pretty => pretty::write(files, options, out),
        OutputFormat::Compact => compact::write(files, out),
        OutputFormat::Json => json::write(files, options, out),
        OutputFormat::Sarif => sarif::write(files, out),
        OutputFormat::Github => github::write(files, out),
        OutputFormat::Junit => junit::write(files, options, out),
        OutputFormat::Checkstyle => checkstyle::write(files, out),
        OutputFormat::Gitlab => gitlab::write(files, out),
        OutputFormat::Html => {
            let coverage = coverage::Coverage::build(std::iter::empty(), &[]);
            html::write(files, &coverage, out)
        }
    }
}
