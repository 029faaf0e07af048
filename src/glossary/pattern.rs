//! The pattern language of claims and promises: parsed once, matched by a small
//! backtracking matcher with the semantics of the equivalent `regex` source.
//!
//! - case-insensitive; whitespace matches any run of whitespace;
//! - a hyphen between words matches a hyphen, an en dash (normalised to a hyphen) or spaces;
//! - `{value}` captures one quantity (named group `value`), at most once;
//! - `(a|b|c)` alternatives, `[word]` optional words; everything else is literal.
//!
//! Word boundaries at both ends are checked by the matcher, not by the regex, so a
//! pattern may start with a currency symbol.
//!
//! One deliberate difference from the regex: case-insensitivity is by lower case, and
//! an ASCII letter only matches an ASCII letter. The regex crate's Unicode case folding
//! would also let the Kelvin sign match `k` and the long s `ſ` match `s`; prose never
//! means those, and the aho-corasick prefilter compares ASCII case-insensitively.

use super::eight_bytes::{load_lower, Prefix};
use super::phrase_index::is_ascii_word;
use crate::markdown::text::{is_word_char, FirstAscii};
use crate::quantity::quantity_regex_source;
use serde::{Deserialize, Serialize};
use std::ops::{ControlFlow, Range};

/// A pattern that does not compile, with the byte offset inside the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the pattern text where the problem is.
    pub offset: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(String),
    Space,
    Hyphen,
    Value,
    Alternatives(Vec<Vec<Token>>),
    Optional(Vec<Token>),
}

/// Compiles a pattern into the equivalent `regex` source. `has_value` tells whether
/// `{value}` occurs. The linter matches with [`Pattern`]; this source documents what a
/// pattern means and is what the tests compare [`Pattern::find_at`] against.
pub fn compile(pattern: &str) -> Result<(String, bool), PatternError> {
    parse(pattern).map(|p| (p.regex_source(), p.has_value()))
}

/// Parses a pattern of the pattern language.
pub fn parse(pattern: &str) -> Result<Pattern, PatternError> {
    let mut values = 0;
    let tokens = parse_sequence(pattern, 0, pattern.len(), &mut values)?;
    if values > 1 {
        return Err(PatternError {
            offset: pattern.rfind("{value}").unwrap_or(0),
            message: "a pattern may capture `{value}` only once".into(),
        });
    }
    if tokens
        .iter()
        .all(|t| matches!(t, Token::Space | Token::Optional(_)))
    {
        return Err(PatternError {
            offset: 0,
            message: "the pattern has no words to match".into(),
        });
    }
    Ok(Pattern::from_tokens(&tokens))
}

fn parse_sequence(
    pattern: &str,
    start: usize,
    end: usize,
    values: &mut usize,
) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let text = &pattern[start..end];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        match c {
            '{' => {
                let rest = &text[i..];
                if rest.starts_with("{value}") {
                    *values += 1;
                    tokens.push(Token::Value);
                    for _ in 0.."{value}".len() - 1 {
                        chars.next();
                    }
                } else {
                    return Err(PatternError {
                        offset: at,
                        message: "`{` starts a placeholder, and the only placeholder is `{value}`"
                            .into(),
                    });
                }
            }
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                let inner_start = i + 1;
                let Some(len) = text[inner_start..].find(close) else {
                    return Err(PatternError {
                        offset: at,
                        message: format!("`{c}` is never closed with `{close}`"),
                    });
                };
                let inner_end = inner_start + len;
                if text[inner_start..inner_end].contains(['(', '[']) {
                    return Err(PatternError {
                        offset: at,
                        message: "groups cannot be nested".into(),
                    });
                }
                if c == '(' {
                    let mut alternatives = Vec::new();
                    let mut alt_start = inner_start;
                    for part in text[inner_start..inner_end].split('|') {
                        if part.trim().is_empty() {
                            return Err(PatternError {
                                offset: start + alt_start,
                                message: "an alternative in `( | )` is empty".into(),
                            });
                        }
                        alternatives.push(parse_sequence(
                            pattern,
                            start + alt_start,
                            start + alt_start + part.len(),
                            values,
                        )?);
                        alt_start += part.len() + 1;
                    }
                    tokens.push(Token::Alternatives(alternatives));
                } else {
                    if text[inner_start..inner_end].trim().is_empty() {
                        return Err(PatternError {
                            offset: at,
                            message: "the optional words in `[ ]` are empty".into(),
                        });
                    }
                    tokens.push(Token::Optional(parse_sequence(
                        pattern,
                        start + inner_start,
                        start + inner_end,
                        values,
                    )?));
                }
                while chars.peek().is_some_and(|(j, _)| *j <= inner_end) {
                    chars.next();
                }
            }
            ')' | ']' | '}' => {
                return Err(PatternError {
                    offset: at,
                    message: format!("`{c}` has no opening bracket"),
                });
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                    chars.next();
                }
                if !tokens.is_empty() {
                    tokens.push(Token::Space);
                }
            }
            '-' | '\u{2013}' | '\u{2014}' => {
                let prev_word = text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || p == '}');
                let next_word = chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '{' || *n == '(');
                if prev_word && next_word {
                    tokens.push(Token::Hyphen);
                } else {
                    push_literal(&mut tokens, '-');
                }
            }
            c => push_literal(&mut tokens, normalise_char(c)),
        }
    }
    if matches!(tokens.last(), Some(Token::Space)) {
        tokens.pop();
    }
    Ok(tokens)
}

