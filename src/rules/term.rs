#![doc = include_str!("../../docs/rules/term.md")]

use super::{dedupe_overlapping, quote, Context, Found, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::matcher::{HitKind, Target};
use crate::markdown::{Block, BlockKind};

/// Flags `avoid` variants of terms; the fix writes the `use` form.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Overlapping variants of different terms ("BrewLine" inside "BrewLine Pro"): the
    // longest, most specific match wins, before the `use`-form exemption is applied.
    let mut found: Vec<Found<(), usize>> = ctx
        .hits
        .iter()
        .filter_map(|h| match h.kind {
            HitKind::Phrase(Target::TermVariant(t)) => Some(Found {
                key: (),
                block: h.block,
                range: h.range.clone(),
                payload: t,
            }),
            _ => None,
        })
        .collect();
    dedupe_overlapping(&mut found);
    for Found {
        block: b,
        range,
        payload: t,
        ..
    } in found
    {
        let term = &ctx.glossary.terms[t];
        let block = ctx.block(b);
        let matched = &block.text[range.clone()];
        if is_use_form(matched, &term.use_form, block, range.start) {
            continue;
        }
        let use_form = plural_of_use(matched, &term.use_form, &term.avoid);
        let replacement = match_case(matched, &use_form, block, range.start);
        let fix = ctx.replacement(block, range.clone(), replacement);
        ctx.report(
            out,
            RuleId::Term,
            Some(&term.meta),
            None,
            block.source_range(range),
            format!("write {}, not {}", quote(&use_form), quote(matched)),
            Some(format!("the approved term is {}", quote(&term.use_form))),
            fix,
        );
    }
}

/// The plural of the `use` form when the matched variant is the plural ("s") of another
/// variant of the same term ("sales-ready leads" next to "sales-ready lead" → "SQLs").
fn plural_of_use(matched: &str, use_form: &str, avoid: &[String]) -> String {
    let lower = matched.to_lowercase();
    let singular_listed = lower
        .strip_suffix('s')
        .is_some_and(|one| avoid.iter().any(|v| v.to_lowercase() == one));
    if singular_listed && !use_form.ends_with('s') {
        format!("{use_form}s")
    } else {
        use_form.to_string()
    }
}

/// Text that is exactly the `use` form is never flagged, nor is the `use` form with a
/// capital first letter at the start of a sentence or heading.
fn is_use_form(matched: &str, use_form: &str, block: &Block, at: usize) -> bool {
    matched == use_form || (matched == capitalised(use_form) && sentence_start(block, at))
}

/// The `use` form, capitalised where the original was capitalised at a sentence start.
fn match_case(matched: &str, use_form: &str, block: &Block, at: usize) -> String {
    let upper_start = matched.chars().next().is_some_and(char::is_uppercase);
    if upper_start && sentence_start(block, at) {
        capitalised(use_form)
    } else {
        use_form.to_string()
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `at` starts a sentence: the block (or heading) starts there, or the text
/// before ends a sentence.
pub(crate) fn sentence_start(block: &Block, at: usize) -> bool {
    let before = block.text[..at].trim_end_matches([' ', '"', '\'', '(', '*', '_', '\0']);
    before.is_empty()
        || before.ends_with(['.', '!', '?', ':'])
        || (block.kind == BlockKind::Heading && before.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = r#"
[[terms]]
id = "cold-brew"
use = "cold brew"
avoid = ["cold-brew", "coldbrew", "Cold Brew"]
"#;

    #[test]
    fn variant_is_flagged_with_a_fix() {
        let f = findings(&glossary(G), "Try our cold-brew kit.\n");
        assert_eq!(
            f,
            ["1:9 term cold-brew: write “cold brew”, not “cold-brew” => cold brew"]
        );
    }

    #[test]
    fn use_form_at_sentence_start_is_not_flagged() {
        assert!(findings(&glossary(G), "Cold brew is here. Try cold brew.\n").is_empty());
    }

    #[test]
    fn capitalised_mid_sentence_is_flagged() {
        let f = findings(&glossary(G), "We love Cold Brew.\n");
        assert_eq!(
            f,
            ["1:9 term cold-brew: write “cold brew”, not “Cold Brew” => cold brew"]
        );
    }

    #[test]
    fn a_plural_variant_suggests_the_plural_use_form() {
        let g = "[[terms]]\nid = \"sql\"\nuse = \"SQL\"\navoid = [\"sales-ready lead\", \"sales-ready leads\"]\n";
        let f = findings(&glossary(g), "Route sales-ready leads to AEs.\n");
        assert_eq!(
            f,
            ["1:7 term sql: write “SQLs”, not “sales-ready leads” => SQLs"]
        );
    }

    #[test]
    fn fix_keeps_the_capital_at_a_sentence_start() {
        let f = findings(&glossary(G), "Coldbrew is here.\n");
        assert_eq!(
            f,
            ["1:1 term cold-brew: write “cold brew”, not “Coldbrew” => Cold brew"]
        );
    }
}
