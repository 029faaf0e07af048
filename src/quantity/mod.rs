//! Quantities: numbers with an optional unit, parsed from prose and normalised so that
//! "67%" = "sixty-seven percent", "2-week" = "14-day" and "$1,200" = "$1.2k".

mod grammar;

use grammar::UNITS;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

/// The unit of a quantity after normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A bare number.
    None,
    /// `%`, `percent`, `per cent`.
    Percent,
    /// `x`, `×`, `times`, `-fold`.
    Multiplier,
    /// Days; weeks and hours are converted to days.
    Days,
    /// Months (never converted to days); years are converted to months.
    Months,
    /// Money in one currency; different currencies never compare equal.
    Money(Currency),
}

/// A currency of a money amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Currency {
    /// US dollars (`$`, `USD`).
    Usd,
    /// Euros (`€`, `EUR`).
    Eur,
    /// Pounds sterling (`£`, `GBP`).
    Gbp,
}

/// A normalised quantity: a number or a range, and a unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number, or the low end of a range.
    pub low: f64,
    /// Equal to `low` unless this is a range.
    pub high: f64,
    /// The unit after normalisation.
    pub unit: Unit,
}

/// What a quantity measures, regardless of its exact unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// A bare number.
    Number,
    /// A percentage.
    Percent,
    /// A multiplier.
    Multiplier,
    /// A length of time (hours, days, months, years).
    Duration,
    /// An amount of money (any currency).
    Money,
}

impl Unit {
    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::None => Dimension::Number,
            Unit::Percent => Dimension::Percent,
            Unit::Multiplier => Dimension::Multiplier,
            Unit::Days | Unit::Months => Dimension::Duration,
            Unit::Money(_) => Dimension::Money,
        }
    }
}

impl Quantity {
    /// Whether two quantities could state the same thing: they measure the same
    /// dimension, or one is a bare number. "100% money-back guarantee" is not a
    /// different duration for a 30-day guarantee; it is a different statement.
    pub fn comparable(&self, other: &Quantity) -> bool {
        let (a, b) = (self.unit.dimension(), other.unit.dimension());
        a == b || a == Dimension::Number || b == Dimension::Number
    }

    /// Whether two quantities are the same after normalisation.
    pub fn same_as(&self, other: &Quantity) -> bool {
        self.unit == other.unit && self.same_number(other)
    }

    /// Whether a value stated in prose agrees with an approved value: the same
    /// quantity, or the same number where one side has no unit (a pattern such as
    /// `"{value}% more deals"` captures "67" for an approved "67%").
    pub fn agrees_with(&self, approved: &Quantity) -> bool {
        let bare = self.unit == Unit::None || approved.unit == Unit::None;
        if bare {
            self.same_number(approved)
        } else {
            self.same_as(approved)
        }
    }

    fn same_number(&self, other: &Quantity) -> bool {
        close(self.low, other.low) && close(self.high, other.high)
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = |n: f64| {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", n as i64)
            } else {
                format!("{n}")
            }
        };
        let mut n = number(self.low);
        if !close(self.low, self.high) {
            n = format!("{}-{}", n, number(self.high));
        }
        match self.unit {
            Unit::None => write!(f, "{n}"),
            Unit::Percent => write!(f, "{n}%"),
            Unit::Multiplier => write!(f, "{n}x"),
            Unit::Days => write!(f, "{n}-day"),
            Unit::Months => write!(f, "{n}-month"),
            Unit::Money(Currency::Usd) => write!(f, "${n}"),
            Unit::Money(Currency::Eur) => write!(f, "€{n}"),
            Unit::Money(Currency::Gbp) => write!(f, "£{n}"),
        }
    }
}

/// The regex (no capture groups, case-insensitive when embedded in a `(?i)` regex)
/// that matches one quantity in prose ([`grammar::prose_regex`]).
pub fn quantity_regex_source() -> &'static str {
    static SOURCE: LazyLock<String> = LazyLock::new(grammar::prose_regex);
    &SOURCE
}

/// The automata `build.rs` compiled from the grammar, embedded in the binary: building
/// them took every run 13 M instructions, and filling in a lazy DFA's states as text
/// reached them about 30 M more on each thread (BENCHMARKS.md). Reading them back
/// checks every table, about a millisecond, on the warm-up thread.
mod automata {
    use regex_automata::dfa::dense::DFA;

