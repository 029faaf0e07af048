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

/// Lower-case ASCII words to look for in a sentence ([`has_any`]), with the shapes
/// (first letter and length) they have, which rule most words of a sentence out
/// without comparing them to the list.
pub struct WordList {
    words: &'static [&'static str],
    /// `shapes[b]` has bit `n` set when a word starts with byte `b` and is `n` long.
    shapes: [u64; 128],
}

impl WordList {
    /// The list of `words` (lower-case ASCII, shorter than 64 bytes).
    pub const fn new(words: &'static [&'static str]) -> WordList {
        let mut shapes = [0u64; 128];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty() && word.len() < 64 && word[0] < 128);
            shapes[word[0] as usize] |= 1 << word.len();
            i += 1;
        }
        WordList { words, shapes }
    }

    /// Whether `word` (ASCII, any case) is in the list.
    fn contains_ascii(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let shape = match bytes.first() {
            Some(&b) if bytes.len() < 64 => self.shapes[usize::from(b.to_ascii_lowercase())],
            _ => 0,
        };
        shape & (1 << (bytes.len() % 64)) != 0
            && self.words.iter().any(|l| l.eq_ignore_ascii_case(word))
    }
}

/// In a sentence with one of these, numbers are targets, thresholds, rules or budgets
/// ("if conversion drops below 4%", "target: 20% lift"), not claims.
pub const TARGET_WORDS: WordList = WordList::new(&[
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
]);

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
pub fn has_any(sentence: &str, list: &WordList) -> bool {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            // The lists are lower-case ASCII: an ASCII word needs no lower-cased copy.
            if w.is_ascii() {
                list.contains_ascii(w)
            } else {
                list.words.contains(&w.to_lowercase().as_str())
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
        || has_any(sentence, &TARGET_WORDS)
        || is_question(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_any_finds_whole_words_in_any_case() {
        const LIST: WordList = WordList::new(&["if", "target", "kpi"]);
        assert!(has_any("Hit the TARGET by May.", &LIST));
        assert!(has_any("If so, 20%.", &LIST));
        assert!(has_any("Our KPI.", &LIST));
        assert!(!has_any(
            "Targets, targeted, iffy, pre-target, kpis.",
            &LIST
        ));
        assert!(!has_any("", &LIST));
        // Every word of the real list is found, whatever its case.
        for word in TARGET_WORDS.words {
            assert!(has_any(
                &format!("a {} b", word.to_uppercase()),
                &TARGET_WORDS
            ));
        }
    }
}
