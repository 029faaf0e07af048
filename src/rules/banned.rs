#![doc = include_str!("../../docs/rules/banned.md")]

use super::{dedupe_overlapping, quote, Context, Found, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::matcher::{HitKind, Target};

/// Flags banned phrases.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // One finding per span: when several entries ban overlapping phrases (the company
    // glossary and the embedded `core` ruleset both ban "risk-free"), the longest match
    // wins, and at equal length an entry of the user's own glossary.
    let mut found: Vec<Found<(), (bool, usize)>> = ctx
        .hits
        .iter()
        .filter_map(|h| match h.kind {
            HitKind::Phrase(Target::Banned(i)) => {
                let embedded = ctx.glossary.banned[i].meta.origin.starts_with("<embedded");
                // The embedded ruleset is a generic safety net: inside a claim or
                // promise the company approved, the approved entry takes precedence.
                let approved = ctx
                    .uses_in(h.block)
                    .iter()
                    .any(|u| u.range.start < h.range.end && h.range.start < u.range.end);
                if embedded && approved {
                    return None;
                }
                Some(Found {
                    key: (),
                    block: h.block,
                    range: h.range.clone(),
                    payload: (embedded, i),
                })
            }
            _ => None,
        })
        .collect();
    found.sort_by_key(|f| f.payload);
    dedupe_overlapping(&mut found);
    for Found {
        block: b,
        range,
        payload: (_, i),
        ..
    } in found
    {
        let entry = &ctx.glossary.banned[i];
        let block = ctx.block(b);
        ctx.report(
            out,
            RuleId::Banned,
            Some(&entry.meta),
            None,
            block.source_range(range.clone()),
            format!("{} is banned wording", quote(&block.text[range])),
            None,
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = r#"
[[banned]]
id = "risk-free"
phrases = ["risk-free", "risk free", "no risk"]
message = "Say what the guarantee covers instead."
"#;

    #[test]
    fn across_a_soft_line_break_and_typography() {
        let f = findings(
            &glossary(G),
            "It comes with no\nrisk. Totally risk\u{2011}free.\n",
        );
        assert_eq!(
            f,
            [
                "1:15 banned risk-free: “no risk” is banned wording. Say what the guarantee covers instead.",
                "2:15 banned risk-free: “risk-free” is banned wording. Say what the guarantee covers instead."
            ]
        );
    }

    #[test]
    fn word_boundaries() {
        assert!(findings(&glossary(G), "A casino risk\n\nnorisk\n").is_empty());
    }
}