    /// Bytes aligned as a dense DFA's `u32` table must be.
    #[repr(C)]
    struct Aligned<B: ?Sized> {
        _align: [u32; 0],
        bytes: B,
    }

    /// Reads the DFA that build.rs wrote to `$file`. The bytes were written by this
    /// build with this build's regex-automata: they cannot fail to read unless the
    /// binary itself is damaged.
    macro_rules! embedded {
        ($file:literal) => {{
            static BYTES: &Aligned<[u8]> = &Aligned {
                _align: [],
                bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/", $file)),
            };
            DFA::from_bytes(&BYTES.bytes)
                .expect("the quantity automata are built with this binary")
                .0
        }};
    }

    /// The prose regex: a forward DFA finds where the leftmost-first match ends, a
    /// reverse one where it starts (the regex crate's own plan).
    pub struct Prose {
        pub forward: DFA<&'static [u32]>,
        pub reverse: DFA<&'static [u32]>,
    }

    pub fn prose() -> Prose {
        Prose {
            forward: embedded!("quantity-forward.dfa"),
            reverse: embedded!("quantity-reverse.dfa"),
        }
    }

    /// The grammar with every match reported (`MatchKind::All`), anchored by the caller.
    pub fn ends() -> DFA<&'static [u32]> {
        embedded!("quantity-ends.dfa")
    }
}

/// The quantity grammar as a DFA that reports every place a quantity can end (not only
/// the preferred one), so a claim pattern can try "30-day" and then "30" before
/// "-day trial" without building one big regex per pattern.
static ENDS: LazyLock<regex_automata::dfa::dense::DFA<&'static [u32]>> =
    LazyLock::new(automata::ends);

/// Whether a quantity may start at byte `at` of `text`: a cheap test that rules out
/// most word starts before the automaton of [`ends_at`] runs. Never false where a
/// quantity can start.
pub fn may_start_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.get(at) else {
        return false;
    };
    if first.is_ascii_digit() || first == b'.' || first == b'$' || !first.is_ascii() {
        // Non-ASCII: `€`, `£` and digits of other scripts.
        return true;
    }
    if !first.is_ascii_alphabetic() {
        return false;
    }
    // A number word or a currency code, as a whole run of ASCII letters.
    if !WORD_INITIALS
        .as_bytes()
        .contains(&first.to_ascii_lowercase())
    {
        return false;
    }
    let run = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    // Case-insensitive matching folds a few non-ASCII letters to ASCII ones ("ſix"):
    // a run that goes on with a non-ASCII character is left to the automaton.
    if bytes.get(at + run).is_some_and(|b| !b.is_ascii()) {
        return true;
    }
    // The longest run that can start one: a currency code glued to "seventeen" (the
    // grammar needs no space between them: "usdfive" is one quantity).
    if run > 12 {
        return false;
    }
    let mut lower = [0u8; 12];
    for (slot, b) in lower.iter_mut().zip(&bytes[at..at + run]) {
        *slot = b.to_ascii_lowercase();
    }
    let word = &lower[..run];
    let number_word = |w: &[u8]| number_word_value(w).is_some();
    let currency = |w: &[u8]| [&b"usd"[..], b"eur", b"gbp"].contains(&w);
    number_word(word)
        || currency(word)
        || (run > 3 && currency(&word[..3]) && number_word(&word[3..]))
}

/// The lower-case first letters of the number words and currency codes a quantity can
/// start with.
pub const WORD_INITIALS: &str = "zotfsenhug";

/// Writes into `ends` every byte offset at which a quantity that starts exactly at
/// `start` can end, in increasing order, and returns how many were written. When there
/// are more than `ends.len()`, the longest ones are kept.
pub fn ends_at(text: &str, start: usize, ends: &mut [usize]) -> usize {
    use regex_automata::dfa::Automaton;
    use regex_automata::{Anchored, Input};
    if ends.is_empty() || !may_start_at(text, start) {
        return 0;
    }
    let dfa = &*ENDS;
    let mut found = 0;
    let mut record = |end: usize| {
        if !text.is_char_boundary(end) || end == start {
            return;
        }
        if found == ends.len() {
            ends.copy_within(1.., 0);
            found -= 1;
        }
        ends[found] = end;
        found += 1;
    };
    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
    let Ok(mut state) = dfa.start_state_forward(&input) else {
        return 0;
    };
    for (at, &byte) in text.as_bytes().iter().enumerate().skip(start) {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) {
            // Matches are reported one byte late: this one ends before `at`.
            if dfa.is_match_state(state) {
                record(at);
            }
            if dfa.is_dead_state(state) || dfa.is_quit_state(state) {
                return found;
            }
        }
    }
    if dfa.is_match_state(dfa.next_eoi_state(state)) {
        record(text.len());
    }
    found
}