/// Typographic characters in a pattern are matched like their plain forms in text.
fn normalise_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        c => c,
    }
}

fn push_literal(tokens: &mut Vec<Token>, c: char) {
    if let Some(Token::Literal(s)) = tokens.last_mut() {
        s.push(c);
    } else {
        tokens.push(Token::Literal(c.to_string()));
    }
}

/// One step of a parsed pattern. `Optional` words carry the space that joins them to
/// their neighbours, so "close [over] {value}" is `close␣ (over␣)? {value}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Node {
    /// Literal text, matched case-insensitively.
    Literal(Literal),
    /// One or more whitespace characters.
    Space,
    /// A hyphen with optional whitespace around it, or whitespace alone.
    Hyphen,
    /// One quantity, captured.
    Value,
    /// The first alternative that lets the rest match wins.
    Alternatives(Vec<Vec<Node>>),
    /// Tried with the words first, then without.
    Optional(Vec<Node>),
}

/// Literal text with its case-folded characters computed once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Literal {
    written: String,
    folded: Vec<char>,
}

impl Literal {
    fn new(written: &str) -> Literal {
        Literal {
            written: written.to_string(),
            folded: written.chars().map(fold).collect(),
        }
    }

    /// The end of this literal if the text at `at` spells it (ignoring case).
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        let mut chars = text[at..].chars();
        let mut end = at;
        for &want in &self.folded {
            let got = chars.next()?;
            // An ASCII letter in a pattern matches only ASCII: the Kelvin sign is not a
            // `k`. The literal prefilter compares ASCII case-insensitively, the same way.
            let same = if want.is_ascii() {
                got.is_ascii() && got.to_ascii_lowercase() == want
            } else {
                fold(got) == want
            };
            if !same {
                return None;
            }
            end += got.len_utf8();
        }
        Some(end)
    }
}

/// Simple lower-casing: a character whose lower case is several characters is kept, and
/// so is a non-ASCII character whose lower case is ASCII (the Kelvin sign), so that
/// ASCII letters only ever match ASCII letters.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if !l.is_ascii() => l,
        _ => c,
    }
}

/// Steps one match attempt may take before the pattern is handed to the `regex` crate,
/// whose matching time is linear whatever the pattern: a glossary may come from a pull
/// request, and "[a] [a] [a] …" would otherwise backtrack exponentially.
const STEP_BUDGET: u32 = 20_000;

