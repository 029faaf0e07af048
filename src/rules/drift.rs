#![doc = include_str!("../../docs/rules/drift.md")]

use super::context::{
    ends_cleanly, lower_case, not_a_statement, starts_cleanly, words_after, words_before,
};
use super::{Context, RuleId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::quantity::{Dimension, Quantity};
use crate::source::LineIndex;
use std::borrow::Cow;
use std::collections::HashMap;

/// Words too common to make two statements the same statement.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "by", "with", "at", "from", "and", "or",
    "our", "your", "their", "its", "my", "we", "you", "they", "it", "is", "are", "be", "was",
    "were", "this", "that", "these", "those", "as", "than", "per", "up", "over", "under", "about",
    "into", "after", "before", "within", "only", "just", "all", "any", "each", "every", "has",
    "have", "had", "can", "will", "get", "gets", "i", "if", "not", "no", "so", "but",
];

/// Nouns of commitments: the two words after a quantity are enough to identify the
/// statement when one of these is among them ("{duration} money-back guarantee").
const COMMITMENTS: &[&str] = &[
    "guarantee",
    "money-back",
    "trial",
    "warranty",
    "refund",
    "refunds",
    "discount",
    "sla",
    "uptime",
    "support",
    "contract",
    "subscription",
    "subscriptions",
    "pricing",
    "price",
    "license",
    "licence",
    "onboarding",
    "implementation",
    "delivery",
    "shipping",
    "returns",
    "satisfaction",
    "credit",
    "credits",
    "off",
    "commitment",
    "notice",
    "cancellation",
    "response",
    "resolution",
    "availability",
];

/// A key used with this many different values is a generic phrase ("{duration}
/// rolling average"), not one statement that drifted.
const MAX_VALUES: usize = 3;

/// A key found in more documents than this is boilerplate, not one statement.
const MAX_DOCUMENTS: usize = 30;

/// A statement with a quantity in one document, keyed by the words around it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Keys: the words around the quantity with the quantity masked, e.g.
    /// `"{duration} money-back guarantee"`.
    pub keys: Vec<String>,
    /// The quantity, normalised.
    pub quantity: Quantity,
    /// The quantity as written.
    pub said: String,
    /// Byte offset and length of the quantity in the file.
    pub offset: usize,
    /// Length in bytes.
    pub length: usize,
    /// 1-based line.
    pub line: usize,
    /// Whether a suppression comment covers it (it still counts as the other side).
    pub suppressed: bool,
    /// The suppression comment that covers it, by index in the document.
    pub suppressed_by: Option<usize>,
}

/// The statements of one document that drift could be about: quantities with units,
/// not glued to other characters, outside every approved claim and promise.
pub fn candidates(ctx: &Context<'_>, index: &LineIndex) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (b, block) in ctx.document.blocks.iter().enumerate() {
        let text = block.text.as_str();
        for (range, parsed) in ctx
            .quantities_in(b)
            .iter()
            .cloned()
            .zip(ctx.parsed_quantities_in(b))
        {
            // The cheap tests first: most numbers in prose are bare counts.
            if !starts_cleanly(text, range.start) || !ends_cleanly(text, range.end) {
                continue;
            }
            // "$185/mo", "20%/year": rates in a price list, not statements.
            if text[range.end..].trim_start().starts_with('/') {
                continue;
            }
            let Some(q) = *parsed else {
                continue;
            };
            let tag = match q.unit.dimension() {
                Dimension::Number => continue,
                Dimension::Percent => "{percent}",
                Dimension::Multiplier => "{multiplier}",
                Dimension::Duration => "{duration}",
                Dimension::Money => "{money}",
            };
            let covered = ctx
                .uses_in(b)
                .iter()
                .any(|u| u.range.start < range.end && range.start < u.range.end);
            if covered {
                continue;
            }
            // Targets, thresholds and bounds are not statements that can drift.
            let sentence = &text[ctx.sentence_at(b, range.start)];
            let before = words_before(text, range.start, 4);
            let after = words_after(text, range.end, 4);
            if not_a_statement(text, sentence, &range, &before, &after) {
                continue;
            }
            let keys = keys(text, range.clone(), tag);
            if keys.is_empty() {
                continue;
            }
            let src = block.source_range(range.clone());
            let line = index.line_of(src.start);
            let suppressed_by =
                ctx.document
                    .suppressions
                    .suppressor(RuleId::Drift.name(), src.start, line);
            out.push(Candidate {
                keys,
                quantity: q,
                said: text[range.clone()].to_string(),
                offset: src.start,
                length: src.end - src.start,
                line: line + 1,
                suppressed: suppressed_by.is_some(),
                suppressed_by,
            });
        }
    }
    out
}

