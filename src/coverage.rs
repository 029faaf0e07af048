//! Coverage: where each claim, promise, disclaimer and persona message is used. Collected
//! per document by the engine when asked; rendered by `report::coverage`.

use crate::glossary::matcher::{HitKind, Target};
use crate::glossary::{squash, StatementKind};
use crate::quantity;
use crate::rules::Context;
use crate::source::LineIndex;
use serde::Serialize;

/// What kind of glossary entry a use is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// `[[claims]]`.
    Claim,
    /// `[[promises]]`.
    Promise,
    /// `[[disclaimers]]`.
    Disclaimer,
    /// One of a persona's `messages`.
    Message,
}

impl EntryKind {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Claim => "claim",
            EntryKind::Promise => "promise",
            EntryKind::Disclaimer => "disclaimer",
            EntryKind::Message => "message",
        }
    }
}

/// Whether a use states the entry as approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UseStatus {
    /// As approved.
    Approved,
    /// With another value than the approved one.
    Mismatch,
    /// A claim used after its expiry date.
    Expired,
}

/// One use of a glossary entry in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryUse {
    /// Claim, promise, disclaimer or persona message.
    pub kind: EntryKind,
    /// The entry's id (the persona's id for a message).
    pub entry: String,
    /// For a persona message: the message.
    pub message: Option<String>,
    /// 1-based line of the use.
    pub line: usize,
    /// Approved, mismatching or expired.
    pub status: UseStatus,
    /// The value as written, for claims and promises with a value.
    pub said: Option<String>,
}

/// Every use of a claim, promise, disclaimer or persona message in one document.
pub fn collect(ctx: &Context<'_>, index: &LineIndex) -> Vec<EntryUse> {
    let mut out = Vec::new();
    let line_of = |block: usize, at: usize| {
        let b = ctx.block(block);
        index.line_of(b.source_range(at..at).start) + 1
    };
    for u in &ctx.uses {
        let s = ctx.statement(u);
        let block = ctx.block(u.block);
        let said = u.value.as_ref().map(|r| block.text[r.clone()].to_string());
        let mismatch = match (&s.value, &said) {
            (Some(approved), Some(said)) => {
                quantity::parse(said).is_some_and(|q| !q.agrees_with(&approved.quantity))
            }
            _ => false,
        };
        let expired = s.expires.is_some_and(|e| ctx.today > e);
        out.push(EntryUse {
            kind: match u.kind {
                StatementKind::Claim => EntryKind::Claim,
                StatementKind::Promise => EntryKind::Promise,
            },
            entry: s.meta.id.clone(),
            message: None,
            line: line_of(u.block, u.range.start),
            status: if expired {
                UseStatus::Expired
            } else if mismatch {
                UseStatus::Mismatch
            } else {
                UseStatus::Approved
            },
            said,
        });
    }
    for d in &ctx.glossary.disclaimers {
        let wanted = squash(&d.text);
        if wanted.is_empty() || !ctx.squashed_prose().contains(&wanted) {
            continue;
        }
        // Where: the block that holds it, or the first block when it spans blocks.
        let block = ctx
            .document
            .blocks
            .iter()
            .position(|b| squash(&b.text).contains(&wanted))
            .unwrap_or(0);
        out.push(EntryUse {
            kind: EntryKind::Disclaimer,
            entry: d.meta.id.clone(),
            message: None,
            line: line_of(block, 0),
            status: UseStatus::Approved,
            said: None,
        });
    }
    for h in ctx.hits {
        let HitKind::Phrase(Target::PersonaMessage(p)) = h.kind else {
            continue;
        };
        let persona = &ctx.glossary.personas[p];
        let said = ctx.block(h.block).text[h.range.clone()].to_lowercase();
        let Some(message) = persona.messages.iter().find(|m| m.to_lowercase() == said) else {
            continue;
        };
        out.push(EntryUse {
            kind: EntryKind::Message,
            entry: persona.meta.id.clone(),
            message: Some(message.clone()),
            line: line_of(h.block, h.range.start),
            status: UseStatus::Approved,
            said: None,
        });
    }
    out.sort_by(|a, b| (a.line, a.kind, &a.entry).cmp(&(b.line, b.kind, &b.entry)));
    out
}