/// A parsed claim or promise pattern, matched by a small backtracking matcher that
/// follows the `regex` crate's leftmost-first semantics (see [`Pattern::find_at`]).
/// Matching needs no compilation: a glossary of thousands of patterns loads in
/// milliseconds, where building one regex per pattern took a millisecond each.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pattern {
    nodes: Vec<Node>,
    has_value: bool,
    /// Bytes a match can start with (a cheap filter before each attempt).
    first_bytes: ByteSet,
    /// The same bytes when they are one to three ASCII bytes ("r" and "R" for
    /// "reduce …"): then memchr jumps from one possible start to the next.
    first_ascii: Option<FirstAscii>,
    /// The ASCII characters every match starts with, up to eight ("reduce c" for
    /// "reduce churn by {value}"), folded: a place whose next eight bytes, lower-cased,
    /// differ is not attempted.
    prefix: Prefix,
    /// The equivalent regex, built only if an attempt exceeds [`STEP_BUDGET`]; from
    /// then on it does all the matching of this pattern.
    #[serde(skip)]
    fallback: std::sync::OnceLock<Option<regex::Regex>>,
}

/// The bytes a pattern can start with, if they are one to three ASCII bytes.
fn first_ascii_of(first: &[bool; 256]) -> Option<FirstAscii> {
    let bytes: Vec<u8> = (0..=255u8).filter(|&b| first[usize::from(b)]).collect();
    FirstAscii::of_distinct(&bytes)
}

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn contains(self, b: u8) -> bool {
        self.0[usize::from(b / 64)] & (1 << (b % 64)) != 0
    }
}

/// A match of a [`Pattern`]: byte ranges into the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch {
    /// The whole match.
    pub range: Range<usize>,
    /// The quantity captured by `{value}`.
    pub value: Option<Range<usize>>,
}

/// How one attempt at one position ended.
enum Outcome {
    Matched(PatternMatch),
    Failed,
    /// Over [`STEP_BUDGET`]: the regex takes over.
    TooCostly,
}

/// Where an attempt stands: the text, the captured value, and the steps taken.
struct Attempt<'t> {
    text: &'t str,
    value: Option<Range<usize>>,
    steps: u32,
}

/// The rest of a match after a node: called with the position reached; true ends the
/// search with success.
type Continue<'k> = dyn FnMut(usize, &mut Attempt) -> bool + 'k;

impl Pattern {
    fn from_tokens(tokens: &[Token]) -> Pattern {
        Pattern::from_nodes(nodes_of(tokens))
    }

    fn from_nodes(nodes: Vec<Node>) -> Pattern {
        let mut first = [false; 256];
        first_set(&nodes, &mut first);
        let mut first_bytes = ByteSet([0; 4]);
        for (b, _) in first.iter().enumerate().filter(|(_, yes)| **yes) {
            first_bytes.0[b / 64] |= 1 << (b % 64);
        }
        Pattern {
            has_value: has_value(&nodes),
            prefix: ascii_prefix(&nodes),
            nodes,
            first_bytes,
            first_ascii: first_ascii_of(&first),
            fallback: std::sync::OnceLock::new(),
        }
    }

    /// Whether the text at `at` starts with [`Pattern::prefix`]: an ASCII letter of a
    /// pattern matches only an ASCII letter, so eight bytes lower-cased at once decide.
    fn prefix_matches(&self, bytes: &[u8], at: usize) -> bool {
        self.prefix.starts(load_lower(&bytes[at..]))
    }

    /// The pattern a claim or promise without `patterns` matches: its own text, word by
    /// word, with the approved value (at byte `value_at` of `text`, `value_len` long)
    /// replaced by any quantity.
    pub fn derived(text: &str, value: Option<(usize, usize)>) -> Pattern {
        let mut nodes = Vec::new();
        let words = |s: &str, nodes: &mut Vec<Node>| {
            for (n, word) in s.split_whitespace().enumerate() {
                if n > 0 {
                    nodes.push(Node::Space);
                }
                nodes.push(Node::Literal(Literal::new(word)));
            }
        };
        match value {
            Some((at, len)) if text.is_char_boundary(at) && text.is_char_boundary(at + len) => {
                let (before, after) = (&text[..at], &text[at + len..]);
                words(before, &mut nodes);
                if before.ends_with(char::is_whitespace) && !before.trim().is_empty() {
                    nodes.push(Node::Space);
                }
                nodes.push(Node::Value);
                if after.starts_with(char::is_whitespace) && !after.trim().is_empty() {
                    nodes.push(Node::Space);
                }
                words(after, &mut nodes);
            }
            _ => words(text, &mut nodes),
        }
        Pattern::from_nodes(nodes)
    }

    /// Whether the pattern captures `{value}`.
    pub fn has_value(&self) -> bool {
        self.has_value
    }

