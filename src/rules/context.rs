//! Looking at the words around a match: shared by the rules that judge numbers in
//! context (`unsourced-stat`, `drift`).

use std::ops::Range;

/// A number must not be glued to other characters: versions ("v2.5x"), identifiers,
/// phone numbers and dates are digits joined by dots, dashes or letters.
pub fn starts_cleanly(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => {
            !(c.is_alphanumeric()
                || matches!(c, '.' | '-' | '/' | '+' | '#' | '^' | '_' | ':' | '['))
        }
    }
}

/// Whether a number ending at `at` ends cleanly (not "2.5.1", "10-20-30" or "3a").
pub fn ends_cleanly(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    match rest.chars().next() {
        None => true,
        Some(c) if c.is_alphanumeric() || matches!(c, '_' | ']') => false,
        // "2.5.1", "10-20-30": a version or a date, not a statistic.
        Some('.') | Some('-') | Some('/') | Some(':') => {
            !rest[1..].starts_with(|c: char| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Up to `n` words after byte `at`, lower-cased and trimmed of punctuation (a lone
/// "/" is kept: it marks a rate such as "2x / week").
pub fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    text.get(at..)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| {
            if w == "/" {
                w.to_string()
            } else {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            }
        })
        .collect()
}

/// Up to `n` words before byte `at`, in order, lower-cased and trimmed of punctuation.
pub fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    let mut words: Vec<String> = text
        .get(..at)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.reverse();
    words
}

/// In a sentence with one of these, numbers are targets, thresholds, rules or budgets
/// ("if conversion drops below 4%", "target: 20% lift"), not claims.
pub const TARGET_WORDS: &[&str] = &[
    "if",
    "unless",
    "target",
    "targets",
    "threshold",
    "thresholds",
    "goal",
    "goals",
    "kpi",
    "kpis",
    "benchmark",
    "baseline",
    "pass",
    "fail",
    "aim",
    "achieve",
    "expect",
    "expected",
    "must",
    "should",
    "alert",
    "trigger",
    "triggers",
    "flag",
    "drops",
    "exceeds",
    "exceed",
    "below",
    "above",
    "minimum",
    "maximum",
    "cap",
    "budget",
    "limit",
    "allocate",
    "spend",
    "until",
    "converges",
    "criteria",
    "estimate",
    "estimated",
    "assume",
    "assumption",
    "confidence",
    "significance",
    "significant",
    "power",
    "roll",
    "rollout",
    "launch",
    "sustained",
    "sustain",
    "floor",
    "ramp",
    "variant",
    "variants",
    "marginal",
    "monitor",
    "proceed",
    "tier",
    "tiers",
    "reward",
    "rewards",
    "avoid",
    "off",
    "discount",
    "coupon",
    "promo",
    "sample",
    "volume",
    "multiplier",
    "hypothesis",
    "lever",
];

/// Words just before a number that make it a bound or a target level, not a claim
/// ("at least 20%", "increase to 70%").
pub const BOUND_WORDS: &[&str] = &[
    "least", "most", "under", "below", "above", "within", "max", "min", "than", "to", "from",
    // Segments, not results: "the top 10% of users".
    "top", "bottom", "middle",
];

/// Whether a sentence asks rather than states ("is a 5% lift meaningful?)").
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches([')', '"', '\'', '*', '_'])
        .ends_with('?')
}

/// Whether any word of `sentence` is in `list` (case-insensitive).
pub fn has_any(sentence: &str, list: &[&str]) -> bool {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            // The lists are lower-case ASCII: an ASCII word needs no lower-cased copy.
            if w.is_ascii() {
                list.iter().any(|l| l.eq_ignore_ascii_case(w))
            } else {
                list.contains(&w.to_lowercase().as_str())
            }
        })
}

/// "<= 20%", "at least 3x", "20% or more", "5%+", "(30%)", "Rate: 20%": bounds,
/// weights and labelled values.
pub fn is_bound_or_label(
    text: &str,
    range: &Range<usize>,
    before: &[String],
    after: &[String],
) -> bool {
    let prefix = text[..range.start].trim_end_matches(' ');
    let operator = prefix.ends_with([
        '<', '>', '=', '~', '\u{2264}', '\u{2265}', '\u{2248}', '\u{b1}', ':', '+', '\u{2192}',
    ]);
    let bracketed = prefix.ends_with('(') && text[range.end..].starts_with(')');
    let bound = before
        .last()
        .is_some_and(|w| BOUND_WORDS.contains(&w.as_str()));
    let open_ended = text[range.end..].starts_with('+')
        || (after.first().is_some_and(|w| w == "or")
            && after.get(1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "more" | "less" | "higher" | "lower" | "above" | "below" | "better"
                )
            }));
    operator || bracketed || bound || open_ended
}

/// Whether the number at `range` is a target, bound, label or question rather than a
/// statement of fact: the shared test of `unsourced-stat` and `drift`.
pub fn not_a_statement(
    text: &str,
    sentence: &str,
    range: &Range<usize>,
    before: &[String],
    after: &[String],
) -> bool {
    is_bound_or_label(text, range, before, after)
        || has_any(sentence, TARGET_WORDS)
        || is_question(sentence)
}