/// Every quantity in prose, case-insensitive: one automaton for the whole process.
static IN_PROSE: LazyLock<automata::Prose> = LazyLock::new(automata::prose);

/// Reads the quantity automata now rather than on first use, so that a second thread
/// does it while the first loads the glossary. Not the anchored grammar with named
/// parts, which the regex crate compiles: [`parse`] reads the common forms without it,
/// so most runs never build it (12 M instructions, a third of the warm-up thread's
/// work, on a one-file run).
pub fn warm_up() {
    LazyLock::force(&IN_PROSE);
    LazyLock::force(&ENDS);
}

/// The byte ranges of the quantities in `text`, leftmost first, not overlapping: what
/// `regex::Regex::find_iter` with the prose regex gives (a property test compares).
pub fn find_all(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    use regex_automata::dfa::Automaton;
    use regex_automata::util::iter::Searcher;
    use regex_automata::{Anchored, Input, Match};
    let prose = &*IN_PROSE;
    let mut searcher = Searcher::new(Input::new(text));
    std::iter::from_fn(move || {
        searcher
            .try_advance(|input| {
                let Some(end) = prose.forward.try_search_fwd(input)? else {
                    return Ok(None);
                };
                // Back from the end, anchored there, to the earliest start: the
                // leftmost-first match's start.
                let back = input
                    .clone()
                    .span(input.start()..end.offset())
                    .anchored(Anchored::Yes)
                    .earliest(false);
                Ok(prose
                    .reverse
                    .try_search_rev(&back)?
                    .map(|start| Match::new(end.pattern(), start.offset()..end.offset())))
            })
            .ok()
            .flatten()
            .map(|m| m.range())
    })
}

/// The quantities of each block of a document, found on first use and shared by the
/// glossary matcher (patterns that start with `{value}`) and the rules that read numbers.
#[derive(Debug, Default)]
pub struct QuantitySpans {
    blocks: Vec<std::cell::OnceCell<Vec<std::ops::Range<usize>>>>,
    parsed: Vec<std::cell::OnceCell<Vec<Option<Quantity>>>>,
}

impl QuantitySpans {
    /// Room for `blocks` blocks.
    pub fn new(blocks: usize) -> QuantitySpans {
        QuantitySpans {
            blocks: vec![std::cell::OnceCell::new(); blocks],
            parsed: vec![std::cell::OnceCell::new(); blocks],
        }
    }

    /// The quantities ([`find_all`]) of block `block`, whose text is `text`.
    pub fn of(&self, block: usize, text: &str) -> &[std::ops::Range<usize>] {
        match self.blocks.get(block) {
            Some(cell) => cell.get_or_init(|| find_all(text).collect()),
            None => &[],
        }
    }

    /// What each of [`QuantitySpans::of`] means ([`parse`]), in the same order.
    pub fn parsed(&self, block: usize, text: &str) -> &[Option<Quantity>] {
        match self.parsed.get(block) {
            Some(cell) => cell.get_or_init(|| {
                self.of(block, text)
                    .iter()
                    .map(|r| parse(&text[r.clone()]))
                    .collect()
            }),
            None => &[],
        }
    }
}

/// The full quantity grammar with named parts, anchored at both ends: what [`parse`]
/// falls back on for the forms `parse_simple` does not read. Built on first use.
static ANCHORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&grammar::named_parts_regex()).expect("the quantity regex is valid")
});

static DURATION_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<number>.+?)(?P<sep>\s+|\s*-\s*)(?P<unit>hour|day|week|month|year)s?$")
        .expect("duration form regex")
});

