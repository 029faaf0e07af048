#![doc = include_str!("../../docs/rules/disclaimer-missing.md")]

use super::{quote, Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::squash;

/// Flags claims and promises whose required disclaimer is not in the document.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for u in &ctx.uses {
        let statement = ctx.statement(u);
        let Some(disclaimer) = statement
            .disclaimer
            .as_deref()
            .and_then(|id| ctx.glossary.disclaimer(id))
        else {
            continue;
        };
        if ctx.squashed_prose().contains(&squash(&disclaimer.text)) {
            continue;
        }
        let block = ctx.block(u.block);
        ctx.report(
            out,
            RuleId::DisclaimerMissing,
            Some(&statement.meta),
            None,
            block.source_range(u.range.clone()),
            format!(
                "`{}` needs the disclaimer `{}`, which this document lacks",
                statement.meta.id, disclaimer.meta.id
            ),
            Some(format!("add: {}", quote(&disclaimer.text))),
            None,
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
patterns = ["{value} satisfaction guarantee"]
value = "30-day"
disclaimer = "terms"

[[disclaimers]]
id = "terms"
text = "The guarantee covers machines bought directly from Brewline."
"#;

    #[test]
    fn missing_disclaimer() {
        let f = findings(&glossary(G), "A 30-day satisfaction guarantee.\n");
        assert_eq!(
            f,
            ["1:3 disclaimer-missing guarantee: `guarantee` needs the disclaimer `terms`, which this document lacks"]
        );
    }

    #[test]
    fn present_ignoring_case_whitespace_and_punctuation() {
        let text = "A 30-day satisfaction guarantee.\n\n*the guarantee covers machines\nbought directly from BREWLINE*\n";
        assert!(findings(&glossary(G), text).is_empty());
    }
}
