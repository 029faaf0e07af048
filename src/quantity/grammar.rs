//! The quantity grammar as regex source text. `build.rs` compiles it into the automata
//! embedded in the binary (this file is part of the build script too, so it uses
//! nothing but `std`); `quantity` reads it for the forms that need named parts.

/// The number words of the grammar and their values.
pub const UNITS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Every number word, longest first, as a regex alternation.
pub fn number_word_alternation() -> String {
    // Longest first so that "fourteen" is not read as "four".
    let mut words: Vec<&str> = UNITS.iter().map(|(w, _)| *w).collect();
    words.extend(["hundred", "thousand"]);
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

/// The currency codes, magnitudes and units of time both forms of the grammar read:
/// one list each, so that the regex that finds quantities and the one that reads them
/// cannot drift apart.
const CURRENCY_CODES: &str = "usd|eur|gbp";
const MAGNITUDES: &str = "k|m|bn|million|billion|thousand";
const DURATIONS: &str = "hours?|days?|weeks?|months?|years?";

/// A number: digits (with thousands separators and decimals) or number words.
fn number() -> String {
    let word = format!("(?:{})", number_word_alternation());
    let spelled = format!(r"{word}(?-u:\b)(?:(?:\s+and\s+|[\s-]+){word}(?-u:\b))*");
    let digits = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)";
    format!(r"(?:{digits}|{spelled})")
}

/// The regex (no capture groups, case-insensitive when embedded in a `(?i)` regex)
/// that matches one quantity in prose. Word boundaries are ASCII (`(?-u:\b)`): the
/// number words and units are ASCII, and a Unicode `\b` would keep a DFA from
/// searching any non-ASCII text.
pub fn prose_regex() -> String {
    let number = number();
    let currency = format!(r"(?:[$€£]\s?|(?:{CURRENCY_CODES})\s?)");
    let magnitude = format!(r"(?:\s?(?:{MAGNITUDES})(?-u:\b))");
    let one = format!(r"{currency}?{number}{magnitude}?");
    let unit = format!(
        r"(?:\s?%|\s*per\s?cent(?-u:\b)|\s*percent(?-u:\b)|\s?x(?-u:\b)|\s?×|\s*times(?-u:\b)|-?fold(?-u:\b)|[\s-]*(?:{DURATIONS})(?-u:\b)|\s?(?:{CURRENCY_CODES})(?-u:\b))"
    );
    format!(r"{one}(?:\s*(?:-|to)\s*{one})?{unit}?")
}

/// The same grammar with named parts (currencies `c1`, `c2`, numbers `n1`, `n2`,
/// magnitudes `m1`, `m2`, `unit`), case-insensitive and anchored at both ends: what
/// reads a quantity once found.
pub fn named_parts_regex() -> String {
    let number = number();
    let currency = format!(r"(?:[$€£]|{CURRENCY_CODES})");
    let magnitude = format!(r"(?:{MAGNITUDES})(?-u:\b)");
    let unit = format!(
        r"%|per\s?cent(?-u:\b)|percent(?-u:\b)|x(?-u:\b)|×|times(?-u:\b)|-?fold(?-u:\b)|(?:{DURATIONS})(?-u:\b)|(?:{CURRENCY_CODES})(?-u:\b)"
    );
    format!(
        r"(?i)^\s*(?:(?P<c1>{currency})\s?)?(?P<n1>{number})(?:\s?(?P<m1>{magnitude}))?(?:\s*(?:-|to)\s*(?:(?P<c2>{currency})\s?)?(?P<n2>{number})(?:\s?(?P<m2>{magnitude}))?)?(?:[\s-]*(?P<unit>{unit}))?\s*$"
    )
}
