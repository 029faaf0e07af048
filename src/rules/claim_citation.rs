#![doc = include_str!("../../docs/rules/claim-citation.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::StatementKind;

/// Flags `cite = true` claims with no link or footnote in their block.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for u in ctx.uses.iter().filter(|u| u.kind == StatementKind::Claim) {
        let claim = ctx.statement(u);
        let block = ctx.block(u.block);
        if !claim.cite || block.has_link {
            continue;
        }
        ctx.report(
            out,
            RuleId::ClaimCitation,
            Some(&claim.meta),
            None,
            block.source_range(u.range.clone()),
            format!(
                "claim `{}` needs a source: add a link or footnote in the same paragraph",
                claim.meta.id
            ),
            claim.source.as_ref().map(|s| format!("cite {s}")),
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
cite = true
source = "https://example.com/study"
"#;

    #[test]
    fn uncited_claim() {
        let f = findings(&glossary(G), "Teams close 67% more deals.\n");
        assert_eq!(
            f,
            ["1:7 claim-citation deal-lift: claim `deal-lift` needs a source: add a link or footnote in the same paragraph"]
        );
    }

    #[test]
    fn links_footnotes_and_urls_cite() {
        let g = glossary(G);
        assert!(findings(
            &g,
            "Teams close 67% more deals ([study](https://x.example)).\n"
        )
        .is_empty());
        assert!(findings(&g, "Teams close 67% more deals.[^1]\n\n[^1]: A study.\n").is_empty());
        assert!(findings(&g, "Teams close 67% more deals, see https://x.example.\n").is_empty());
    }
}
