//! One compiled matcher for a glossary: every literal phrase (term variants, banned
//! phrases, persona words and messages) and one required word of every claim and
//! promise pattern in one phrase index (`phrase_index`: a word lookup). Each block is
//! scanned once; a pattern is tried only on blocks where its required word occurred.

use super::phrase_index::PhraseIndex;
use super::{Glossary, Program, Starts, StatementKind};
use crate::markdown::text::is_word_char;
use crate::markdown::Block;
use crate::quantity::QuantitySpans;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a literal phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// An `avoid` variant of `terms[i]`.
    TermVariant(usize),
    /// A phrase of `banned[i]`.
    Banned(usize),
    /// An `avoid` word of `personas[i]`.
    PersonaAvoid(usize),
    /// A message of `personas[i]`.
    PersonaMessage(usize),
    /// A built-in superlative of the `unsourced-stat` rule ("best-in-class"), found in
    /// the same pass as the glossary's phrases.
    Superlative(Superlative),
}

/// The two kinds of superlative `unsourced-stat` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Superlative {
    /// A claim wherever it stands ("world-class", "#1").
    Compound,
    /// A claim only with an owner or a determiner ("our fastest", "the fastest app").
    Plain,
}

/// What matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HitKind {
    /// A literal phrase.
    Phrase(Target),
    /// A claim or promise pattern, with the captured value's range.
    Statement {
        /// Claim or promise.
        kind: StatementKind,
        /// Index into `claims` or `promises`.
        index: usize,
        /// The `{value}` capture, when the pattern has one.
        value: Option<Range<usize>>,
    },
}

/// A match in one block; ranges are into the block's normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the block in the document.
    pub block: usize,
    /// The matched text.
    pub range: Range<usize>,
    /// What matched.
    pub kind: HitKind,
}

#[derive(Serialize, Deserialize)]
struct PatternRef {
    kind: StatementKind,
    index: usize,
    pattern: usize,
    /// Whether the pattern has a leading word, found as [`LiteralUse::Start`]: it is
    /// tried only where that word stands.
    leading: bool,
}

/// What an automaton literal stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum LiteralUse {
    /// A phrase reported as a hit.
    Phrase(Target),
    /// A required word of `patterns[i]`: the pattern is tried on this block.
    Anchor(usize),
    /// The word every match of `patterns[i]` starts with: where the pattern is tried
    /// (when an anchor made it a candidate).
    Start(usize),
}

/// The compiled matcher of a glossary.
pub struct Matcher {
    /// Every ASCII phrase and pattern anchor.
    literals: PhraseIndex<LiteralUse>,
    unicode_phrases: Vec<(Regex, Vec<Target>)>,
    patterns: Vec<PatternRef>,
    /// Patterns without a required ASCII word: tried on every block.
    unanchored: Vec<usize>,
}

/// Reusable per-document buffers of [`Matcher::scan`], so scanning a block allocates
/// nothing.
#[derive(Debug, Default)]
pub struct ScanScratch {
    /// `seen[p] == block + 1` when pattern `p` is already a candidate in this block.
    seen: Vec<usize>,
    candidates: Vec<usize>,
    /// `(pattern, start)` of every [`LiteralUse::Start`] in the block.
    starts: Vec<(usize, usize)>,
    /// The starts of the pattern being tried.
    pattern_starts: Vec<usize>,
}

/// A matcher as the glossary cache keeps it (building one for a large glossary took a
/// third of a one-file run's main thread): the phrase-index entries as built, the
/// few non-ASCII phrases as regex source, compiled again when read.
#[derive(Serialize)]
struct StoredRef<'a> {
    literals: &'a PhraseIndex<LiteralUse>,
    unicode_phrases: Vec<(&'a str, &'a [Target])>,
    patterns: &'a [PatternRef],
    unanchored: &'a [usize],
}

/// [`StoredRef`] read back.
#[derive(Deserialize)]
struct Stored {
    literals: PhraseIndex<LiteralUse>,
    unicode_phrases: Vec<(String, Vec<Target>)>,
    patterns: Vec<PatternRef>,
    unanchored: Vec<usize>,
}

