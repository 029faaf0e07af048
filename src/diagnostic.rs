//! Findings: what a rule reports, where, and how it could be fixed.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::rules::RuleId;

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// The result of applying fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The text with the fixes applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Fixes skipped because they overlapped one applied before them.
    pub conflicts: usize,
}

/// Applies the fixes of `diagnostics` to `source`: safe ones, and unsafe ones too when
/// `include_unsafe`. Fixes are applied in offset order; one that overlaps a fix already
/// applied, or that does not lie on character boundaries, is skipped. Every byte outside
/// the fixed spans is kept.
pub fn apply_fixes(source: &str, diagnostics: &[Diagnostic], include_unsafe: bool) -> Fixed {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| include_unsafe || f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|f| (f.offset, f.length));
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    let mut applied = 0;
    let mut conflicts = 0;
    for fix in fixes {
        let end = fix.offset.saturating_add(fix.length);
        let valid = fix.offset >= at
            && end <= source.len()
            && source.is_char_boundary(fix.offset)
            && source.is_char_boundary(end);
        if !valid {
            conflicts += 1;
            continue;
        }
        text.push_str(&source[at..fix.offset]);
        text.push_str(&fix.replacement);
        at = end;
        applied += 1;
    }
    text.push_str(&source[at..]);
    Fixed {
        text,
        applied,
        conflicts,
    }
}

/// A stable 64-bit FNV-1a hash of some text fields (for report fingerprints and
/// baselines): the same fields give the same number on every machine and version.
pub fn fingerprint(fields: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in fields {
        for &b in field.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_fix(offset: usize, length: usize, replacement: &str, safe: bool) -> Diagnostic {
        Diagnostic {
            rule: RuleId::Term,
            entry: None,
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            offset,
            length,
            fix: Some(Fix {
                offset,
                length,
                replacement: replacement.into(),
                applicability: if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
            }),
        }
    }

    #[test]
    fn fixes_apply_in_order_and_keep_other_bytes() {
        let d = [with_fix(6, 3, "AAA", true), with_fix(0, 1, "x", true)];
        let fixed = apply_fixes("a\r\nb  bbb c", &d, false);
        assert_eq!(fixed.text, "x\r\nb  AAA c");
        assert_eq!(fixed.applied, 2);
    }

    #[test]
    fn overlapping_fixes_are_skipped_and_counted() {
        let d = [with_fix(0, 4, "x", true), with_fix(2, 4, "y", true)];
        let fixed = apply_fixes("abcdefg", &d, false);
        assert_eq!(fixed.text, "xefg");
        assert_eq!((fixed.applied, fixed.conflicts), (1, 1));
    }

    #[test]
    fn fingerprints_are_stable_and_field_separated() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let d = [with_fix(0, 1, "x", false)];
        assert_eq!(apply_fixes("abc", &d, false).text, "abc");
        assert_eq!(apply_fixes("abc", &d, true).text, "xbc");
    }
}