    /// The equivalent `regex` source (case-insensitive, group `value`).
    pub fn regex_source(&self) -> String {
        let mut out = String::from("(?i)");
        emit(&self.nodes, &mut out);
        out
    }

    /// Literal words of which at least one occurs in every match, for the glossary's
    /// one-pass prefilter: the longest required word, or one word from each of a set of
    /// required alternatives. Each stands apart from neighbouring words in every match
    /// (a space, a hyphen or the pattern's edge next to it), so the prefilter may look
    /// for it as a whole word. `None` when no such ASCII word exists; the pattern is
    /// then tried on every block.
    pub fn anchors(&self) -> Option<Vec<String>> {
        let mut best: Option<Vec<String>> = None;
        let mut consider = |set: Vec<String>| {
            let score = |s: &[String]| (s.iter().map(String::len).min().unwrap_or(0), !s.len());
            if best.as_ref().is_none_or(|b| score(&set) > score(b)) {
                best = Some(set);
            }
        };
        let nodes = &self.nodes;
        for i in 0..nodes.len() {
            let (before, after) = (&nodes[..i], &nodes[i + 1..]);
            match &nodes[i] {
                Node::Literal(l) => {
                    if let Some(word) = standalone(l, open_before(before), open_after(after)) {
                        consider(vec![word]);
                    }
                }
                Node::Alternatives(branches) => {
                    let per_branch: Option<Vec<String>> = branches
                        .iter()
                        .map(|b| match b.as_slice() {
                            [Node::Literal(l)] => {
                                standalone(l, open_before(before), open_after(after))
                            }
                            _ => None,
                        })
                        .collect();
                    if let Some(set) = per_branch {
                        consider(set);
                    }
                }
                _ => {}
            }
        }
        best
    }

    /// The word every match starts with, lower-cased, when the pattern starts with an
    /// ASCII word that stands apart (a space, a hyphen or the pattern's end follows it):
    /// every match that passes the word boundary check starts where that word stands
    /// as a whole word, so the matcher can try exactly there
    /// ([`Pattern::find_at_starts`]) instead of searching the text.
    pub fn leading_word(&self) -> Option<String> {
        match self.nodes.split_first() {
            Some((Node::Literal(l), rest)) => standalone(l, true, open_after(rest)),
            _ => None,
        }
    }

    /// Like [`Pattern::find_at_word_start`], but tries only the places in `starts`
    /// (increasing): the places where [`Pattern::leading_word`] stands as a whole word.
    /// The matcher's search loop then finds the same matches, without a scan of the
    /// text between them.
    pub fn find_at_starts(
        &self,
        text: &str,
        from: usize,
        starts: &[usize],
    ) -> Option<PatternMatch> {
        if self.fallback.get().is_some() {
            return self.find_with_regex(text, from);
        }
        let bytes = text.as_bytes();
        let first = starts.partition_point(|&s| s < from);
        for &at in &starts[first..] {
            if at < bytes.len() && self.prefix_matches(bytes, at) {
                if let ControlFlow::Break(found) = self.try_at(text, at) {
                    return found;
                }
            }
        }
        None
    }

    /// The leftmost match starting at or after byte `from`, the way the `regex` crate's
    /// `captures_at` finds it with [`Pattern::regex_source`]: the earliest start, and
    /// there the alternatives and optional words in written order. `{value}` tries the
    /// quantities that start at its position, longest first.
    pub fn find_at(&self, text: &str, from: usize) -> Option<PatternMatch> {
        self.find(text, from, false)
    }

    /// Like [`Pattern::find_at`], but skips starts glued to a preceding word (a word
    /// character after a word character), where a match could never pass the word
    /// boundary check. The matcher's search loop (retry one character after a match
    /// that fails that check) finds the same matches either way, faster this way.
    pub fn find_at_word_start(&self, text: &str, from: usize) -> Option<PatternMatch> {
        self.find(text, from, true)
    }

    /// Whether every match starts with `{value}`.
    pub fn starts_with_value(&self) -> bool {
        matches!(self.nodes.first(), Some(Node::Value))
    }

