#![doc = include_str!("../../docs/rules/promise-mismatch.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::StatementKind;
use crate::quantity;

/// Flags promises stated with a value other than the approved one.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    check_values(ctx, out, StatementKind::Promise, RuleId::PromiseMismatch);
}

/// Shared by `claim-mismatch` and `promise-mismatch`: a use whose captured value is a
/// different quantity from the approved value.
pub(super) fn check_values(
    ctx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    kind: StatementKind,
    rule: RuleId,
) {
    for u in ctx.uses.iter().filter(|u| u.kind == kind) {
        let statement = ctx.statement(u);
        let (Some(approved), Some(value_range)) = (&statement.value, &u.value) else {
            continue;
        };
        let block = ctx.block(u.block);
        let said = &block.text[value_range.clone()];
        let Some(q) = quantity::parse(said) else {
            continue;
        };
        if q.agrees_with(&approved.quantity) {
            continue;
        }
        let what = match kind {
            StatementKind::Claim => "claim",
            StatementKind::Promise => "promise",
        };
        let fix = ctx.replacement(
            block,
            value_range.clone(),
            quantity::restyle(&approved.text, said),
        );
        ctx.report(
            out,
            rule,
            Some(&statement.meta),
            None,
            block.source_range(u.range.clone()),
            format!(
                "{what} `{}` is approved as {}, this says {}",
                statement.meta.id, approved.text, said
            ),
            Some(format!(
                "approved wording: \u{201c}{}\u{201d}",
                statement.text
            )),
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = r#"
[[promises]]
id = "guarantee"
text = "30-day satisfaction guarantee"
patterns = ["{value} (satisfaction|money-back) guarantee"]
value = "30-day"
"#;

    #[test]
    fn across_bold_markup() {
        let f = findings(
            &glossary(G),
            "Every machine has a **60-day** satisfaction guarantee.\n",
        );
        assert_eq!(
            f,
            ["1:23 promise-mismatch guarantee: promise `guarantee` is approved as 30-day, this says 60-day => 30-day"]
        );
    }

    #[test]
    fn equal_values_in_other_spellings_pass() {
        let text = "A thirty-day money-back guarantee. A 30 day satisfaction guarantee.\n";
        assert!(findings(&glossary(G), text).is_empty());
    }

    #[test]
    fn a_value_of_another_dimension_is_another_statement() {
        assert!(findings(&glossary(G), "A 100% money-back guarantee.\n").is_empty());
        assert_eq!(
            findings(&glossary(G), "A 1-month money-back guarantee.\n").len(),
            1
        );
    }

    #[test]
    fn weeks_are_days() {
        assert!(findings(&glossary(G), "Our 2-week money-back guarantee.\n").len() == 1);
        let g = G.replace("\"30-day\"", "\"14-day\"");
        assert!(findings(&glossary(&g), "Our 2-week money-back guarantee.\n").is_empty());
    }
}