/// The approved value written in the form the prose used: "48 hours" with an approved
/// "24-hour" becomes "24 hours" (not "within 24-hour"), "sixty percent" with "67%"
/// becomes "67 percent", "3 times" with "2x" becomes "2 times". Falls back to the
/// approved text as written.
pub fn restyle(approved: &str, said: &str) -> String {
    let approved = approved.trim();
    let said = normalise_typography(said.trim());
    if let (Some(a), Some(s)) = (
        DURATION_FORM.captures(approved),
        DURATION_FORM.captures(&said),
    ) {
        let number = a["number"].trim();
        let unit = a["unit"].to_lowercase();
        if s["sep"].contains('-') {
            return format!("{number}-{unit}");
        }
        let one = parse_number(number).is_some_and(|n| n == 1.0);
        return format!("{number} {unit}{}", if one { "" } else { "s" });
    }
    let lower = said.to_lowercase();
    let number = approved.trim_end_matches(|c: char| !c.is_ascii_digit() && c != '.');
    if approved.ends_with('%') && (lower.ends_with("percent") || lower.ends_with("per cent")) {
        return format!("{number} percent");
    }
    if (approved.ends_with('x') || approved.ends_with('\u{d7}')) && lower.ends_with("times") {
        return format!("{number} times");
    }
    approved.to_string()
}

/// Parses a whole string as one quantity ("30-day", "sixty-seven percent", "$1.2k").
pub fn parse(text: &str) -> Option<Quantity> {
    parse_simple(text).or_else(|| parse_full(text))
}

/// [`parse`] by the quantity grammar (the regex), for every form.
fn parse_full(text: &str) -> Option<Quantity> {
    let text = normalise_typography(text);
    let caps = ANCHORED.captures(&text)?;
    let mut low = parse_number(caps.name("n1")?.as_str())?;
    let mut high = match caps.name("n2") {
        Some(n) => parse_number(n.as_str())?,
        None => low,
    };
    low *= magnitude(caps.name("m1").map(|m| m.as_str()));
    high *= magnitude(caps.name("m2").or(caps.name("m1")).map(|m| m.as_str()));
    if caps.name("n2").is_none() {
        high = low;
    }
    let currency = caps
        .name("c1")
        .or(caps.name("c2"))
        .and_then(|c| currency(c.as_str()));
    let mut unit = match caps.name("unit").map(|u| u.as_str().to_lowercase()) {
        None => Unit::None,
        Some(u) => {
            if u == "%" || u.contains("cent") {
                Unit::Percent
            } else if u == "x" || u == "×" || u.starts_with("times") || u.ends_with("fold") {
                Unit::Multiplier
            } else if u.starts_with("hour") {
                // A day is exactly 24 hours ("24-hour" = "one day"); a month is not a
                // fixed number of days, so months stay months.
                low /= 24.0;
                high /= 24.0;
                Unit::Days
            } else if u.starts_with("day") {
                Unit::Days
            } else if u.starts_with("week") {
                low *= 7.0;
                high *= 7.0;
                Unit::Days
            } else if u.starts_with("month") {
                Unit::Months
            } else if u.starts_with("year") {
                // A year is exactly twelve months ("2-year" = "24-month"); neither is
                // converted to days, whose number varies.
                low *= 12.0;
                high *= 12.0;
                Unit::Months
            } else {
                Unit::Money(currency_code(&u)?)
            }
        }
    };
    if let Some(c) = currency {
        match unit {
            Unit::None => unit = Unit::Money(c),
            Unit::Money(other) if other == c => {}
            _ => return None,
        }
    }
    Some(Quantity { low, high, unit })
}

