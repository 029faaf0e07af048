//! Auditing a glossary: entries that cannot work as written, and examples that do not
//! behave. Used by `songsheet glossary check`.

use crate::engine::run_examples;
use crate::glossary::matcher::HitKind;
use crate::glossary::{EntryMeta, Statement, StatementKind};
use crate::markdown::block::{BlockBuilder, BlockKind};
use crate::quantity;
use crate::settings::Settings;

/// How serious a glossary note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteLevel {
    /// The entry works, but probably not as intended.
    Warning,
    /// An example fails: the entry does not do what its own tests say.
    Error,
}

/// One problem found in a glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Warning or error.
    pub level: NoteLevel,
    /// The entry's id.
    pub entry: String,
    /// The file the entry comes from.
    pub origin: String,
    /// The entry's line in that file.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

fn note(level: NoteLevel, meta: &EntryMeta, message: String) -> Note {
    Note {
        level,
        entry: meta.id.clone(),
        origin: meta.origin.to_string(),
        line: meta.line,
        message,
    }
}

/// Audits every entry and runs every example. Notes come in file and line order.
pub fn audit(settings: &Settings, today: jiff::civil::Date) -> Vec<Note> {
    let glossary = &settings.glossary;
    let mut notes = Vec::new();
    for (kind, list) in [
        (StatementKind::Claim, &glossary.claims),
        (StatementKind::Promise, &glossary.promises),
    ] {
        for (index, s) in list.iter().enumerate() {
            let what = match kind {
                StatementKind::Claim => "claim",
                StatementKind::Promise => "promise",
            };
            if !matches_own_text(settings, kind, index, s) {
                notes.push(note(
                    NoteLevel::Warning,
                    &s.meta,
                    format!(
                        "none of the patterns of {what} `{}` matches its own text \u{201c}{}\u{201d}; uses written like the approved text will not be checked",
                        s.meta.id, s.text
                    ),
                ));
            }
            if let Some(value) = &s.value {
                if !text_states_value(&s.text, &value.quantity) {
                    notes.push(note(
                        NoteLevel::Warning,
                        &s.meta,
                        format!(
                            "the text of {what} `{}` does not state its value {}; check that `text` and `value` agree",
                            s.meta.id, value.text
                        ),
                    ));
                }
            }
            if let Some(expires) = s.expires {
                if today > expires {
                    notes.push(note(
                        NoteLevel::Warning,
                        &s.meta,
                        format!(
                            "claim `{}` expired on {expires}: every use is reported by claim-expired; renew or remove it",
                            s.meta.id
                        ),
                    ));
                }
            }
        }
    }
    for p in &glossary.personas {
        if p.messages.is_empty() {
            notes.push(note(
                NoteLevel::Warning,
                &p.meta,
                format!(
                    "persona `{}` has no messages, so persona-message-missing cannot check its collateral",
                    p.meta.id
                ),
            ));
        }
    }
    let metas = glossary.entries();
    for outcome in run_examples(settings, today) {
        if outcome.passed() {
            continue;
        }
        let Some((meta, _)) = metas.iter().find(|(m, _)| m.id == outcome.entry) else {
            continue;
        };
        let message = if outcome.should_flag {
            format!(
                "example \u{201c}{}\u{201d} of `{}` should be flagged, but no finding of this entry fires",
                outcome.text, outcome.entry
            )
        } else {
            let first = outcome
                .findings
                .first()
                .map(|d| format!(" ({}: {})", d.rule.name(), d.message))
                .unwrap_or_default();
            format!(
                "example \u{201c}{}\u{201d} of `{}` should pass, but is flagged{first}",
                outcome.text, outcome.entry
            )
        };
        notes.push(note(NoteLevel::Error, meta, message));
    }
    notes.sort_by(|a, b| (&a.origin, a.line, &a.message).cmp(&(&b.origin, b.line, &b.message)));
    notes
}

/// Whether one of the statement's patterns matches its own `text`.
fn matches_own_text(settings: &Settings, kind: StatementKind, index: usize, s: &Statement) -> bool {
    let mut builder = BlockBuilder::new(BlockKind::Paragraph);
    builder.push_source(&s.text, 0);
    let Some(block) = builder.finish(|_| Vec::new()) else {
        return false;
    };
    let mut hits = Vec::new();
    settings.matcher.scan_blocks(
        &settings.glossary,
        [&block],
        &crate::quantity::QuantitySpans::new(1),
        &mut hits,
    );
    hits.iter().any(|h| {
        matches!(&h.kind, HitKind::Statement { kind: k, index: i, .. } if *k == kind && *i == index)
    })
}

/// Whether some quantity in `text` agrees with `value`.
fn text_states_value(text: &str, value: &quantity::Quantity) -> bool {
    quantity::find_all(text)
        .filter_map(|r| quantity::parse(&text[r]))
        .any(|q| q.agrees_with(value))
}