/// A window word: trimmed of punctuation (not of `\0`, which stands for code) and
/// lower-cased.
fn window_word(word: &str) -> Cow<'_, str> {
    lower_case(word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\0'))
}

/// The words of `text` split at whitespace.
fn window_words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
}

/// The keys of one quantity: two words each side, or the two words after it, as long
/// as the window has two words that are not stopwords and stays in one sentence.
fn keys(text: &str, range: std::ops::Range<usize>, tag: &str) -> Vec<String> {
    let sentence_start = text[..range.start]
        .rfind(['.', '!', '?', ';', ':', '\0'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let sentence_end = text[range.end..]
        .find(['.', '!', '?', ';', ':', '\0'])
        .map(|i| range.end + i)
        .unwrap_or(text.len());
    // The two words each side of the quantity, in order.
    let mut b2: Vec<Cow<str>> = window_words(&text[sentence_start..range.start])
        .rev()
        .take(2)
        .map(window_word)
        .collect();
    b2.reverse();
    let a2: Vec<Cow<str>> = window_words(&text[range.end..sentence_end])
        .take(2)
        .map(window_word)
        .collect();
    let content = |words: &[Cow<str>]| {
        words
            .iter()
            .filter(|w| {
                !w.is_empty()
                    && !STOPWORDS.contains(&w.as_ref())
                    && !w.starts_with(|c: char| c.is_ascii_digit())
            })
            .count()
    };
    let mut keys = Vec::new();
    let commitment = a2.iter().any(|w| COMMITMENTS.contains(&w.as_ref()));
    if a2.len() == 2 && content(&a2) == 2 && commitment {
        keys.push(format!("{tag} {}", a2.join(" ")));
    }
    if b2.len() == 2 && a2.len() == 2 && content(&b2) + content(&a2) >= 3 {
        keys.push(format!("{} {tag} {}", b2.join(" "), a2.join(" ")));
    }
    keys
}

/// One document's candidates, for the run-wide comparison.
pub struct DocumentStatements<'a> {
    /// The path as shown.
    pub path: &'a str,
    /// The drift level for this document (`None`: the rule is off).
    pub level: Option<Severity>,
    /// Its candidates.
    pub candidates: &'a [Candidate],
}

/// Compares every document's statements: the same key with different quantities in
/// different documents is drift, reported at each side. Linear in the number of
/// statements (one hash map; no pairwise comparison of documents).
pub fn compare(documents: &[DocumentStatements<'_>]) -> Vec<(usize, Diagnostic)> {
    let mut groups: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (d, doc) in documents.iter().enumerate() {
        for (c, cand) in doc.candidates.iter().enumerate() {
            for key in &cand.keys {
                groups.entry(key.as_str()).or_default().push((d, c));
            }
        }
    }
    // The most specific key first, so each statement is reported once, with the
    // closest wording.
    let mut keys: Vec<&str> = groups.keys().copied().collect();
    keys.sort_by_key(|k| (std::cmp::Reverse(k.split(' ').count()), *k));
    let mut reported: std::collections::HashSet<(usize, usize)> = Default::default();
    let mut out = Vec::new();
    for key in keys {
        let members = &groups[key];
        if !one_statement(documents, members) {
            continue;
        }
        for &(d, c) in members {
            let doc = &documents[d];
            let Some(level) = doc.level else { continue };
            let cand = &doc.candidates[c];
            if cand.suppressed || reported.contains(&(d, c)) {
                continue;
            }
            let mut others: Vec<&(usize, usize)> = members
                .iter()
                .filter(|(od, oc)| {
                    *od != d
                        && !documents[*od].candidates[*oc]
                            .quantity
                            .same_as(&cand.quantity)
                })
                .collect();
            if others.is_empty() {
                continue;
            }
            others
                .sort_by_key(|(od, oc)| (documents[*od].path, documents[*od].candidates[*oc].line));
            others.dedup_by_key(|(od, oc)| (*od, documents[*od].candidates[*oc].line));
            reported.insert((d, c));
            out.push((d, diagnostic(documents, cand, &others, level)));
        }
    }
    out
}

/// Whether a group of same-key statements looks like one statement that drifted,
/// rather than a generic phrase used with many values in many documents.
fn one_statement(documents: &[DocumentStatements<'_>], members: &[(usize, usize)]) -> bool {
    let mut docs: Vec<usize> = members.iter().map(|(d, _)| *d).collect();
    docs.sort_unstable();
    docs.dedup();
    if docs.len() < 2 || docs.len() > MAX_DOCUMENTS {
        return false;
    }
    let mut values: Vec<&Quantity> = Vec::new();
    for (d, c) in members {
        let q = &documents[*d].candidates[*c].quantity;
        if !values.iter().any(|v| v.same_as(q)) {
            values.push(q);
            if values.len() > MAX_VALUES {
                return false;
            }
        }
    }
    values.len() >= 2
}

fn diagnostic(
    documents: &[DocumentStatements<'_>],
    cand: &Candidate,
    others: &[&(usize, usize)],
    level: Severity,
) -> Diagnostic {
    let at = |(d, c): &(usize, usize)| {
        let doc = &documents[*d];
        let other = &doc.candidates[*c];
        (format!("`{}:{}`", doc.path, other.line), other)
    };
    // One "says" per distinct value, then the other places as "also".
    let mut says: Vec<String> = Vec::new();
    let mut seen: Vec<&Quantity> = Vec::new();
    let mut also: Vec<String> = Vec::new();
    for o in others {
        let (place, other) = at(o);
        if seen.iter().any(|q| q.same_as(&other.quantity)) || says.len() >= 3 {
            also.push(place);
        } else {
            seen.push(&other.quantity);
            says.push(format!("{place} says {}", other.said));
        }
    }
    let mut message = format!("{}; this says {}", says.join(" and "), cand.said);
    if !also.is_empty() {
        let more = also.len().saturating_sub(3);
        let shown: Vec<String> = also.into_iter().take(3).collect();
        message.push_str(&format!(" (also {}", shown.join(", ")));
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
        message.push(')');
    }
    Diagnostic {
        rule: RuleId::Drift,
        entry: None,
        severity: level,
        message,
        help: Some(
            "decide which is right, then add it to the glossary as a claim or promise so every document is checked against it"
                .into(),
        ),
        offset: cand.offset,
        length: cand.length,
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_mask_the_quantity_and_need_content_words() {
        let text = "Start your 30-day free trial today.";
        let at = text.find("30-day").unwrap();
        let k = keys(text, at..at + 6, "{duration}");
        assert_eq!(
            k,
            vec!["{duration} free trial", "start your {duration} free trial"]
        );
        // Without a commitment noun, the two words after are not enough.
        let text = "Run a 4-week pitch campaign now.";
        let at = text.find("4-week").unwrap();
        assert_eq!(
            keys(text, at..at + 6, "{duration}"),
            vec!["run a {duration} pitch campaign"]
        );
        let text = "It took 3 days of the time.";
        let at = text.find("3 days").unwrap();
        assert!(keys(text, at..at + 6, "{duration}").is_empty());
    }
}
