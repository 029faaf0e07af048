//! Baselines: record today's findings so that a CI gate reports only new ones.
//!
//! A finding is identified by its path, rule, entry, the matched text and a little of
//! the text around it on its line — never by its line number — so edits above a finding
//! do not make it "new". Entries are matched as a multiset: three identical findings in a
//! file need three baseline entries.

use crate::diagnostic::{fingerprint, Diagnostic};
use crate::error::SetupError;
use crate::report::FileResult;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// How much of the line around a match is part of its identity.
const CONTEXT_CHARS: usize = 24;

/// The identity of one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FindingKey {
    /// The path as shown.
    pub path: String,
    /// The rule's name.
    pub rule: String,
    /// The glossary entry, if any.
    pub entry: Option<String>,
    /// The matched text, whitespace collapsed.
    pub matched: String,
    /// Up to 24 characters of the line before and after the match, whitespace collapsed.
    pub context: String,
}

impl FindingKey {
    /// The key of finding `d` in `file`.
    pub fn of(file: &FileResult, d: &Diagnostic) -> FindingKey {
        // The lines around the finding (the whole file, or the lines kept of it).
        let (source, base) = file.lines_around(d.offset..d.offset + d.length);
        let end = (d.offset + d.length).saturating_sub(base).min(source.len());
        let start = d.offset.saturating_sub(base).min(end);
        let matched = source.get(start..end).unwrap_or("");
        let line_start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line_end = source[end..]
            .find('\n')
            .map(|i| end + i)
            .unwrap_or(source.len());
        let before: String = source
            .get(line_start..start)
            .unwrap_or("")
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = source
            .get(end..line_end)
            .unwrap_or("")
            .chars()
            .take(CONTEXT_CHARS)
            .collect();
        let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        FindingKey {
            path: file.path.clone(),
            rule: d.rule.name().to_string(),
            entry: d.entry.clone(),
            matched: collapse(matched),
            context: format!("{}\u{2026}{}", collapse(&before), collapse(&after)),
        }
    }

    /// A stable hash of the key.
    pub fn fingerprint(&self) -> u64 {
        fingerprint(&[
            &self.path,
            &self.rule,
            self.entry.as_deref().unwrap_or(""),
            &self.matched,
            &self.context,
        ])
    }
}

/// A baseline file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// The recorded findings.
    pub findings: Vec<FindingKey>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselineStats {
    /// Findings hidden because the baseline has them.
    pub known: usize,
    /// Baseline entries that match no finding any more (fixed, or the text changed).
    pub stale: usize,
}

impl Baseline {
    /// The baseline of the current findings.
    pub fn of(files: &[FileResult]) -> Baseline {
        let mut findings: Vec<FindingKey> = files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| FindingKey::of(f, d)))
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.matched, &a.context)
                .cmp(&(&b.path, &b.rule, &b.matched, &b.context))
        });
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, SetupError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            SetupError::usage(
                format!("cannot read baseline {}: {e}", path.display()),
                Some("write one with `songsheet baseline --output FILE`"),
            )
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            SetupError::usage(
                format!("{} is not a songsheet baseline: {e}", path.display()),
                Some("write one with `songsheet baseline --output FILE`"),
            )
        })?;
        if baseline.version != 1 {
            return Err(SetupError::usage(
                format!(
                    "{} has baseline version {}; this songsheet reads version 1",
                    path.display(),
                    baseline.version
                ),
                Some("write a new one with `songsheet baseline --output FILE`"),
            ));
        }
        Ok(baseline)
    }

    /// Removes the findings the baseline knows from `files`; counts them and the stale
    /// entries.
    pub fn apply(&self, files: &mut [FileResult]) -> BaselineStats {
        let mut remaining: HashMap<&FindingKey, usize> = HashMap::new();
        for k in &self.findings {
            *remaining.entry(k).or_default() += 1;
        }
        let mut known = 0;
        for file in files.iter_mut() {
            let keys: Vec<FindingKey> = file
                .diagnostics
                .iter()
                .map(|d| FindingKey::of(file, d))
                .collect();
            let mut keep = Vec::with_capacity(file.diagnostics.len());
            for (d, key) in file.diagnostics.drain(..).zip(keys) {
                match remaining.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        known += 1;
                    }
                    _ => keep.push(d),
                }
            }
            file.diagnostics = keep;
        }
        BaselineStats {
            known,
            stale: remaining.values().sum(),
        }
    }
}
