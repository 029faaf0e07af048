//! Rules: one module per rule, registered in the single table below. Rules are
//! stateless; everything about the file being checked is in [`Context`].

use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::glossary::matcher::HitKind;
use crate::glossary::{EntryMeta, Glossary, Hit, Statement, StatementKind};
use crate::markdown::{Block, BlockKind, Document};
use crate::quantity::QuantitySpans;
use std::cell::OnceCell;
use std::ops::Range;

mod banned;
mod claim_citation;
mod claim_expired;
mod claim_mismatch;
mod claim_persona;
mod context;
mod disclaimer_missing;
pub mod drift;
mod persona_avoid;
mod persona_message_missing;
mod persona_unknown;
mod promise_mismatch;
mod readability;
mod term;
pub(crate) mod unsourced_stat;

/// A rule's check: reads the context, appends findings.
pub type CheckFn = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum Status {
    /// A per-document check.
    Check(CheckFn),
    /// Reported by the engine itself (reading files).
    Engine,
    /// Compared across every document of a run (see [`drift`]).
    Run,
}

/// A rule's registration: name, default severity, documentation and check.
pub struct RuleInfo {
    /// The rule.
    pub id: RuleId,
    /// Its name in configs, output and suppression comments.
    pub name: &'static str,
    /// Severity unless configured.
    pub default: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// What `songsheet explain RULE` prints (docs/rules/RULE.md).
    pub doc: &'static str,
    /// How it runs.
    pub status: Status,
}

macro_rules! registry {
    ($($variant:ident: $name:literal, $default:ident, $status:expr, $summary:literal;)*) => {
        /// Every rule songsheet knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId { $(#[doc = $summary] $variant),* }

        /// The rule table, in `RuleId` order: the only place rules are registered.
        pub static RULES: &[RuleInfo] = &[$(RuleInfo {
            id: RuleId::$variant,
            name: $name,
            default: Severity::$default,
            summary: $summary,
            doc: include_str!(concat!("../../docs/rules/", $name, ".md")),
            status: $status,
        }),*];
    };
}

registry! {
    Term: "term", Warning, Status::Check(term::check),
        "an `avoid` variant of a term is used (fix: the `use` form)";
    Banned: "banned", Error, Status::Check(banned::check),
        "a banned phrase is used";
    ClaimMismatch: "claim-mismatch", Error, Status::Check(claim_mismatch::check),
        "a claim pattern matches with a value other than the approved value (fix: the approved value)";
    ClaimExpired: "claim-expired", Error, Status::Check(claim_expired::check),
        "a claim is used after its `expires` date";
    ClaimCitation: "claim-citation", Warning, Status::Check(claim_citation::check),
        "a `cite = true` claim has no link or footnote in its block";
    ClaimPersona: "claim-persona", Warning, Status::Check(claim_persona::check),
        "a claim is used in a document for a persona it is not approved for";
    PromiseMismatch: "promise-mismatch", Error, Status::Check(promise_mismatch::check),
        "a promise pattern matches with a value other than the approved value (fix: the approved value)";
    DisclaimerMissing: "disclaimer-missing", Error, Status::Check(disclaimer_missing::check),
        "a claim or promise that names a disclaimer is used and the document lacks the disclaimer's text";
    PersonaUnknown: "persona-unknown", Error, Status::Check(persona_unknown::check),
        "a document names a persona the glossary lacks";
    PersonaAvoid: "persona-avoid", Warning, Status::Check(persona_avoid::check),
        "a word the document's persona avoids is used";
    PersonaMessageMissing: "persona-message-missing", Info, Status::Check(persona_message_missing::check),
        "collateral for a persona names none of its messages";
    Readability: "readability", Info, Status::Check(readability::check),
        "a document's reading grade exceeds its persona's `max_grade`";
    UnsourcedStat: "unsourced-stat", Warning, Status::Check(unsourced_stat::check),
        "a percentage, multiplier or superlative that is part of no approved claim or promise";
    Drift: "drift", Warning, Status::Run,
        "the same statement appears with different quantities in different documents";
    Unreadable: "unreadable", Error, Status::Engine,
        "a file cannot be read or is not UTF-8 text";
    UnusedSuppression: "unused-suppression", Info, Status::Engine,
        "a suppression comment suppresses nothing";
}