impl Serialize for Matcher {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredRef {
            literals: &self.literals,
            unicode_phrases: self
                .unicode_phrases
                .iter()
                .map(|(re, targets)| (re.as_str(), targets.as_slice()))
                .collect(),
            patterns: &self.patterns,
            unanchored: &self.unanchored,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Matcher {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        let unicode_phrases = stored
            .unicode_phrases
            .into_iter()
            .map(|(source, targets)| {
                Regex::new(&source)
                    .map(|re| (re, targets))
                    .map_err(serde::de::Error::custom)
            })
            .collect::<Result<_, _>>()?;
        Ok(Matcher {
            literals: stored.literals,
            unicode_phrases,
            patterns: stored.patterns,
            unanchored: stored.unanchored,
        })
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("literals", &self.literals.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl Matcher {
    /// Compiles every phrase and pattern of `glossary`.
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut phrases: Vec<(String, Target)> = Vec::new();
        for (i, t) in glossary.terms.iter().enumerate() {
            phrases.extend(t.avoid.iter().map(|v| (v.clone(), Target::TermVariant(i))));
        }
        for (i, b) in glossary.banned.iter().enumerate() {
            phrases.extend(b.phrases.iter().map(|p| (p.clone(), Target::Banned(i))));
        }
        for (i, p) in glossary.personas.iter().enumerate() {
            phrases.extend(p.avoid.iter().map(|w| (w.clone(), Target::PersonaAvoid(i))));
            phrases.extend(
                p.messages
                    .iter()
                    .map(|m| (m.clone(), Target::PersonaMessage(i))),
            );
        }
        phrases.extend(
            crate::rules::unsourced_stat::superlative_phrases()
                .map(|(p, kind)| (p, Target::Superlative(kind))),
        );
        let mut patterns = Vec::new();
        for (kind, list) in [
            (StatementKind::Claim, &glossary.claims),
            (StatementKind::Promise, &glossary.promises),
        ] {
            for (index, s) in list.iter().enumerate() {
                for pattern in 0..s.patterns.len() {
                    patterns.push(PatternRef {
                        kind,
                        index,
                        pattern,
                        leading: false,
                    });
                }
            }
        }
        let mut uses: Vec<(String, LiteralUse)> = phrases
            .into_iter()
            .map(|(p, t)| (p, LiteralUse::Phrase(t)))
            .collect();
        let mut unanchored = Vec::new();
        for (i, r) in patterns.iter_mut().enumerate() {
            let Program::Words(p) = &statement(glossary, r).patterns[r.pattern].program else {
                unanchored.push(i);
                continue;
            };
            // Where a leading word stands is where matches start: the pattern is tried
            // there, not at every place of the block (its anchor still decides whether
            // the block is tried at all: the longest required word is the rarest).
            if let Some(word) = p.leading_word() {
                r.leading = true;
                uses.push((word, LiteralUse::Start(i)));
            }
            match p.anchors() {
                Some(words) => uses.extend(words.into_iter().map(|w| (w, LiteralUse::Anchor(i)))),
                None => unanchored.push(i),
            }
        }
        // Identical phrases share one entry (found through a map: glossaries may hold a
        // hundred thousand phrases).
        let mut ascii: Vec<(String, LiteralUse)> = Vec::new();
        let mut unicode: Vec<(String, Vec<Target>)> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for (phrase, target) in uses {
            if phrase.is_ascii() {
                ascii.push((phrase, target));
            } else if let LiteralUse::Phrase(target) = target {
                let key = phrase.to_lowercase();
                match seen.get(&key) {
                    Some(&i) => {
                        let targets = &mut unicode[i].1;
                        if !targets.contains(&target) {
                            targets.push(target)
                        }
                    }
                    None => {
                        seen.insert(key.clone(), unicode.len());
                        unicode.push((key, vec![target]));
                    }
                }
            }
        }
        let literals = PhraseIndex::new(ascii);
        let unicode_phrases = unicode
            .into_iter()
            .filter_map(|(p, targets)| {
                let source = format!(
                    "(?i){}",
                    p.split(' ')
                        .map(regex::escape)
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                Regex::new(&source).ok().map(|re| (re, targets))
            })
            .collect();
        Matcher {
            literals,
            unicode_phrases,
            patterns,
            unanchored,
        }
    }

    /// Scans every block of a document, reusing one set of buffers.
    pub fn scan_blocks<'b>(
        &self,
        glossary: &Glossary,
        blocks: impl IntoIterator<Item = &'b Block>,
        quantities: &QuantitySpans,
        out: &mut Vec<Hit>,
    ) {
        let mut scratch = ScanScratch::default();
        for (i, block) in blocks.into_iter().enumerate() {
            self.scan(glossary, i, block, quantities, out, &mut scratch);
        }
    }

    /// Appends every match in `block` (index `block_index`) to `out`.
    pub fn scan(
        &self,
        glossary: &Glossary,
        block_index: usize,
        block: &Block,
        quantities: &QuantitySpans,
        out: &mut Vec<Hit>,
        scratch: &mut ScanScratch,
    ) {
        let text = block.text.as_str();
        scratch.candidates.clear();
        scratch.starts.clear();
        scratch.candidates.extend_from_slice(&self.unanchored);
        if scratch.seen.len() < self.patterns.len() {
            scratch.seen.resize(self.patterns.len(), 0);
        }
        let stamp = block_index + 1;
        let seen = &mut scratch.seen;
        let candidates = &mut scratch.candidates;
        let starts = &mut scratch.starts;
        self.literals.find(text, |range, uses| {
            for &literal_use in uses {
                match literal_use {
                    LiteralUse::Anchor(p) => {
                        if seen[p] != stamp {
                            seen[p] = stamp;
                            candidates.push(p);
                        }
                    }
                    LiteralUse::Start(p) => starts.push((p, range.start)),
                    LiteralUse::Phrase(target) => out.push(Hit {
                        block: block_index,
                        range: range.clone(),
                        kind: HitKind::Phrase(target),
                    }),
                }
            }
        });
        for (re, targets) in &self.unicode_phrases {
            for m in re.find_iter(text) {
                if bounded(text, m.range(), true, true) {
                    for &target in targets {
                        out.push(Hit {
                            block: block_index,
                            range: m.range(),
                            kind: HitKind::Phrase(target),
                        });
                    }
                }
            }
        }
        // Patterns in glossary order, as the findings are reported; each one's starts in
        // text order (the automaton of the phrase index reports after the word lookup).
        scratch.candidates.sort_unstable();
        scratch.starts.sort_unstable();
        for &p in &scratch.candidates {
            let r = &self.patterns[p];
            let compiled = &statement(glossary, r).patterns[r.pattern];
            let starts = &mut scratch.pattern_starts;
            starts.clear();
            let places = if r.leading {
                let from = scratch.starts.partition_point(|&(q, _)| q < p);
                starts.extend(
                    scratch.starts[from..]
                        .iter()
                        .take_while(|&&(q, _)| q == p)
                        .map(|&(_, at)| at),
                );
                starts.dedup();
                Starts::At(starts)
            } else if compiled.starts_with_value() {
                // A pattern that starts with {value} starts at a quantity.
                Starts::InQuantities(quantities.of(block_index, text))
            } else {
                Starts::Anywhere
            };
            let mut pos = 0;
            while pos <= text.len() {
                let Some(found) = compiled.find_at(text, pos, places) else {
                    break;
                };
                let range = found.range.clone();
                if range.is_empty()
                    || (compiled.bounded() && !bounded(text, range.clone(), true, true))
                {
                    pos = next_char(text, range.start);
                    continue;
                }
                out.push(Hit {
                    block: block_index,
                    range: range.clone(),
                    kind: HitKind::Statement {
                        kind: r.kind,
                        index: r.index,
                        value: found.value.map(|v| trim_range(text, v)),
                    },
                });
                pos = range.end;
            }
        }
    }
}

fn statement<'g>(glossary: &'g Glossary, r: &PatternRef) -> &'g super::Statement {
    match r.kind {
        StatementKind::Claim => &glossary.claims[r.index],
        StatementKind::Promise => &glossary.promises[r.index],
    }
}

/// Whether a match has word boundaries at its ends (checked only where the match
/// itself starts or ends with a word character).
fn bounded(text: &str, range: Range<usize>, check_start: bool, check_end: bool) -> bool {
    let starts_word = text[range.clone()].chars().next().is_some_and(is_word_char);
    let ends_word = text[range.clone()]
        .chars()
        .next_back()
        .is_some_and(is_word_char);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let glued_start = check_start && starts_word && before.is_some_and(is_word_char);
    let glued_end = check_end && ends_word && after.is_some_and(is_word_char);
    !glued_start && !glued_end
}

fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map(char::len_utf8).unwrap_or(1)
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}
