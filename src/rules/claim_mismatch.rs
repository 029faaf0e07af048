#![doc = include_str!("../../docs/rules/claim-mismatch.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::StatementKind;

/// Flags claims stated with a value other than the approved one.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    super::promise_mismatch::check_values(ctx, out, StatementKind::Claim, RuleId::ClaimMismatch);
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = r#"
[[claims]]
id = "deal-lift"
text = "Aligned sales and marketing teams close 67% more deals."
patterns = ["close {value} more deals"]
value = "67%"
"#;

    #[test]
    fn other_value_is_flagged_with_the_approved_value_as_fix() {
        let f = findings(&glossary(G), "Teams close 70% more deals.\n");
        assert_eq!(
            f,
            ["1:7 claim-mismatch deal-lift: claim `deal-lift` is approved as 67%, this says 70% => 67%"]
        );
    }

    #[test]
    fn a_unit_written_in_the_pattern_is_not_a_mismatch() {
        let g = G.replace("close {value} more deals", "close {value}% more deals");
        assert!(findings(&glossary(&g), "Teams close 67% more deals.\n").is_empty());
        assert_eq!(
            findings(&glossary(&g), "Teams close 70% more deals.\n").len(),
            1
        );
    }

    #[test]
    fn spelled_out_equal_value_passes() {
        assert!(findings(
            &glossary(G),
            "Teams close sixty-seven percent more deals.\n"
        )
        .is_empty());
    }
}
