#![doc = include_str!("../../docs/rules/claim-persona.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::StatementKind;

/// Flags claims used in documents for personas they are not approved for.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for u in ctx.uses.iter().filter(|u| u.kind == StatementKind::Claim) {
        let claim = ctx.statement(u);
        if claim.personas.is_empty() {
            continue;
        }
        let not_approved: Vec<&str> = ctx
            .personas
            .iter()
            .filter(|p| !claim.personas.contains(p))
            .map(String::as_str)
            .collect();
        if not_approved.is_empty() {
            continue;
        }
        let block = ctx.block(u.block);
        ctx.report(
            out,
            RuleId::ClaimPersona,
            Some(&claim.meta),
            None,
            block.source_range(u.range.clone()),
            format!(
                "claim `{}` is approved only for {}; this document is for {}",
                claim.meta.id,
                claim.personas.join(", "),
                not_approved.join(", ")
            ),
            Some(
                "use a claim approved for this audience, or ask for this one to be approved".into(),
            ),
            None,
        );
    }
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
personas = ["vp-sales"]

[[personas]]
id = "vp-sales"
[[personas]]
id = "cfo"
"#;

    #[test]
    fn wrong_persona() {
        let f = findings(
            &glossary(G),
            "---\npersona: cfo\n---\nTeams close 67% more deals.\n",
        );
        assert_eq!(
            f,
            ["4:7 claim-persona deal-lift: claim `deal-lift` is approved only for vp-sales; this document is for cfo"]
        );
    }

    #[test]
    fn right_persona_or_none() {
        let g = glossary(G);
        assert!(findings(
            &g,
            "---\npersona: vp-sales\n---\nTeams close 67% more deals.\n"
        )
        .is_empty());
        assert!(findings(&g, "Teams close 67% more deals.\n").is_empty());
    }
}
