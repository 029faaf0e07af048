#![doc = include_str!("../../docs/rules/unsourced-stat.md")]

use super::context::{
    ends_cleanly, has_any, is_question, not_a_statement, starts_cleanly, words_after, words_before,
    TARGET_WORDS,
};
use super::{quote, Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::matcher::{HitKind, Superlative, Target};
use crate::quantity::Dimension;
use std::ops::Range;

/// Superlatives that are claims wherever they stand. `~` stands for a space or a
/// hyphen ("best-in-class", "best in class"); matched case-insensitively as whole
/// words, in the glossary matcher's one pass over each block.
const COMPOUND_SUPERLATIVES: &[&str] = &[
    "top~rated",
    "highest~rated",
    "best~in~class",
    "best~of~breed",
    "world~class",
    "world's first",
    "world's best",
    "world's fastest",
    "world's leading",
    "world's largest",
    "industry~leading",
    "market~leading",
    "industry's first",
    "industry's best",
    "industry's leading",
    "industry's only",
    "number one",
    "no. 1",
    "unrivaled",
    "unrivalled",
    "unmatched",
    "unbeatable",
    "award~winning",
    "#1",
];

/// Superlatives that are claims after a determiner ("the fastest", "our most
/// trusted"), and plain descriptions otherwise ("users who churn fastest").
const PLAIN_SUPERLATIVES: &[&str] = &[
    "fastest",
    "quickest",
    "cheapest",
    "easiest",
    "most affordable",
    "most popular",
    "most trusted",
    "most advanced",
    "most powerful",
    "most secure",
    "most reliable",
    "most accurate",
    "most complete",
    "most comprehensive",
    "most innovative",
    "lowest~price",
    "lowest~cost",
];

/// Every superlative phrase this rule reads, spelled out ("best in class",
/// "best-in-class", ...), for the glossary matcher to find along with the glossary's
/// own phrases.
pub(crate) fn superlative_phrases() -> impl Iterator<Item = (String, Superlative)> {
    let kinds = [
        (COMPOUND_SUPERLATIVES, Superlative::Compound),
        (PLAIN_SUPERLATIVES, Superlative::Plain),
    ];
    kinds.into_iter().flat_map(|(list, kind)| {
        list.iter()
            .flat_map(|phrase| spell_out(phrase))
            .map(move |phrase| (phrase, kind))
    })
}

/// Every spelling of `phrase` with each `~` a space or a hyphen.
fn spell_out(phrase: &str) -> Vec<String> {
    let mut spellings = vec![String::new()];
    for (i, part) in phrase.split('~').enumerate() {
        if i > 0 {
            spellings = spellings
                .into_iter()
                .flat_map(|s| [format!("{s} "), format!("{s}-")])
                .collect();
        }
        for s in &mut spellings {
            s.push_str(part);
        }
    }
    spellings
}

/// Owners that make a plain superlative a claim on their own ("our fastest").
const OWNERS: &[&str] = &[
    "our",
    "world's",
    "industry's",
    "market's",
    "america's",
    "europe's",
];

/// Determiners that make a plain superlative a claim when a product noun follows
/// ("the fastest coffee machine"), not in "the cheapest plan a user picks".
const DETERMINERS: &[&str] = &["the", "its", "their", "your"];

/// Nouns after a superlative that make it a ranking of a product, not advice
/// ("the best way", "the easiest question").
const PRODUCT_NOUNS: &[&str] = &[
    "machine",
    "product",
    "platform",
    "tool",
    "solution",
    "software",
    "service",
    "choice",
    "value",
    "coffee",
    "app",
    "system",
    "provider",
    "vendor",
    "support",
    "price",
    "deal",
    "offer",
    "brand",
    "company",
    "crm",
    "database",
    "engine",
    "model",
    "device",
    "suite",
    "network",
    "cloud",
    "integration",
    "integrations",
];

/// Words near a number that make it a claim about outcomes ("67% more deals").
const OUTCOME_WORDS: &[&str] = &[
    "more",
    "less",
    "fewer",
    "faster",
    "slower",
    "higher",
    "lower",
    "better",
    "greater",
    "cheaper",
    "quicker",
    "bigger",
    "increase",
    "increased",
    "increases",
    "decrease",
    "decreased",
    "decreases",
    "reduce",
    "reduced",
    "reduces",
    "reduction",
    "cut",
    "cuts",
    "boost",
    "boosts",
    "boosted",
    "improve",
    "improved",
    "improves",
    "grow",
    "grew",
    "grows",
    "growth",
    "save",
    "saves",
    "saved",
    "saving",
    "savings",
    "lift",
    "uplift",
    "roi",
    "return",
    "returns",
    "productivity",
    "efficiency",
    "outperform",
    "outperforms",
    "report",
    "reported",
    "prefer",
    "prefers",
    "agree",
    "agrees",
    "say",
    "said",
    "likely",
];

/// A multiplier is a claim only when one of these follows closely ("3x faster",
/// "2x more leads", "5x ROI"), not in "the 10x multiplier" or "Advocate gets 2x".
const COMPARATIVES: &[&str] = &[
    "more",
    "less",
    "fewer",
    "faster",
    "slower",
    "higher",
    "lower",
    "better",
    "greater",
    "cheaper",
    "quicker",
    "bigger",
    "roi",
    "return",
    "returns",
    "growth",
    "increase",
    "productivity",
    "efficiency",
    "revenue",
    "pipeline",
    "conversion",
    "conversions",
    "likely",
];

/// Money is a claim only with these ("save $500", "$2M in pipeline").
const MONEY_WORDS: &[&str] = &[
    "save",
    "saves",
    "saved",
    "saving",
    "savings",
    "cheaper",
    "less",
    "lower",
    "reduce",
    "reduced",
    "reduces",
    "cut",
    "cuts",
    "revenue",
    "roi",
    "return",
    "returns",
    "generate",
    "generated",
    "generates",
    "pipeline",
    "more",
    "increase",
    "increased",
    "worth",
];

/// After "N% of": groups that make it a survey statistic ("67% of marketers").
const SURVEY_GROUPS: &[&str] = &[
    "customers",
    "users",
    "teams",
    "companies",
    "buyers",
    "marketers",
    "businesses",
    "respondents",
    "people",
    "organizations",
    "organisations",
    "executives",
    "leaders",
    "sellers",
    "reps",
    "developers",
    "consumers",
    "shoppers",
    "b2b",
    "ctos",
    "cmos",
    "cfos",
    "enterprises",
    "brands",
    "agencies",
    "prospects",
    "decision-makers",
    "professionals",
];

/// Words after a multiplier that make it a frequency ("2x per week"), not a claim.
const FREQUENCY_WORDS: &[&str] = &[
    "per", "a", "an", "each", "every", "daily", "weekly", "monthly", "yearly", "annually", "week",
    "month", "year", "day", "quarter", "/", "times",
];

/// `#1` in these phrases is an ordinal of ranking in prose ("the #1 priority"), not a
/// product claim.
const ORDINAL_NOUNS: &[&str] = &[
    "priority",
    "reason",
    "rule",
    "mistake",
    "question",
    "thing",
    "goal",
    "tip",
    "issue",
    "problem",
    "error",
    "cause",
    "killer",
    "complaint",
    "request",
    "job",
    "lesson",
    "step",
    "focus",
    "concern",
    "risk",
    "challenge",
    "objection",
    "pain",
    "competitor",
    "competitors",
    "source",
    "channel",
    "metric",
    "driver",
];

/// Flags statistics and superlatives that no approved claim or promise covers.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (b, block) in ctx.document.blocks.iter().enumerate() {
        let text = block.text.as_str();
        // Spans already accounted for: approved claims and promises, banned phrases.
        let hits = ctx.hits_in(b);
        let covered: Vec<Range<usize>> = ctx
            .uses_in(b)
            .iter()
            .map(|u| u.range.clone())
            .chain(
                hits.iter()
                    .filter(|h| matches!(h.kind, HitKind::Phrase(Target::Banned(_))))
                    .map(|h| h.range.clone()),
            )
            .collect();
        let superlatives = |kind: Superlative| {
            hits.iter()
                .filter(move |h| h.kind == HitKind::Phrase(Target::Superlative(kind)))
                .map(|h| h.range.clone())
        };
        let overlaps =
            |r: &Range<usize>| covered.iter().any(|c| c.start < r.end && r.start < c.end);
        // Sentences are split only for a block with a candidate (most have none).
        let sentence_of = |at: usize| ctx.sentence_at(b, at);
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        for (range, parsed) in ctx
            .quantities_in(b)
            .iter()
            .cloned()
            .zip(ctx.parsed_quantities_in(b))
        {
            if overlaps(&range)
                || !starts_cleanly(text, range.start)
                || !ends_cleanly(text, range.end)
            {
                continue;
            }
            let Some(q) = *parsed else {
                continue;
            };
            // Only percentages, multipliers and money can be statistics.
            if matches!(q.unit.dimension(), Dimension::Number | Dimension::Duration) {
                continue;
            }
            let sentence_range = sentence_of(range.start);
            // Context words come from the same sentence only (a quantity may run past
            // the sentence's end across a line break: then nothing follows it).
            let sentence_end = sentence_range.end.max(range.end);
            let after = words_after(&text[..sentence_end], range.end, 4);
            let before = words_before(
                &text[sentence_range.start..],
                range.start - sentence_range.start,
                4,
            );
            if not_a_statement(text, &text[sentence_range], &range, &before, &after) {
                continue;
            }
            let near = |list: &[&str]| {
                before
                    .iter()
                    .chain(after.iter())
                    .any(|w| list.contains(&w.as_ref()))
            };
            let message = match q.unit.dimension() {
                Dimension::Percent => {
                    let survey = after.first().is_some_and(|w| w == "of")
                        && after
                            .get(1)
                            .is_some_and(|w| SURVEY_GROUPS.contains(&w.as_ref()));
                    (survey || near(OUTCOME_WORDS)).then(|| {
                        format!(
                            "{} is a statistic that no approved claim covers",
                            quote(&text[range.clone()])
                        )
                    })
                }
                Dimension::Multiplier => {
                    let frequency = after
                        .first()
                        .is_some_and(|w| FREQUENCY_WORDS.contains(&w.as_ref()))
                        || text[range.end..].starts_with('/');
                    let dimension = after
                        .first()
                        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
                    let compared = after
                        .iter()
                        .take(2)
                        .any(|w| COMPARATIVES.contains(&w.as_ref()));
                    (q.low > 1.0 && !frequency && !dimension && compared).then(|| {
                        format!(
                            "{} is a comparison that no approved claim covers",
                            quote(&text[range.clone()])
                        )
                    })
                }
                Dimension::Money => {
                    // "$495/mo" is a price list, not a claim; "save $2,000 a year" is.
                    let per_unit = text[range.end..].trim_start().starts_with('/');
                    (!per_unit && near(MONEY_WORDS)).then(|| {
                        format!(
                            "{} is a money claim that no approved claim covers",
                            quote(&text[range.clone()])
                        )
                    })
                }
                _ => None,
            };
            if let Some(message) = message {
                found.push((range, message));
            }
        }
        for range in superlatives(Superlative::Compound) {
            let said = &text[range.clone()];
            let sentence = &text[sentence_of(range.start)];
            if overlaps(&range)
                || (said == "#1" && !ranking_number_one(text, range.clone()))
                || is_question(sentence)
            {
                continue;
            }
            found.push((
                range,
                format!(
                    "{} is a superlative that no approved claim backs",
                    quote(said)
                ),
            ));
        }
        for range in superlatives(Superlative::Plain) {
            let before = words_before(text, range.start, 1);
            let before = before.first().map(AsRef::as_ref).unwrap_or("");
            let next = words_after(text, range.end, 2);
            let ranks_a_product = next
                .iter()
                .any(|w| PRODUCT_NOUNS.contains(&w.trim_end_matches('s')));
            let claim =
                OWNERS.contains(&before) || (DETERMINERS.contains(&before) && ranks_a_product);
            let sentence = &text[sentence_of(range.start)];
            if overlaps(&range)
                || !claim
                || is_question(sentence)
                || has_any(sentence, &TARGET_WORDS)
            {
                continue;
            }
            found.push((
                range.clone(),
                format!(
                    "{} is a superlative that no approved claim backs",
                    quote(&text[range])
                ),
            ));
        }
        found.sort_by_key(|(r, _)| (r.start, r.end));
        found.dedup_by(|a, b| a.0.start < b.0.end && b.0.start < a.0.end);
        for (range, message) in found {
            ctx.report(
                out,
                RuleId::UnsourcedStat,
                None,
                None,
                block.source_range(range),
                message,
                Some("cite a source and add it to the glossary as a claim, or say something specific you can back up".into()),
                None,
            );
        }
    }
}