/// The common forms without the regex: "3", "2024", "1,200", "7.5", ".5", "67%",
/// "$1,299", "3x", "30-day", "2 weeks", "1.5 hours", ranges such as "2-3", "10-20%" and
/// "$50-100", a magnitude letter ("5M", "$20k", "3bn"), and a number word alone ("one",
/// "Ten"). `None` when the text is anything else (the full parser decides).
fn parse_simple(text: &str) -> Option<Quantity> {
    if let Some(n) = number_word_value(text.as_bytes()) {
        let n = n as f64;
        return Some(Quantity {
            low: n,
            high: n,
            unit: Unit::None,
        });
    }
    let (currency, rest) = match text.strip_prefix('$') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mut low, rest) = simple_number(rest)?;
    // A range: a hyphen and a second number, then the unit for both.
    let (mut high, mut suffix) = match rest.strip_prefix('-') {
        Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => simple_number(after)?,
        _ => (low, rest),
    };
    // A magnitude right after a single number ("5M", "$20k"), as the grammar's
    // `{number}{magnitude}` reads it; after a range it scales only the second number,
    // which the full parser handles.
    let glued_magnitude = ["k", "m", "bn"]
        .into_iter()
        .find(|m| suffix.len() == m.len() && suffix.eq_ignore_ascii_case(m));
    if let Some(m) = glued_magnitude {
        if rest.len() != suffix.len() {
            return None;
        }
        low *= magnitude(Some(m));
        high = low;
        suffix = "";
    }
    let mut scale = |factor: f64| {
        low *= factor;
        high *= factor;
    };
    let unit = match (currency, suffix) {
        (true, "") => Unit::Money(Currency::Usd),
        (true, _) => return None,
        (false, "") => Unit::None,
        (false, "%") => Unit::Percent,
        (false, "x") => Unit::Multiplier,
        (false, suffix) => {
            // A duration: spaces or hyphens, then the unit word, as the grammar reads it.
            let word = suffix.trim_start_matches([' ', '-']);
            let singular = word.strip_suffix(['s', 'S']).unwrap_or(word);
            let is = |w: &str| singular.eq_ignore_ascii_case(w);
            if is("hour") {
                // Divided, as the full parser does, so the numbers are the same.
                low /= 24.0;
                high /= 24.0;
                Unit::Days
            } else if is("day") {
                Unit::Days
            } else if is("week") {
                scale(7.0);
                Unit::Days
            } else if is("month") {
                Unit::Months
            } else if is("year") {
                scale(12.0);
                Unit::Months
            } else {
                return None;
            }
        }
    };
    Some(Quantity { low, high, unit })
}

/// A number in digits at the start of `text` ("3", "1,200", "7.5", ".5"), as the grammar
/// reads one, and the rest of the text; `None` when the digits are not a number the
/// grammar accepts (thousands separators must group by three).
fn simple_number(text: &str) -> Option<(f64, &str)> {
    let bytes = text.as_bytes();
    // ".5": a decimal part alone.
    if bytes.first() == Some(&b'.') {
        let digits = bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits >= 15 {
            return None;
        }
        let n: f64 = text[..1 + digits].parse().ok()?;
        return Some((n, &text[1 + digits..]));
    }
    let mut len = bytes
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b',')
        .count();
    let whole = &text[..len];
    if whole.is_empty() || !bytes[0].is_ascii_digit() {
        return None;
    }
    if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    // A decimal part only when a digit follows the point ("1." is not a number).
    if bytes.get(len) == Some(&b'.') && bytes.get(len + 1).is_some_and(u8::is_ascii_digit) {
        len += 1 + bytes[len + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    if len >= 16 {
        return None;
    }
    let digits = &text[..len];
    // Copied without the separators only when there are some (most numbers have none).
    let n: f64 = if digits.contains(',') {
        digits.replace(',', "").parse().ok()?
    } else {
        digits.parse().ok()?
    };
    Some((n, &text[len..]))
}

/// The value of `word` when it is exactly one number word ([`UNITS`], "hundred" or
/// "thousand") in ASCII letters of any case ("one", "Ten", "hundred").
fn number_word_value(word: &[u8]) -> Option<u64> {
    // The longest number word is "seventeen"; the first letter rules out most words
    // before any comparison (this runs for every word a quantity may start with).
    if word.len() > 9
        || !word
            .first()
            .is_some_and(|b| WORD_INITIALS.as_bytes().contains(&b.to_ascii_lowercase()))
    {
        return None;
    }
    UNITS
        .iter()
        .copied()
        .chain([("hundred", 100), ("thousand", 1000)])
        .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(word))
        .map(|(_, n)| n)
}

fn magnitude(m: Option<&str>) -> f64 {
    match m.map(|m| m.to_lowercase()).as_deref() {
        Some("k") | Some("thousand") => 1e3,
        Some("m") | Some("million") => 1e6,
        Some("bn") | Some("billion") => 1e9,
        _ => 1.0,
    }
}

