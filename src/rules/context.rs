//! Looking at the words around a match: shared by the rules that judge numbers in
//! context (`unsourced-stat`, `drift`).

use std::borrow::Cow;
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
pub fn words_after(text: &str, at: usize, n: usize) -> Vec<Cow<'_, str>> {
    text.get(at..)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| {
            if w == "/" {
                Cow::Borrowed(w)
            } else {
                lower_case(w.trim_matches(|c: char| !c.is_alphanumeric()))
            }
        })
        .collect()
}

/// Up to `n` words before byte `at`, in order, lower-cased and trimmed of punctuation.
pub fn words_before(text: &str, at: usize, n: usize) -> Vec<Cow<'_, str>> {
    let mut words: Vec<Cow<'_, str>> = text
        .get(..at)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| lower_case(w.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    words.reverse();
    words
}

/// `word` lower-cased: borrowed when it is lower-case ASCII already, as most words of
/// prose are (these run for every number in every block).
pub fn lower_case(word: &str) -> Cow<'_, str> {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Lower-case ASCII words to look for in a sentence ([`has_any`]), with the shapes
/// (first letter and length) they have, which rule most words of a sentence out
/// without comparing them to the list, and where the words of each first letter are.
pub struct WordList {
    /// Sorted, so that the words with one first letter are side by side.
    words: &'static [&'static str],
    /// `shapes[b]` has bit `n` set when a word starts with byte `b` and is `n` long.
    shapes: [u64; 128],
    /// The words that start with byte `b` are `words[by_initial[b]..by_initial[b + 1]]`.
    by_initial: [u16; 129],
}

impl WordList {
    /// The list of `words`: lower-case ASCII, shorter than 64 bytes, sorted and
    /// distinct (checked when the program is compiled).
    pub const fn new(words: &'static [&'static str]) -> WordList {
        let mut shapes = [0u64; 128];
        let mut by_initial = [0u16; 129];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            assert!(!word.is_empty() && word.len() < 64 && word[0] < 128);
            assert!(
                i == 0 || before(words[i - 1].as_bytes(), word),
                "a WordList must be sorted, without duplicates"
            );
            shapes[word[0] as usize] |= 1 << word.len();
            // Every initial after this word's starts after it.
            let mut b = word[0] as usize + 1;
            while b <= 128 {
                by_initial[b] = i as u16 + 1;
                b += 1;
            }
            i += 1;
        }
        WordList {
            words,
            shapes,
            by_initial,
        }
    }

    /// Whether `word` (ASCII, any case) is in the list.
    fn contains_ascii(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let initial = match bytes.first() {
            Some(&b) if bytes.len() < 64 => usize::from(b.to_ascii_lowercase() & 0x7f),
            _ => return false,
        };
        if self.shapes[initial] & (1 << bytes.len()) == 0 {
            return false;
        }
        let same_initial =
            usize::from(self.by_initial[initial])..usize::from(self.by_initial[initial + 1]);
        self.words[same_initial]
            .iter()
            .any(|l| l.eq_ignore_ascii_case(word))
    }
}

/// Whether `a` sorts strictly before `b`, byte by byte (a `const` comparison).
const fn before(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// In a sentence with one of these, numbers are targets, thresholds, rules or budgets
/// ("if conversion drops below 4%", "target: 20% lift"), not claims.
pub const TARGET_WORDS: WordList = WordList::new(&[
    "above",
    "achieve",
    "aim",
    "alert",
    "allocate",
    "assume",
    "assumption",
    "avoid",
    "baseline",
    "below",
    "benchmark",
    "budget",
    "cap",
    "confidence",
    "converges",
    "coupon",
    "criteria",
    "discount",
    "drops",
    "estimate",
    "estimated",
    "exceed",
    "exceeds",
    "expect",
    "expected",
    "fail",
    "flag",
    "floor",
    "goal",
    "goals",
    "hypothesis",
    "if",
    "kpi",
    "kpis",
    "launch",
    "lever",
    "limit",
    "marginal",
    "maximum",
    "minimum",
    "monitor",
    "multiplier",
    "must",
    "off",
    "pass",
    "power",
    "proceed",
    "promo",
    "ramp",
    "reward",
    "rewards",
    "roll",
    "rollout",
    "sample",
    "should",
    "significance",
    "significant",
    "spend",
    "sustain",
    "sustained",
    "target",
    "targets",
    "threshold",
    "thresholds",
    "tier",
    "tiers",
    "trigger",
    "triggers",
    "unless",
    "until",
    "variant",
    "variants",
    "volume",
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

/// Whether any word of `sentence` is in `list` (case-insensitive). A word is a run of
/// letters, digits, `-` and `.`, without its trailing dots.
pub fn has_any(sentence: &str, list: &WordList) -> bool {
    // Byte by byte, decoding only non-ASCII characters: this runs on the sentence of
    // every number in every block.
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                    break;
                }
                i += 1;
            } else {
                match sentence[i..].chars().next() {
                    Some(c) if c.is_alphanumeric() => {
                        ascii = false;
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        if i == start {
            // Not a word character: step over it.
            i += sentence[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = sentence[start..i].trim_end_matches('.');
        // The lists are lower-case ASCII: an ASCII word needs no lower-cased copy.
        let found = if ascii {
            list.contains_ascii(word)
        } else {
            list.words.contains(&word.to_lowercase().as_str())
        };
        if found {
            return true;
        }
    }
    false
}

/// "<= 20%", "at least 3x", "20% or more", "5%+", "(30%)", "Rate: 20%": bounds,
/// weights and labelled values.
pub fn is_bound_or_label(
    text: &str,
    range: &Range<usize>,
    before: &[Cow<str>],
    after: &[Cow<str>],
) -> bool {
    let prefix = text[..range.start].trim_end_matches(' ');
    let operator = prefix.ends_with([
        '<', '>', '=', '~', '\u{2264}', '\u{2265}', '\u{2248}', '\u{b1}', ':', '+', '\u{2192}',
    ]);
    let bracketed = prefix.ends_with('(') && text[range.end..].starts_with(')');
    let bound = before
        .last()
        .is_some_and(|w| BOUND_WORDS.contains(&w.as_ref()));
    let open_ended = text[range.end..].starts_with('+')
        || (after.first().is_some_and(|w| w == "or")
            && after.get(1).is_some_and(|w| {
                matches!(
                    w.as_ref(),
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
    before: &[Cow<str>],
    after: &[Cow<str>],
) -> bool {
    is_bound_or_label(text, range, before, after)
        || has_any(sentence, &TARGET_WORDS)
        || is_question(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `has_any` implements byte by byte.
    fn has_any_by_splitting(sentence: &str, list: &WordList) -> bool {
        sentence
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| !w.is_empty())
            .any(|w| list.words.contains(&w.to_lowercase().as_str()))
    }

    proptest::proptest! {
        #[test]
        fn has_any_reads_words_as_splitting_does(
            sentence in "((if|IF|If|kpi|KPI|target|é|É|ǅ|ÿ|x|-|\\.|,| |\\?|'|1|٣|\u{0}|\u{300})){0,12}"
        ) {
            const LIST: WordList = WordList::new(&["a.b", "if", "kpi", "target", "x-1"]);
            proptest::prop_assert_eq!(
                has_any(&sentence, &LIST),
                has_any_by_splitting(&sentence, &LIST),
                "{:?}", sentence
            );
        }
    }

    #[test]
    fn has_any_finds_whole_words_in_any_case() {
        const LIST: WordList = WordList::new(&["if", "kpi", "target"]);
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