    /// Like [`Pattern::find_at_word_start`] for a pattern that [starts with
    /// `{value}`](Self::starts_with_value), given the quantities `spans` of `text`
    /// (`quantity::find_all`): every place a quantity starts lies inside one of them,
    /// so only those places are tried.
    pub fn find_in_quantities(
        &self,
        text: &str,
        from: usize,
        spans: &[Range<usize>],
    ) -> Option<PatternMatch> {
        if !self.starts_with_value() || self.fallback.get().is_some() {
            return self.find_at_word_start(text, from);
        }
        let first = spans.partition_point(|s| s.end <= from);
        for span in &spans[first..] {
            let mut start = span.start.max(from);
            while start < span.end {
                if !text.is_char_boundary(start) {
                    start += 1;
                    continue;
                }
                let glued = text[start..].chars().next().is_some_and(is_word_char)
                    && text[..start].chars().next_back().is_some_and(is_word_char);
                if !glued {
                    if let ControlFlow::Break(found) = self.try_at(text, start) {
                        return found;
                    }
                }
                start += 1;
            }
        }
        None
    }

    fn find(&self, text: &str, from: usize, word_starts_only: bool) -> Option<PatternMatch> {
        if self.fallback.get().is_some() {
            return self.find_with_regex(text, from);
        }
        let bytes = text.as_bytes();
        if let Some(first) = self.first_ascii {
            let mut start = from;
            while let Some(offset) = bytes.get(start..).and_then(|rest| first.find(rest)) {
                // An ASCII byte: always a character boundary.
                let at = start + offset;
                let glued = word_starts_only
                    && is_ascii_word(bytes[at])
                    && text[..at].chars().next_back().is_some_and(is_word_char);
                if !glued && self.prefix_matches(bytes, at) {
                    if let ControlFlow::Break(found) = self.try_at(text, at) {
                        return found;
                    }
                }
                start = at + 1;
            }
            return None;
        }
        let mut start = from;
        // Whether the character before `start` is a word character.
        let mut after_word = word_starts_only
            && text[..from.min(text.len())]
                .chars()
                .next_back()
                .is_some_and(is_word_char);
        while start < bytes.len() {
            let b = bytes[start];
            if (b & 0xC0) == 0x80 {
                start += 1;
                continue;
            }
            let here_word = if b.is_ascii() {
                is_ascii_word(b)
            } else {
                text[start..].chars().next().is_some_and(is_word_char)
            };
            let glued = word_starts_only && here_word && after_word;
            after_word = here_word;
            if glued || !self.first_bytes.contains(b) || !self.prefix_matches(bytes, start) {
                start += 1;
                continue;
            }
            if let ControlFlow::Break(found) = self.try_at(text, start) {
                return found;
            }
            start += 1;
        }
        None
    }

    /// One attempt at `start`: `Break` ends the search with its answer (a match here,
    /// or, when the attempt was too costly, the regex's answer from here on).
    fn try_at(&self, text: &str, start: usize) -> ControlFlow<Option<PatternMatch>> {
        match self.attempt(text, start) {
            Outcome::Matched(m) => ControlFlow::Break(Some(m)),
            Outcome::TooCostly => ControlFlow::Break(self.find_with_regex(text, start)),
            Outcome::Failed => ControlFlow::Continue(()),
        }
    }

    /// One attempt to match exactly at `start`.
    fn attempt(&self, text: &str, start: usize) -> Outcome {
        let mut attempt = Attempt {
            text,
            value: None,
            steps: 0,
        };
        let mut end = None;
        let matched = seq(&self.nodes, start, &mut attempt, &mut |e, _| {
            end = Some(e);
            true
        });
        if attempt.steps > STEP_BUDGET {
            return Outcome::TooCostly;
        }
        match (matched, end) {
            (true, Some(end)) => Outcome::Matched(PatternMatch {
                range: start..end,
                value: attempt.value,
            }),
            _ => Outcome::Failed,
        }
    }

    fn find_with_regex(&self, text: &str, from: usize) -> Option<PatternMatch> {
        let regex = self.fallback.get_or_init(|| {
            regex::RegexBuilder::new(&self.regex_source())
                .size_limit(1 << 24)
                .build()
                .ok()
        });
        let caps = regex.as_ref()?.captures_at(text, from)?;
        let whole = caps.get(0)?;
        Some(PatternMatch {
            range: whole.range(),
            value: caps.name("value").map(|v| v.range()),
        })
    }
}

