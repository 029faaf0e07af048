#![doc = include_str!("../../docs/rules/persona-unknown.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;

/// Flags personas named by a document that the glossary does not define.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for id in ctx.personas {
        if ctx.glossary.persona(id).is_some() {
            continue;
        }
        let known: Vec<&str> = ctx
            .glossary
            .personas
            .iter()
            .map(|p| p.meta.id.as_str())
            .collect();
        let help = if known.is_empty() {
            "the glossary defines no personas; add a [[personas]] entry".to_string()
        } else {
            format!("known personas: {}", known.join(", "))
        };
        ctx.report(
            out,
            RuleId::PersonaUnknown,
            None,
            Some(id),
            ctx.document_span(),
            format!("this document is for persona `{id}`, which the glossary does not define"),
            Some(help),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    #[test]
    fn unknown_persona_is_reported_at_the_key() {
        let g = glossary("[[personas]]\nid = \"cfo\"\n");
        let f = findings(&g, "---\ntitle: x\npersona: cmo\n---\nHello.\n");
        assert_eq!(
            f,
            ["3:1 persona-unknown cmo: this document is for persona `cmo`, which the glossary does not define"]
        );
    }
}
