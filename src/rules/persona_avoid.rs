#![doc = include_str!("../../docs/rules/persona-avoid.md")]

use super::{dedupe_overlapping, quote, quote_list, Context, Found, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::matcher::{HitKind, Target};

/// Flags words the document's personas avoid.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut found: Vec<Found<usize, ()>> = ctx
        .hits
        .iter()
        .filter_map(|h| match h.kind {
            HitKind::Phrase(Target::PersonaAvoid(p))
                if ctx.personas.contains(&ctx.glossary.personas[p].meta.id) =>
            {
                Some(Found {
                    key: p,
                    block: h.block,
                    range: h.range.clone(),
                    payload: (),
                })
            }
            _ => None,
        })
        .collect();
    dedupe_overlapping(&mut found);
    for Found {
        key: p,
        block: b,
        range,
        ..
    } in found
    {
        let persona = &ctx.glossary.personas[p];
        let block = ctx.block(b);
        let who = persona.display_name();
        ctx.report(
            out,
            RuleId::PersonaAvoid,
            Some(&persona.meta),
            None,
            block.source_range(range.clone()),
            format!("avoid {} in copy for {who}", quote(&block.text[range])),
            (!persona.messages.is_empty()).then(|| {
                format!(
                    "speak to what matters to {who}: {}",
                    quote_list(&persona.messages)
                )
            }),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = "[[personas]]\nid = \"cfo\"\nname = \"CFO\"\navoid = [\"synergy\"]\n";

    #[test]
    fn only_for_the_documents_persona() {
        let g = glossary(G);
        let f = findings(&g, "---\npersona: cfo\n---\nPure synergy.\n");
        assert_eq!(
            f,
            ["4:6 persona-avoid cfo: avoid “synergy” in copy for CFO"]
        );
        assert!(findings(&g, "Pure synergy.\n").is_empty());
    }
}