/// A literal's lower-cased text as an anchor, if it is ASCII and stands apart from any
/// word character next to it in every match.
fn standalone(l: &Literal, open_before: bool, open_after: bool) -> Option<String> {
    let text = &l.written;
    let starts_word = text.bytes().next().is_some_and(is_ascii_word);
    let ends_word = text.bytes().next_back().is_some_and(is_ascii_word);
    (text.is_ascii() && (open_before || !starts_word) && (open_after || !ends_word))
        .then(|| text.to_ascii_lowercase())
}

/// Whether what comes before the next node is never a word character of the match: the
/// pattern's start (the matcher checks the word boundary there), a space or a hyphen,
/// possibly after optional words that end with one.
fn open_before(nodes: &[Node]) -> bool {
    match nodes.split_last() {
        None => true,
        Some((Node::Space | Node::Hyphen, _)) => true,
        Some((Node::Optional(inner), rest)) => {
            matches!(inner.last(), Some(Node::Space | Node::Hyphen)) && open_before(rest)
        }
        Some(_) => false,
    }
}

/// Whether what follows a node is never a word character of the match (the mirror of
/// [`open_before`]).
fn open_after(nodes: &[Node]) -> bool {
    match nodes.split_first() {
        None => true,
        Some((Node::Space | Node::Hyphen, _)) => true,
        Some((Node::Optional(inner), rest)) => {
            matches!(inner.first(), Some(Node::Space | Node::Hyphen)) && open_after(rest)
        }
        Some(_) => false,
    }
}

/// Tokens as matcher nodes: an optional group takes the space that joins it.
fn nodes_of(tokens: &[Token]) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1), tokens.get(i + 2)) {
            // "a [b] c": the space belongs to the optional words.
            (Token::Optional(inner), Some(Token::Space), _) => {
                let mut inner = nodes_of(inner);
                inner.push(Node::Space);
                nodes.push(Node::Optional(inner));
                i += 2;
            }
            // "a [b]" at the end: the space before it is optional too.
            (Token::Space, Some(Token::Optional(inner)), next) if next != Some(&Token::Space) => {
                let mut with_space = vec![Node::Space];
                with_space.extend(nodes_of(inner));
                nodes.push(Node::Optional(with_space));
                i += 2;
            }
            (token, _, _) => {
                nodes.push(match token {
                    Token::Literal(s) => Node::Literal(Literal::new(s)),
                    Token::Space => Node::Space,
                    Token::Hyphen => Node::Hyphen,
                    Token::Value => Node::Value,
                    Token::Alternatives(branches) => {
                        Node::Alternatives(branches.iter().map(|b| nodes_of(b)).collect())
                    }
                    Token::Optional(inner) => Node::Optional(nodes_of(inner)),
                });
                i += 1;
            }
        }
    }
    nodes
}

fn has_value(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Value => true,
        Node::Alternatives(branches) => branches.iter().any(|b| has_value(b)),
        Node::Optional(inner) => has_value(inner),
        _ => false,
    })
}

/// The ASCII characters a match of `nodes` always starts with (the first literal's, up
/// to eight and up to its first non-ASCII character), folded; the empty prefix, which
/// every place starts with, when it starts otherwise.
fn ascii_prefix(nodes: &[Node]) -> Prefix {
    let Some(Node::Literal(literal)) = nodes.first() else {
        return Prefix::default();
    };
    let bytes: Vec<u8> = literal
        .folded
        .iter()
        .take_while(|c| c.is_ascii())
        .take(8)
        .map(|&c| c as u8)
        .collect();
    Prefix::of(&bytes)
}