fn currency(symbol: &str) -> Option<Currency> {
    match symbol {
        "$" => Some(Currency::Usd),
        "€" => Some(Currency::Eur),
        "£" => Some(Currency::Gbp),
        other => currency_code(&other.to_lowercase()),
    }
}

fn currency_code(code: &str) -> Option<Currency> {
    match code {
        "usd" => Some(Currency::Usd),
        "eur" => Some(Currency::Eur),
        "gbp" => Some(Currency::Gbp),
        _ => None,
    }
}

/// Parses digits ("1,200.5") or spelled-out numbers ("two hundred and five").
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return text.replace(',', "").parse().ok();
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        match word.as_str() {
            "and" => {}
            "hundred" => current = current.max(1).saturating_mul(100),
            "thousand" => {
                total = total.saturating_add(current.max(1).saturating_mul(1000));
                current = 0;
            }
            w => {
                let (_, n) = UNITS.iter().find(|(name, _)| *name == w)?;
                current = current.saturating_add(*n);
            }
        }
    }
    Some(total.saturating_add(current) as f64)
}

/// Replaces typographic dashes and spaces so that "10–20%" parses like "10-20%".
fn normalise_typography(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        let a = parse(a).unwrap_or_else(|| panic!("{a:?} should parse"));
        let b = parse(b).unwrap_or_else(|| panic!("{b:?} should parse"));
        a.same_as(&b)
    }

    #[test]
    fn percentages_in_every_spelling_are_equal() {
        assert!(same("67%", "67 percent"));
        assert!(same("67%", "sixty-seven percent"));
        assert!(same("67%", "67 per cent"));
        assert!(!same("67%", "70%"));
    }

    #[test]
    fn durations_normalise_weeks_to_days_only() {
        assert!(same("30-day", "30 day"));
        assert!(same("30-day", "thirty-day"));
        assert!(same("30-day", "30 days"));
        assert!(same("2-week", "14-day"));
        assert!(same("fourteen-day", "2 weeks"));
        assert!(!same("1-month", "30-day"));
        assert!(!same("1 year", "365 days"));
        assert!(same("1 year", "12 months"));
        assert!(same("two-year", "24-month"));
        assert!(same("24-hour", "one day"));
        assert!(same("48 hours", "2-day"));
        assert!(!same("12 hours", "1 day"));
    }

    #[test]
    fn money_with_magnitudes_and_currencies() {
        assert!(same("$1,200", "$1.2k"));
        assert!(same("$2M", "$2 million"));
        assert!(same("€5", "5 EUR"));
        assert!(!same("$5", "€5"));
        assert!(!same("£5", "$5"));
    }

    #[test]
    fn multipliers_and_ranges() {
        assert!(same("3x", "3 times"));
        assert!(same("3×", "three-fold"));
        assert!(same("3x", "3-fold"));
        assert!(same("10–20%", "10-20 percent"));
        assert!(same("10 to 20%", "10-20%"));
        assert!(!same("10-20%", "10-25%"));
    }

    #[test]
    fn spelled_out_numbers() {
        assert_eq!(parse("two hundred").unwrap().low, 200.0);
        assert_eq!(parse("two hundred and five").unwrap().low, 205.0);
        assert_eq!(parse("one thousand two hundred").unwrap().low, 1200.0);
        assert_eq!(parse("ninety-nine").unwrap().low, 99.0);
    }

    #[test]
    fn a_bare_number_agrees_by_number() {
        let q = |s: &str| parse(s).unwrap();
        assert!(q("67").agrees_with(&q("67%")));
        assert!(q("120").agrees_with(&q("120")));
        assert!(!q("70").agrees_with(&q("67%")));
        assert!(!q("60-day").agrees_with(&q("30-day")));
        assert!(!q("1-month").agrees_with(&q("30-day")));
    }

    #[test]
    fn comparable_dimensions() {
        let q = |s: &str| parse(s).unwrap();
        assert!(q("30-day").comparable(&q("1-month")));
        assert!(q("$5").comparable(&q("€5")));
        assert!(q("30-day").comparable(&q("30")));
        assert!(!q("30-day").comparable(&q("100%")));
        assert!(!q("3x").comparable(&q("$3")));
    }

    #[test]
    fn the_approved_value_takes_the_form_of_the_prose() {
        assert_eq!(restyle("24-hour", "48 hours"), "24 hours");
        assert_eq!(restyle("30-day", "60 days"), "30 days");
        assert_eq!(restyle("30-day", "60-day"), "30-day");
        assert_eq!(restyle("30-day", "sixty\u{2011}day"), "30-day");
        assert_eq!(restyle("1-year", "2 years"), "1 year");
        assert_eq!(restyle("67%", "seventy percent"), "67 percent");
        assert_eq!(restyle("67%", "70%"), "67%");
        assert_eq!(restyle("2x", "3 times"), "2 times");
        assert_eq!(restyle("$1,299", "$1,199"), "$1,299");
    }

    #[test]
    fn non_quantities_do_not_parse() {
        assert!(parse("thirty-ish").is_none());
        assert!(parse("day").is_none());
        assert!(parse("").is_none());
    }

    #[test]
    fn the_prose_regex_finds_whole_quantities() {
        let re = Regex::new(&format!("(?i){}", quantity_regex_source())).unwrap();
        let find = |s: &str| re.find(s).map(|m| m.as_str().to_string());
        assert_eq!(
            find("a thirty-day money-back").as_deref(),
            Some("thirty-day")
        );
        assert_eq!(find("close 70% more").as_deref(), Some("70%"));
        assert_eq!(find("just $1.2k per seat").as_deref(), Some("$1.2k"));
        assert_eq!(find("10-20% faster").as_deref(), Some("10-20%"));
    }

    #[test]
    fn may_start_at_never_rules_out_a_quantity() {
        let starts_here = Regex::new(&format!("(?i)^(?:{})", quantity_regex_source())).unwrap();
        let text = "Zero, one, Two-thirds; ELEVEN eighty-eight hundred thousand USD 5, eur5, GBP 7 \
                    gbps $3 \u{20ac}4 \u{a3}5 .5 9% nine\u{17f}x \u{17f}ix twentyone teen x2 tenfold \
                    usdfive EURseventeen gbpthousand";
        for (at, _) in text.char_indices() {
            if starts_here.is_match(&text[at..]) {
                assert!(
                    may_start_at(text, at),
                    "a quantity starts at {:?}",
                    &text[at..]
                );
            }
        }
        for (word, _) in UNITS {
            assert!(WORD_INITIALS.contains(&word[..1]), "{word}");
        }
        assert!(!may_start_at(text, text.find("gbps").unwrap()));
        assert!(!may_start_at(text, text.find("teen").unwrap()));
    }

    /// 1 when the simple parser reads `t`, after checking that the grammar reads it the
    /// same; 0 when it leaves `t` to the grammar.
    fn simple_agrees(t: &str) -> usize {
        match parse_simple(t) {
            Some(simple) => {
                assert_eq!(Some(simple), parse_full(t), "{t:?}");
                1
            }
            None => 0,
        }
    }

    #[test]
    fn the_simple_forms_parse_as_the_grammar_says() {
        // Every string of up to six of these characters.
        let alphabet = ['0', '1', '9', ',', '.', '-', ' ', '$', '%', 'x'];
        let mut checked = 0;
        let mut strings = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for s in &strings {
                for c in alphabet {
                    let t = format!("{s}{c}");
                    checked += simple_agrees(&t);
                    next.push(t);
                }
            }
            strings = next;
        }
        assert!(
            checked > 1000,
            "only {checked} strings took the simple path"
        );
    }

    #[test]
    fn number_words_and_ranges_parse_as_the_grammar_says() {
        let mut simple = 0;
        let words = UNITS.iter().map(|(w, _)| w.to_string()).chain(
            [
                "hundred",
                "thousand",
                "one hundred",
                "twenty-one",
                "ones",
                "on",
            ]
            .map(String::from),
        );
        for word in words {
            for t in [
                word.clone(),
                word.to_uppercase(),
                format!("{}{}", word[..1].to_uppercase(), &word[1..]),
            ] {
                simple += simple_agrees(&t);
            }
        }
        for low in ["1", "2.5", "1,000", "10"] {
            for high in ["2", "3.75", "2,000", "20", "1,00"] {
                for unit in [
                    "", "%", "x", " days", "-day", " hours", "-week", " years", "k", " USD",
                ] {
                    for currency in ["", "$"] {
                        let t = format!("{currency}{low}-{high}{unit}");
                        simple += simple_agrees(&t);
                    }
                }
            }
        }
        assert!(simple > 150, "only {simple} took the simple path");
    }

    #[test]
    fn magnitudes_and_decimals_alone_parse_as_the_grammar_says() {
        let mut simple = 0;
        for number in [
            "1", "2.5", ".5", ".25", "1,000", "10", "0", ".", "1.", "1-2", "$",
        ] {
            for suffix in [
                "", "k", "K", "m", "M", "bn", "BN", "Bn", "b", "kk", "k%", "%k", "km", " k", "-k",
                "kx", "x", "%", " million", "mm",
            ] {
                for currency in ["", "$"] {
                    let t = format!("{currency}{number}{suffix}");
                    simple += simple_agrees(&t);
                }
            }
        }
        assert!(simple > 100, "only {simple} took the simple path");
    }

    #[test]
    fn durations_parse_as_the_grammar_says() {
        let mut simple = 0;
        for number in ["1", "30", "1,000", "0", "24", "1,2345"] {
            for sep in ["", "-", " ", "  ", " - ", "--"] {
                for unit in [
                    "day", "days", "Day", "DAYS", "week", "weeks", "month", "Months", "year",
                    "years", "hour", "hours", "dayz", "d", "ss", "s", "weekss",
                ] {
                    let t = format!("{number}{sep}{unit}");
                    simple += simple_agrees(&t);
                }
            }
        }
        assert!(simple > 200, "only {simple} durations took the simple path");
    }

    /// Pieces of prose around numbers: every part of the grammar, in other cases,
    /// scripts and spacings, and what is almost a quantity.
    const PIECES: &[&str] = &[
        "30",
        "1,200",
        "3,00",
        "1.5",
        ".5",
        "0",
        "٣٠",
        "²",
        "$",
        "€",
        "£",
        "USD",
        "eur",
        "gbp5",
        "usdfive",
        "k",
        "M",
        "bn",
        "million",
        "%",
        " %",
        "per cent",
        "percent",
        "x",
        "×",
        "times",
        "-fold",
        "fold",
        "day",
        "days",
        "-day",
        "week",
        "months",
        "Years",
        "hours",
        "to",
        "-",
        "–",
        "and",
        "twenty",
        "Twenty-five",
        "ONE",
        "ſix",
        "hundred",
        "thousand",
        "seventeen",
        "teen",
        "fourteen",
        "fourty",
        "a",
        "the",
        "churn",
        "e",
        "é",
        "_",
        "\u{a0}",
        "\u{2009}",
        "\n",
        ".",
        ",",
    ];

    fn prose() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let separator = proptest::sample::select(&["", " ", "  ", "-", "\u{a0}", "\n"][..]);
        let piece = (proptest::sample::select(PIECES), separator);
        proptest::collection::vec(piece, 0..16)
            .prop_map(|pieces| pieces.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]

        /// The embedded automata find what the regex crate finds with the same
        /// grammar, built at run time.
        #[test]
        fn the_embedded_automata_find_what_the_regex_finds(text in prose()) {
            static REGEX: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(&format!("(?i){}", quantity_regex_source())).unwrap()
            });
            let expected: Vec<_> = REGEX.find_iter(&text).map(|m| m.range()).collect();
            let found: Vec<_> = find_all(&text).collect();
            proptest::prop_assert_eq!(found, expected, "in {:?}", text);
        }
    }

    #[test]
    fn the_embedded_automata_find_quantities() {
        let text = "Cut churn by 30% in twenty-five days: $1.5M, €200k and 3,000 teams.";
        let found: Vec<&str> = find_all(text).map(|r| &text[r]).collect();
        assert_eq!(
            found,
            ["30%", "twenty-five days", "$1.5M", "€200k", "3,000"]
        );
        let mut ends = [0; 4];
        let start = text.find("twenty").unwrap();
        let n = ends_at(text, start, &mut ends);
        let endings: Vec<&str> = ends[..n].iter().map(|&e| &text[start..e]).collect();
        assert_eq!(endings, ["twenty", "twenty-five", "twenty-five days"]);
    }
}
