//! Findings: what a rule reports, where, and how it could be fixed.

use serde::Serialize;
use std::fmt;

use crate::rules::RuleId;

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-on info`.
    Info,
    /// Should be fixed.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The lower-case name used in configs and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// One unambiguous replacement.
    Safe,
    /// A judgement call, or text whose change may break something (heading anchors, links).
    Unsafe,
}

/// One replacement of a byte range of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte offset into the file as read.
    pub offset: usize,
    /// Number of bytes replaced.
    pub length: usize,
    /// The text written instead.
    pub replacement: String,
    /// Whether the fix is safe to apply automatically.
    pub applicability: Applicability,
}

/// A finding, located by byte offsets into the file as read (a BOM counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that fired.
    pub rule: RuleId,
    /// The glossary entry that fired (the persona for `persona-*`), if any.
    pub entry: Option<String>,
    /// Severity after configuration.
    pub severity: Severity,
    /// A plain-words message for the people who own the copy.
    pub message: String,
    /// What to write instead, or where the approved wording comes from.
    pub help: Option<String>,
    /// Byte offset of the start of the finding.
    pub offset: usize,
    /// Length in bytes of the finding.
    pub length: usize,
    /// A fix, when there is one.
    pub fix: Option<Fix>,
}