/// Whether `#1` ranks something ("the #1 coffee machine"), rather than numbering a list
/// ("#1 and #2", "#1-10", "priority #1") or naming a prose cliché ("the #1 reason").
fn ranking_number_one(text: &str, range: Range<usize>) -> bool {
    let rest = &text[range.end..];
    if rest.starts_with(['-', '–', ',', ')', '/']) {
        return false;
    }
    let after = words_after(text, range.end, 3);
    if after.first().is_none_or(|w| w.is_empty()) {
        return false;
    }
    if after.iter().any(|w| w.starts_with('#'))
        || text[range.end..].trim_start().starts_with("and #")
    {
        return false;
    }
    if after.iter().take(2).any(|w| {
        ORDINAL_NOUNS.contains(&w.as_ref()) || ORDINAL_NOUNS.contains(&w.trim_end_matches('s'))
    }) {
        return false;
    }
    // A ranking needs an owner: "the #1 coffee machine", "YouTube's #1 factor";
    // "Cold email #1" and "Item #1" are labels.
    let before = words_before(text, range.start, 1);
    before.first().is_some_and(|w| {
        matches!(w.as_ref(), "the" | "our" | "a" | "your" | "their" | "its") || w.ends_with("'s")
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = r#"
[[claims]]
id = "deal-lift"
text = "Aligned teams close 67% more deals."
patterns = ["close {value} more deals"]
value = "67%"
"#;

    fn stats(text: &str) -> Vec<String> {
        findings(&glossary(G), text)
            .into_iter()
            .filter(|f| f.contains("unsourced-stat"))
            .collect()
    }

    #[test]
    fn statistics_in_claim_language_fire() {
        assert_eq!(stats("Teams see 40% higher win rates.\n").len(), 1);
        assert_eq!(stats("73% of marketers agree.\n").len(), 1);
        assert_eq!(stats("Builds are 3x faster.\n").len(), 1);
        assert_eq!(stats("Customers save $2,000 a year.\n").len(), 1);
        assert_eq!(stats("The fastest machine in its class.\n").len(), 1);
        assert_eq!(stats("The #1 coffee machine for offices.\n").len(), 1);
    }

    #[test]
    fn superlatives_are_found_in_every_spelling_as_whole_words() {
        for text in [
            "We are best in class.\n",
            "We are Best-In-Class.\n",
            "We are best-in class.\n",
            "An AWARD WINNING team.\n",
            "It is the world's fastest.\n",
            "It is No. 1 in Europe.\n",
            "Our lowest-cost plan.\n",
        ] {
            assert_eq!(stats(text).len(), 1, "{text:?}");
        }
        // Glued to a word, Unicode letters included, it is another word.
        for text in [
            "We are bestinclass.\n",
            "We are best in classy.\n",
            "It was éunmatched.\n",
            "Our fastestó app.\n",
        ] {
            assert!(stats(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn spell_out_gives_every_spacing() {
        assert_eq!(
            super::spell_out("best~in~class"),
            [
                "best in class",
                "best in-class",
                "best-in class",
                "best-in-class"
            ]
        );
        assert_eq!(super::spell_out("#1"), ["#1"]);
    }

    #[test]
    fn a_range_across_a_line_break_does_not_panic() {
        assert!(stats("Scale from 30 to\n100 accounts.\n").is_empty());
        assert!(stats("Expand from 2 to\n5 segments with 40% more reach.\n").len() <= 1);
    }

    #[test]
    fn approved_claims_and_non_statistics_do_not() {
        assert!(stats("Aligned teams close 67% more deals.\n").is_empty());
        for text in [
            "Version 2.5 was released on 2026-11-23.\n",
            "Call +1 555-0100 or 555 0100.\n",
            "The Pro costs $1,299.\n",
            "Spend 20% of your time on planning.\n",
            "Meet 2x per week, or 3x a month.\n",
            "Focus on #1 and #2 first, then #3.\n",
            "That is the #1 priority this quarter.\n",
            "See step 3.\n",
            "Send cold email #1 on day 2.\n",
            "Pick the cheapest plan a user can buy.\n",
            "Hypothesis: the new page will lift signups by 20%.\n",
            "Is a 5% lift meaningful?\n",
            "Your best customers know.\n",
            "We are 100% remote! Explain more than you think.\n",
            "Identify your top 10% of users and grow them.\n",
            "Use `40% faster` only in code.\n",
            "[40% more](https://example.com/40%-more) is a link text claim.\n",
        ] {
            let s = stats(text);
            let expected = usize::from(text.starts_with('['));
            assert_eq!(s.len(), expected, "{text:?}: {s:?}");
        }
    }
}
