//! One compiled matcher for a glossary: every literal phrase (term variants, banned
//! phrases, persona words and messages) in one aho-corasick automaton, and claim and
//! promise patterns as regexes behind a `RegexSet` prefilter. Each block is scanned once.

use super::{Glossary, StatementKind};
use crate::markdown::text::is_word_char;
use crate::markdown::Block;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet};
use std::ops::Range;

/// What a literal phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An `avoid` variant of `terms[i]`.
    TermVariant(usize),
    /// A phrase of `banned[i]`.
    Banned(usize),
    /// An `avoid` word of `personas[i]`.
    PersonaAvoid(usize),
    /// A message of `personas[i]`.
    PersonaMessage(usize),
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

struct PatternRef {
    kind: StatementKind,
    index: usize,
    pattern: usize,
}

/// The compiled matcher of a glossary.
pub struct Matcher {
    literals: Option<AhoCorasick>,
    literal_targets: Vec<Vec<Target>>,
    literal_bounds: Vec<(bool, bool)>,
    unicode_phrases: Vec<(Regex, Vec<Target>)>,
    prefilter: Option<RegexSet>,
    patterns: Vec<PatternRef>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("literals", &self.literal_targets.len())
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
        // Identical phrases share one automaton pattern (found through a map: glossaries
        // may hold a hundred thousand phrases).
        let mut ascii: Vec<(String, Vec<Target>)> = Vec::new();
        let mut unicode: Vec<(String, Vec<Target>)> = Vec::new();
        let mut seen: std::collections::HashMap<(bool, String), usize> = Default::default();
        for (phrase, target) in phrases {
            let key = phrase.to_lowercase();
            let list = if phrase.is_ascii() {
                &mut ascii
            } else {
                &mut unicode
            };
            let seen_key = (phrase.is_ascii(), key.clone());
            match seen.get(&seen_key) {
                Some(&i) => {
                    let targets = &mut list[i].1;
                    if !targets.contains(&target) {
                        targets.push(target)
                    }
                }
                None => {
                    seen.insert(seen_key, list.len());
                    list.push((key, vec![target]));
                }
            }
        }
        let literals = (!ascii.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(ascii.iter().map(|(p, _)| p.as_str()))
                .expect("literal phrases always compile")
        });
        let literal_bounds = ascii
            .iter()
            .map(|(p, _)| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
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
        let mut patterns = Vec::new();
        let mut sources = Vec::new();
        for (kind, list) in [
            (StatementKind::Claim, &glossary.claims),
            (StatementKind::Promise, &glossary.promises),
        ] {
            for (index, s) in list.iter().enumerate() {
                for (pattern, compiled) in s.patterns.iter().enumerate() {
                    patterns.push(PatternRef {
                        kind,
                        index,
                        pattern,
                    });
                    sources.push(compiled.regex.as_str().to_string());
                }
            }
        }
        // The set is only a prefilter: if it cannot be built (size limits), every
        // pattern is simply tried on every block.
        let prefilter = RegexSet::new(&sources).ok();
        Matcher {
            literals,
            literal_targets: ascii.into_iter().map(|(_, t)| t).collect(),
            literal_bounds,
            unicode_phrases,
            prefilter,
            patterns,
        }
    }

    /// Appends every match in `block` (index `block_index`) to `out`.
    pub fn scan(&self, glossary: &Glossary, block_index: usize, block: &Block, out: &mut Vec<Hit>) {
        let text = block.text.as_str();
        if let Some(ac) = &self.literals {
            for m in ac.find_overlapping_iter(text) {
                let id = m.pattern().as_usize();
                let (check_start, check_end) = self.literal_bounds[id];
                if !bounded(text, m.range(), check_start, check_end) {
                    continue;
                }
                for &target in &self.literal_targets[id] {
                    out.push(Hit {
                        block: block_index,
                        range: m.range(),
                        kind: HitKind::Phrase(target),
                    });
                }
            }
        }
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
        if self.patterns.is_empty() {
            return;
        }
        let candidates: Vec<usize> = match &self.prefilter {
            Some(set) => set.matches(text).into_iter().collect(),
            None => (0..self.patterns.len()).collect(),
        };
        for p in candidates {
            let r = &self.patterns[p];
            let statement = match r.kind {
                StatementKind::Claim => &glossary.claims[r.index],
                StatementKind::Promise => &glossary.promises[r.index],
            };
            let compiled = &statement.patterns[r.pattern];
            let mut pos = 0;
            while pos <= text.len() {
                let Some(caps) = compiled.regex.captures_at(text, pos) else {
                    break;
                };
                let Some(m) = caps.get(0) else { break };
                if m.is_empty() || (compiled.bounded && !bounded(text, m.range(), true, true)) {
                    pos = next_char(text, m.start());
                    continue;
                }
                out.push(Hit {
                    block: block_index,
                    range: m.range(),
                    kind: HitKind::Statement {
                        kind: r.kind,
                        index: r.index,
                        value: caps.name("value").map(|v| trim_range(text, v.range())),
                    },
                });
                pos = m.end();
            }
        }
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