/// Marks the bytes a match of `nodes` can start with; true if `nodes` can match empty.
fn first_set(nodes: &[Node], set: &mut [bool; 256]) -> bool {
    let non_ascii = |set: &mut [bool; 256]| set[0x80..].iter_mut().for_each(|b| *b = true);
    let whitespace = |set: &mut [bool; 256]| {
        for b in [b' ', b'\t', b'\n', b'\r', 0x0B, 0x0C] {
            set[b as usize] = true;
        }
        non_ascii(set);
    };
    for node in nodes {
        let nullable = match node {
            Node::Literal(l) => match l.folded.first() {
                Some(c) if c.is_ascii() => {
                    set[c.to_ascii_lowercase() as usize] = true;
                    set[c.to_ascii_uppercase() as usize] = true;
                    false
                }
                Some(_) => {
                    non_ascii(set);
                    false
                }
                None => true,
            },
            Node::Space => {
                whitespace(set);
                false
            }
            Node::Hyphen => {
                whitespace(set);
                set[b'-' as usize] = true;
                false
            }
            Node::Value => {
                // Currency signs and codes, digits, number words; non-ASCII digits and
                // signs start with a byte of 0x80 or more.
                for b in (b'0'..=b'9').chain(crate::quantity::WORD_INITIALS.bytes()) {
                    set[b as usize] = true;
                    set[b.to_ascii_uppercase() as usize] = true;
                }
                set[b'.' as usize] = true;
                set[b'$' as usize] = true;
                non_ascii(set);
                false
            }
            Node::Alternatives(branches) => {
                let mut any_empty = false;
                for b in branches {
                    any_empty |= first_set(b, set);
                }
                any_empty
            }
            Node::Optional(inner) => {
                first_set(inner, set);
                true
            }
        };
        if !nullable {
            return false;
        }
    }
    true
}

/// Matches `nodes` at `pos`, then calls `k` with the end; backtracks in written order.
fn seq(nodes: &[Node], pos: usize, at: &mut Attempt, k: &mut Continue) -> bool {
    at.steps += 1;
    if at.steps > STEP_BUDGET {
        return false;
    }
    let Some((node, rest)) = nodes.split_first() else {
        return k(pos, at);
    };
    match node {
        Node::Literal(l) => match l.match_at(at.text, pos) {
            Some(end) => seq(rest, end, at, k),
            None => false,
        },
        Node::Space => {
            // `\s+` is greedy: the longest run first.
            let run_end = whitespace_end(at.text, pos);
            longest_first(at.text, pos, run_end, false).any(|end| seq(rest, end, at, k))
        }
        Node::Hyphen => {
            // `\s*-\s*` first, then `\s+`.
            let run_end = whitespace_end(at.text, pos);
            if at.text[run_end..].starts_with('-') {
                let dash_end = run_end + 1;
                let after = whitespace_end(at.text, dash_end);
                if longest_first(at.text, dash_end, after, true).any(|end| seq(rest, end, at, k)) {
                    return true;
                }
            }
            longest_first(at.text, pos, run_end, false).any(|end| seq(rest, end, at, k))
        }
        Node::Value => {
            let mut ends = [0usize; MAX_QUANTITY_ENDS];
            let found = crate::quantity::ends_at(at.text, pos, &mut ends);
            for &end in ends[..found].iter().rev() {
                let saved = at.value.replace(pos..end);
                if seq(rest, end, at, k) {
                    return true;
                }
                at.value = saved;
            }
            false
        }
        Node::Alternatives(branches) => branches
            .iter()
            .any(|b| seq(b, pos, at, &mut |p, at: &mut Attempt| seq(rest, p, at, k))),
        Node::Optional(inner) => {
            seq(inner, pos, at, &mut |p, at: &mut Attempt| {
                seq(rest, p, at, k)
            }) || seq(rest, pos, at, k)
        }
    }
}

/// How many quantity ends one `{value}` position considers (the longest ones).
const MAX_QUANTITY_ENDS: usize = 16;

/// The end of the whitespace run starting at `pos` (`pos` itself if there is none).
fn whitespace_end(text: &str, pos: usize) -> usize {
    text[pos..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| pos + i)
}

/// Every end of a whitespace run `start..end`, longest first; `start` itself only when
/// `allow_empty`.
fn longest_first(
    text: &str,
    start: usize,
    end: usize,
    allow_empty: bool,
) -> impl Iterator<Item = usize> + '_ {
    let mut next = Some(end);
    std::iter::from_fn(move || {
        let current = next?;
        if current == start && !allow_empty {
            return None;
        }
        next = (current > start).then(|| {
            current
                - text[start..current]
                    .chars()
                    .next_back()
                    .map_or(1, char::len_utf8)
        });
        Some(current)
    })
}