impl RuleId {
    /// The registration of this rule.
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The rule's name (`claim-mismatch`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The rule with this name.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RULES.iter().find(|r| r.name == name).map(|r| r.id)
    }

    /// The closest rule name, for "did you mean" hints.
    pub fn suggest(name: &str) -> Option<&'static str> {
        RULES
            .iter()
            .map(|r| (edit_distance(name, r.name), r.name))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, n)| n)
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Per-rule severity after configuration (`None`: off).
#[derive(Debug, Clone)]
pub struct RuleLevels(Vec<Option<Severity>>);

impl Default for RuleLevels {
    fn default() -> RuleLevels {
        RuleLevels(RULES.iter().map(|r| Some(r.default)).collect())
    }
}

impl RuleLevels {
    /// Sets a rule's level (`None`: off).
    pub fn set(&mut self, rule: RuleId, level: Option<Severity>) {
        self.0[rule as usize] = level;
    }

    /// A rule's level (`None`: off).
    pub fn get(&self, rule: RuleId) -> Option<Severity> {
        self.0[rule as usize]
    }
}

/// Whether a document is collateral or a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// One-pagers, landing copy, battlecards …
    Collateral,
    /// Talk tracks, call scripts, email templates.
    Script,
}

impl DocKind {
    /// Parses `collateral` or `script`.
    pub fn parse(s: &str) -> Option<DocKind> {
        match s {
            "collateral" => Some(DocKind::Collateral),
            "script" => Some(DocKind::Script),
            _ => None,
        }
    }
}

/// One use of a claim or promise: the longest match of any of its patterns.
#[derive(Debug, Clone)]
pub struct Use {
    /// The claim or promise.
    pub kind: StatementKind,
    /// Index into `claims` or `promises`.
    pub index: usize,
    /// Block index.
    pub block: usize,
    /// Range in the block's text.
    pub range: Range<usize>,
    /// The captured value's range in the block's text.
    pub value: Option<Range<usize>>,
}

/// Everything a rule may look at for one document.
pub struct Context<'a> {
    /// The file's text as read.
    pub source: &'a str,
    /// The parsed document.
    pub document: &'a Document,
    /// The glossary in force.
    pub glossary: &'a Glossary,
    /// Every match in the document.
    pub hits: &'a [Hit],
    /// Claim and promise uses, overlapping matches merged.
    pub uses: Vec<Use>,
    /// The document's persona ids.
    pub personas: &'a [String],
    /// Where the personas were named (the front-matter key line), if in the file.
    pub persona_span: Option<Range<usize>>,
    /// Collateral or script.
    pub kind: DocKind,
    /// The date expiry is judged against.
    pub today: jiff::civil::Date,
    /// Configured rule levels.
    pub levels: &'a RuleLevels,
    squashed_prose: OnceCell<String>,
    /// Per block, computed on first use and shared by the rules that read numbers.
    quantities: QuantitySpans,
    sentences: Vec<OnceCell<Vec<Range<usize>>>>,
}

