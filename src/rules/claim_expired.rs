#![doc = include_str!("../../docs/rules/claim-expired.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::StatementKind;

/// Flags uses of claims after their `expires` date.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for u in ctx.uses.iter().filter(|u| u.kind == StatementKind::Claim) {
        let claim = ctx.statement(u);
        let Some(expires) = claim.expires else {
            continue;
        };
        if ctx.today <= expires {
            continue;
        }
        let block = ctx.block(u.block);
        ctx.report(
            out,
            RuleId::ClaimExpired,
            Some(&claim.meta),
            None,
            block.source_range(u.range.clone()),
            format!(
                "claim `{}` expired on {expires}; remove it or ask for an updated figure",
                claim.meta.id
            ),
            claim.source.as_ref().map(|s| format!("source: {s}")),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings_on, glossary};

    const G: &str = r#"
[[claims]]
id = "deal-lift"
text = "Aligned teams close 67% more deals."
patterns = ["close {value} more deals"]
value = "67%"
expires = 2026-06-30
"#;

    #[test]
    fn used_after_expiry() {
        let f = findings_on(&glossary(G), "Teams close 67% more deals.\n", "2026-07-01");
        assert_eq!(
            f,
            ["1:7 claim-expired deal-lift: claim `deal-lift` expired on 2026-06-30; remove it or ask for an updated figure"]
        );
    }

    #[test]
    fn on_the_expiry_day_it_is_still_valid() {
        assert!(
            findings_on(&glossary(G), "Teams close 67% more deals.\n", "2026-06-30").is_empty()
        );
    }
}
