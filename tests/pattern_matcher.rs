//! The claim/promise pattern matcher (`Pattern::find_at`) against the `regex` crate
//! running the equivalent regex (`Pattern::regex_source`): generated patterns of the
//! pattern language and generated prose must give the same match, and the same value,
//! from every starting position. The matcher exists because building one regex per
//! pattern cost a millisecond each (a 300-pattern glossary took 0.9 s to load); this
//! test is what lets it replace them.

use proptest::prelude::*;
use songsheet::glossary::pattern::{parse, PatternMatch};

/// Words shared by patterns and texts, so that matches are common.
const WORDS: &[&str] = &[
    "close",
    "deals",
    "more",
    "money",
    "back",
    "guarantee",
    "free",
    "trial",
    "up",
    "to",
    "cups",
    "per",
    "hour",
    "over",
    "day",
    "Close",
    "GUARANTEE",
];

/// Quantities in the forms prose uses, including ones whose unit a pattern may spell.
const QUANTITIES: &[&str] = &[
    "67%",
    "30-day",
    "30 days",
    "thirty-day",
    "sixty seven percent",
    "$1,299",
    "2x",
    "14",
    "10-20%",
    "3 times",
    "two weeks",
    "$1.2k",
    "5 million",
    // A currency code needs no space before a spelled number.
    "usdfive",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

/// One element of a pattern: words, `{value}`, alternatives, optional words, hyphens.
fn pattern_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => word(),
        1 => Just("{value}".to_string()),
        1 => prop::collection::vec(word(), 2..4).prop_map(|w| format!("({})", w.join("|"))),
        1 => prop::collection::vec(word(), 1..3).prop_map(|w| format!("[{}]", w.join(" "))),
        1 => (word(), word()).prop_map(|(a, b)| format!("{a}-{b}")),
        1 => Just("day".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec(pattern_part(), 1..4).prop_map(|parts| {
        // At most one {value}.
        let mut seen = false;
        parts
            .into_iter()
            .filter(|p| {
                let is_value = p == "{value}";
                let keep = !(is_value && seen);
                seen |= is_value;
                keep
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        5 => word(),
        2 => prop::sample::select(QUANTITIES).prop_map(str::to_string),
        1 => Just("-".to_string()),
        1 => Just("day trial".to_string()),
        1 => Just("–".to_string()),
        1 => Just("é".to_string()),
    ];
    let separator = prop_oneof![
        6 => Just(" "),
        1 => Just("  "),
        1 => Just("\n"),
        1 => Just("-"),
        1 => Just(""),
    ];
    prop::collection::vec((piece, separator), 0..24).prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(p, s)| format!("{p}{s}"))
            .collect::<String>()
    })
}

fn regex_find(re: &regex::Regex, text: &str, from: usize) -> Option<PatternMatch> {
    let caps = re.captures_at(text, from)?;
    Some(PatternMatch {
        range: caps.get(0)?.range(),
        value: caps.name("value").map(|v| v.range()),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_matcher_agrees_with_the_equivalent_regex(pattern in pattern(), text in text()) {
        let Ok(parsed) = parse(&pattern) else { return Ok(()) };
        let re = regex::Regex::new(&parsed.regex_source()).expect("the regex source compiles");
        for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let ours = parsed.find_at(&text, from);
            let theirs = regex_find(&re, &text, from);
            prop_assert_eq!(
                &ours, &theirs,
                "pattern {:?} on {:?} from {}: ours {:?}, regex {:?}",
                pattern, text, from,
                ours.as_ref().map(|m| &text[m.range.clone()]),
                theirs.as_ref().map(|m| &text[m.range.clone()])
            );
        }
    }
}

/// The glossary matcher's loop: a match must not be glued to a word at either end;
/// after one that is, search again one character after its start.
fn bounded_matches(text: &str, find: impl Fn(usize) -> Option<PatternMatch>) -> Vec<PatternMatch> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(m) = find(pos) else { break };
        let r = m.range.clone();
        let glued_start =
            word(text[r.clone()].chars().next()) && word(text[..r.start].chars().next_back());
        let glued_end =
            word(text[r.clone()].chars().next_back()) && word(text[r.end..].chars().next());
        if r.is_empty() || glued_start || glued_end {
            pos = r.start + text[r.start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        pos = r.end;
        out.push(m);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn skipping_glued_starts_finds_the_same_matches(pattern in pattern(), text in text()) {
        let Ok(parsed) = parse(&pattern) else { return Ok(()) };
        let all = bounded_matches(&text, |from| parsed.find_at(&text, from));
        let word_starts = bounded_matches(&text, |from| parsed.find_at_word_start(&text, from));
        prop_assert_eq!(&all, &word_starts, "pattern {:?} on {:?}", pattern, text);
        // A pattern that starts with {value} may be tried only inside the quantities.
        let spans: Vec<_> = songsheet::quantity::find_all(&text).collect();
        let in_quantities = bounded_matches(&text, |from| parsed.find_in_quantities(&text, from, &spans));
        prop_assert_eq!(&all, &in_quantities, "pattern {:?} on {:?}", pattern, text);
        // A pattern that starts with a word may be tried only where the word stands.
        if let Some(word) = parsed.leading_word() {
            let starts = whole_word_starts(&text, &word);
            let at_starts = bounded_matches(&text, |from| parsed.find_at_starts(&text, from, &starts));
            prop_assert_eq!(&all, &at_starts, "pattern {:?} on {:?}", pattern, text);
        }
    }
}

/// Where `word` (lower-case ASCII) stands in `text` in any case, not glued to a word
/// character on either side: what the glossary's phrase index reports.
fn whole_word_starts(text: &str, word: &str) -> Vec<usize> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let first_is_word = is_word(word.chars().next());
    let last_is_word = is_word(word.chars().next_back());
    (0..text.len())
        .filter(|&i| {
            text.is_char_boundary(i)
                && text
                    .get(i..i + word.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(word))
                && !(first_is_word && is_word(text[..i].chars().next_back()))
                && !(last_is_word && is_word(text[i + word.len()..].chars().next()))
        })
        .collect()
}

#[test]
fn leading_words_are_the_first_words_that_stand_apart() {
    let leading = |p: &str| parse(p).unwrap().leading_word();
    assert_eq!(leading("Close more deals"), Some("close".to_string()));
    assert_eq!(leading("up-to {value}"), Some("up".to_string()));
    assert_eq!(leading("guarantee"), Some("guarantee".to_string()));
    assert_eq!(leading("{value} guarantee"), None);
    assert_eq!(leading("[up to] {value} cups"), None);
    assert_eq!(leading("(saves|cuts) {value}"), None);
}

#[test]
fn a_value_gives_back_a_unit_the_pattern_spells() {
    // The quantity "14-day" is longest, but only "14" lets "-day free trial" match.
    let p = parse("{value}-day free trial").unwrap();
    let text = "start a 14-day free trial";
    let m = p.find_at(text, 0).unwrap();
    assert_eq!(&text[m.range.clone()], "14-day free trial");
    assert_eq!(&text[m.value.unwrap()], "14");
}

#[test]
fn a_pattern_that_would_backtrack_exponentially_still_answers() {
    // 24 optional words before a word that never comes: 2^24 ways to try.
    let pattern = format!("{} b", vec!["[a]"; 24].join(" "));
    let p = parse(&pattern).unwrap();
    let text = "a ".repeat(40) + "c";
    let started = std::time::Instant::now();
    assert_eq!(p.find_at(&text, 0), None);
    let text = "a ".repeat(10) + "b";
    let m = p.find_at(&text, 0).unwrap();
    assert_eq!(m.range, 0..text.len());
    // Not a timing test: a hang would show as minutes, not as a slow millisecond.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn anchors_are_required_words() {
    let anchors = |p: &str| parse(p).unwrap().anchors();
    assert_eq!(
        anchors("{value} (satisfaction|money-back) guarantee"),
        Some(vec!["guarantee".to_string()])
    );
    assert_eq!(
        anchors("[up to] {value} cups"),
        Some(vec!["cups".to_string()])
    );
    assert_eq!(
        anchors("(saves|cuts) {value}"),
        Some(vec!["saves".to_string(), "cuts".to_string()])
    );
    // Optional words are never required.
    assert_eq!(anchors("[only] {value}"), None);
}

#[test]
fn the_generators_reach_matches_with_values() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut matches, mut with_value) = (0, 0);
    for _ in 0..2000 {
        let pattern = pattern().new_tree(&mut runner).unwrap().current();
        let text = text().new_tree(&mut runner).unwrap().current();
        if let Some(m) = parse(&pattern).ok().and_then(|p| p.find_at(&text, 0)) {
            matches += 1;
            with_value += usize::from(m.value.is_some());
        }
    }
    // Without matches the comparison above would prove nothing.
    eprintln!("{matches} matches, {with_value} with a value");
    assert!(
        matches > 200,
        "only {matches} of 2000 generated cases match"
    );
    assert!(with_value > 50, "only {with_value} matches capture a value");
}

#[test]
fn ascii_letters_match_only_ascii_letters() {
    // Found by fuzzing: the Kelvin sign lower-cases to `k`. It matches itself, and
    // `k` does not match it (the regex crate's case folding would say it does).
    let p = parse("\u{212A}s ok").unwrap();
    assert!(p.find_at("\u{212A}s ok", 0).is_some());
    assert!(p.find_at("\u{212A}S OK", 0).is_some());
    assert_eq!(parse("ks").unwrap().find_at("\u{212A}s", 0), None);
}