impl<'a> Context<'a> {
    /// Builds the context; merges overlapping claim/promise matches into uses. `hits`
    /// must be in block order (as `engine` hands them over).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        source: &'a str,
        document: &'a Document,
        glossary: &'a Glossary,
        hits: &'a [Hit],
        personas: &'a [String],
        persona_span: Option<Range<usize>>,
        kind: DocKind,
        today: jiff::civil::Date,
        levels: &'a RuleLevels,
        quantities: QuantitySpans,
    ) -> Context<'a> {
        let mut uses: Vec<Use> = hits
            .iter()
            .filter_map(|h| match &h.kind {
                HitKind::Statement { kind, index, value } => Some(Use {
                    kind: *kind,
                    index: *index,
                    block: h.block,
                    range: h.range.clone(),
                    value: value.clone(),
                }),
                HitKind::Phrase(_) => None,
            })
            .filter(|u| comparable_value(glossary, &document.blocks, u))
            .collect();
        // Longest first at each position, then drop matches of the same statement that
        // overlap one already kept.
        uses.sort_by_key(|u| (u.block, u.range.start, std::cmp::Reverse(u.range.end)));
        let mut kept: Vec<Use> = Vec::with_capacity(uses.len());
        // As in `dedupe_overlapping`: linear unless matches really overlap.
        let (mut block_start, mut reach) = (0, 0);
        for u in uses {
            if kept.last().is_none_or(|k| k.block != u.block) {
                (block_start, reach) = (kept.len(), 0);
            }
            let overlaps = reach > u.range.start
                && kept[block_start..].iter().rev().any(|k| {
                    k.kind == u.kind
                        && k.index == u.index
                        && k.range.start < u.range.end
                        && u.range.start < k.range.end
                });
            if !overlaps {
                reach = reach.max(u.range.end);
                kept.push(u);
            }
        }
        // Rules look hits up block by block (`hits_in`).
        debug_assert!(hits.is_sorted_by_key(|h| h.block), "hits in block order");
        Context {
            source,
            document,
            glossary,
            hits,
            uses: kept,
            personas,
            persona_span,
            kind,
            today,
            levels,
            squashed_prose: OnceCell::new(),
            quantities,
            sentences: vec![OnceCell::new(); document.blocks.len()],
        }
    }

    /// The quantities in block `block`'s text (`quantity::find_all`), found once for
    /// every rule that reads numbers.
    pub fn quantities_in(&self, block: usize) -> &[Range<usize>] {
        self.quantities.of(block, &self.document.blocks[block].text)
    }

    /// What each of [`Context::quantities_in`] means (`None`: not a quantity after all).
    pub fn parsed_quantities_in(&self, block: usize) -> &[Option<crate::quantity::Quantity>] {
        self.quantities
            .parsed(block, &self.document.blocks[block].text)
    }

    /// The sentences of block `block` (`readability::sentences_in_lines`), found once.
    pub fn sentences_in(&self, block: usize) -> &[Range<usize>] {
        self.sentences[block].get_or_init(|| {
            let b = &self.document.blocks[block];
            crate::readability::sentences_in_lines(&b.text, &b.line_starts)
        })
    }

    /// The sentence of block `block` that byte `at` is in (the whole block if none is).
    pub fn sentence_at(&self, block: usize, at: usize) -> Range<usize> {
        self.sentences_in(block)
            .iter()
            .find(|s| s.start <= at && at < s.end)
            .cloned()
            .unwrap_or(0..self.document.blocks[block].text.len())
    }

    /// The matches in block `block` (hits are in block order: a slice, not a copy,
    /// for a lookup made once per block).
    pub fn hits_in(&self, block: usize) -> &'a [Hit] {
        let start = self.hits.partition_point(|h| h.block < block);
        let end = self.hits.partition_point(|h| h.block <= block);
        &self.hits[start..end]
    }

    /// The claim and promise uses in block `block` (uses are sorted by block).
    pub fn uses_in(&self, block: usize) -> &[Use] {
        let start = self.uses.partition_point(|u| u.block < block);
        let end = self.uses.partition_point(|u| u.block <= block);
        &self.uses[start..end]
    }

    /// The claim or promise of a use.
    pub fn statement(&self, u: &Use) -> &'a Statement {
        match u.kind {
            StatementKind::Claim => &self.glossary.claims[u.index],
            StatementKind::Promise => &self.glossary.promises[u.index],
        }
    }

    /// The block a hit or use is in.
    pub fn block(&self, index: usize) -> &'a Block {
        &self.document.blocks[index]
    }

    /// All the document's checked prose, lower-cased letters and digits only.
    pub fn squashed_prose(&self) -> &str {
        self.squashed_prose.get_or_init(|| {
            let mut all = String::new();
            for b in &self.document.blocks {
                all.push_str(&crate::glossary::squash(&b.text));
            }
            all
        })
    }

    /// Where document-level findings go: the front-matter key naming the persona, or
    /// the first line of the first prose block.
    pub fn document_span(&self) -> Range<usize> {
        if let Some(span) = &self.persona_span {
            return span.clone();
        }
        match self.document.blocks.first() {
            Some(b) => {
                let end = b.line_starts.get(1).copied().unwrap_or(b.text.len());
                let end = b.text[..end].trim_end().len();
                b.source_range(0..end)
            }
            None => 0..0,
        }
    }

    /// Reports a finding unless the rule is off. The entry's own severity and message
    /// take precedence over the rule's.
    #[allow(clippy::too_many_arguments)]
    pub fn report(
        &self,
        out: &mut Vec<Diagnostic>,
        rule: RuleId,
        entry: Option<&EntryMeta>,
        entry_id: Option<&str>,
        span: Range<usize>,
        message: String,
        help: Option<String>,
        fix: Option<Fix>,
    ) {
        let Some(level) = self.levels.get(rule) else {
            return;
        };
        let severity = entry.and_then(|e| e.severity).unwrap_or(level);
        let message = match entry.and_then(|e| e.message.as_deref()) {
            Some(extra) => format!("{message}. {extra}"),
            None => message,
        };
        out.push(Diagnostic {
            rule,
            entry: entry_id
                .or(entry.map(|e| e.id.as_str()))
                .map(str::to_string),
            severity,
            message,
            help,
            offset: span.start,
            length: span.end - span.start,
            fix,
        });
    }

    /// A fix replacing `range` of a block's text with `replacement`: safe when the text
    /// maps verbatim to the source outside headings, link text and front matter;
    /// `None` when the span crosses markup.
    pub fn replacement(
        &self,
        block: &Block,
        range: Range<usize>,
        replacement: String,
    ) -> Option<Fix> {
        if !block.is_verbatim(range.clone()) {
            return None;
        }
        let src = block.source_range(range.clone());
        let anchored = matches!(block.kind, BlockKind::Heading | BlockKind::FrontMatter)
            || block.in_link(&range);
        Some(Fix {
            offset: src.start,
            length: src.end - src.start,
            replacement,
            applicability: if anchored {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
        })
    }
}