fn emit(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Literal(l) => out.push_str(&regex::escape(&l.written)),
            Node::Space => out.push_str(r"\s+"),
            Node::Hyphen => out.push_str(r"(?:\s*-\s*|\s+)"),
            Node::Value => {
                out.push_str("(?P<value>");
                out.push_str(quantity_regex_source());
                out.push(')');
            }
            Node::Alternatives(alternatives) => {
                out.push_str("(?:");
                for (n, alternative) in alternatives.iter().enumerate() {
                    if n > 0 {
                        out.push('|');
                    }
                    emit(alternative, out);
                }
                out.push(')');
            }
            Node::Optional(inner) => {
                out.push_str("(?:");
                emit(inner, out);
                out.push_str(")?");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The match of the equivalent regex, after checking that the matcher agrees.
    fn matches(pattern: &str, text: &str) -> Option<(String, Option<String>)> {
        let (source, _) = compile(pattern).unwrap();
        let re = Regex::new(&source).unwrap();
        let by_regex = re.captures(text).map(|c| {
            (
                c[0].to_string(),
                c.name("value").map(|v| v.as_str().to_string()),
            )
        });
        let by_matcher = parse(pattern).unwrap().find_at(text, 0).map(|m| {
            (
                text[m.range].to_string(),
                m.value.map(|v| text[v].to_string()),
            )
        });
        assert_eq!(by_matcher, by_regex, "{pattern:?} on {text:?}");
        by_regex
    }

    #[test]
    fn value_alternatives_and_case() {
        let m = matches(
            "{value} (satisfaction|money-back) guarantee",
            "a 60-Day Money-Back guarantee",
        );
        assert_eq!(
            m,
            Some(("60-Day Money-Back guarantee".into(), Some("60-Day".into())))
        );
    }

    #[test]
    fn hyphen_matches_space_and_whitespace_matches_runs() {
        assert!(matches("money-back guarantee", "money back\n  guarantee").is_some());
        assert!(matches("money-back guarantee", "moneyback guarantee").is_none());
    }

    #[test]
    fn optional_words() {
        assert!(matches("close [over] {value} more deals", "close 67% more deals").is_some());
        assert!(matches(
            "close [over] {value} more deals",
            "close over 67% more deals"
        )
        .is_some());
        assert!(matches("free trial [today]", "free trial").is_some());
        assert!(matches("free trial [today]", "free trial today").is_some());
    }

    #[test]
    fn starts_are_found_by_their_first_bytes_or_by_walking() {
        // "close …" can start only at `c` or `C` (memchr); "(cut|reduce) …" at four
        // bytes and "{value} …" at many (the walk over every character).
        let close = parse("close {value} more deals").unwrap();
        assert!(close.first_ascii.is_some());
        assert!(parse("(cut|reduce) churn").unwrap().first_ascii.is_none());
        assert!(parse("{value} more deals").unwrap().first_ascii.is_none());
        let text = "Enclose 5% more deals; Close 67% more deals; close 9% more deals";
        let found = |from| close.find_at_word_start(text, from).map(|m| m.range);
        // "Enclose" is glued to a word: skipped. The match starts at "Close".
        assert_eq!(found(0), Some(23..43));
        assert_eq!(found(24), Some(45..64));
        assert_eq!(found(46), None);
        assert_eq!(close.find_at(text, 0).map(|m| m.range), Some(2..21));
        // Non-ASCII text before a start: still a character boundary, never a panic.
        let accented = "Déjà close 3x more deals";
        assert_eq!(
            close.find_at_word_start(accented, 0).map(|m| m.range),
            Some(7..26)
        );
        assert_eq!(close.find_at_word_start(accented, 200), None);
    }

    #[test]
    fn literal_regex_characters_are_escaped() {
        assert!(matches("#1 choice.", "our #1 choice.").is_some());
        assert!(matches("#1 choice.", "our #1 choicex").is_none());
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(compile("a {val} b").unwrap_err().offset, 2);
        assert_eq!(compile("a (b|c").unwrap_err().offset, 2);
        assert_eq!(compile("a b)").unwrap_err().offset, 3);
        assert!(compile("{value} and {value}").is_err());
        assert!(compile("(a||b)").is_err());
        assert!(compile("   ").is_err());
    }
}