/// A match whose value measures something else than the approved value ("100%
/// money-back guarantee" for a 30-day guarantee) is a different statement, not a use.
fn comparable_value(glossary: &Glossary, blocks: &[Block], u: &Use) -> bool {
    let statement = match u.kind {
        StatementKind::Claim => &glossary.claims[u.index],
        StatementKind::Promise => &glossary.promises[u.index],
    };
    let (Some(approved), Some(range)) = (&statement.value, &u.value) else {
        return true;
    };
    match crate::quantity::parse(&blocks[u.block].text[range.clone()]) {
        Some(q) => q.comparable(&approved.quantity),
        None => true,
    }
}

/// Quotes a phrase for a message.
pub fn quote(text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}

/// Quotes each phrase and joins them with commas.
pub fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|m| quote(m))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A phrase match being considered for a finding.
#[derive(Debug, Clone)]
pub struct Found<K, T> {
    /// Matches with equal keys compete when they overlap.
    pub key: K,
    /// Block index.
    pub block: usize,
    /// Range in the block's text.
    pub range: Range<usize>,
    /// What the rule needs to report it.
    pub payload: T,
}

/// Keeps one of each group of overlapping matches with the same key: the longest, and
/// among equally long ones the first in the input order. The result is sorted by block
/// and start.
pub fn dedupe_overlapping<K: PartialEq, T>(items: &mut Vec<Found<K, T>>) {
    // A stable sort keeps the input order among equal ranges.
    items.sort_by_key(|f| (f.block, f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Found<K, T>> = Vec::with_capacity(items.len());
    // Only items of the same block can overlap, and only if one kept so far in the block
    // reaches past the item's start: documents of 100 MB keep this linear in practice.
    let (mut block_start, mut reach) = (0, 0);
    for item in items.drain(..) {
        if kept.last().is_none_or(|k| k.block != item.block) {
            (block_start, reach) = (kept.len(), 0);
        }
        let overlaps = reach > item.range.start
            && kept[block_start..].iter().rev().any(|k| {
                k.key == item.key
                    && k.range.start < item.range.end
                    && item.range.start < k.range.end
            });
        if !overlaps {
            reach = reach.max(item.range.end);
            kept.push(item);
        }
    }
    *items = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_rule_id_order() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{} is out of order", r.name);
            assert_eq!(RuleId::from_name(r.name), Some(r.id));
        }
    }

    #[test]
    fn every_rule_has_documentation_with_the_fixed_headings() {
        for r in RULES {
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Use instead",
                "## Fix safety",
                "## Configuration",
            ] {
                assert!(r.doc.contains(heading), "{} lacks {heading}", r.name);
            }
        }
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(RuleId::suggest("claim-mismtch"), Some("claim-mismatch"));
        assert_eq!(RuleId::suggest("zzzzzzzzzzz"), None);
    }
}
