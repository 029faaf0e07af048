#![doc = include_str!("../../docs/rules/persona-message-missing.md")]

use super::{quote_list, Context, DocKind, RuleId};
use crate::diagnostic::Diagnostic;
use crate::glossary::matcher::{HitKind, Target};

/// Flags collateral for a persona that names none of the persona's messages.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.kind != DocKind::Collateral {
        return;
    }
    for id in ctx.personas {
        let Some((index, persona)) = ctx
            .glossary
            .personas
            .iter()
            .enumerate()
            .find(|(_, p)| p.meta.id == *id)
        else {
            continue;
        };
        if persona.messages.is_empty() {
            continue;
        }
        let named = ctx
            .hits
            .iter()
            .any(|h| h.kind == HitKind::Phrase(Target::PersonaMessage(index)));
        if named {
            continue;
        }
        let who = persona.display_name();
        ctx.report(
            out,
            RuleId::PersonaMessageMissing,
            Some(&persona.meta),
            None,
            ctx.document_span(),
            format!("this copy for {who} names none of their key messages"),
            Some(format!(
                "work in at least one of: {}",
                quote_list(&persona.messages)
            )),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = "[[personas]]\nid = \"cfo\"\nname = \"CFO\"\nmessages = [\"payback period\"]\n";

    #[test]
    fn missing_and_present() {
        let g = glossary(G);
        let f = findings(&g, "---\npersona: cfo\n---\nBuy it.\n");
        assert_eq!(f, ["2:1 persona-message-missing cfo: this copy for CFO names none of their key messages"]);
        assert!(findings(&g, "---\npersona: cfo\n---\nA short payback period.\n").is_empty());
    }

    #[test]
    fn scripts_are_not_collateral() {
        let g = glossary(G);
        assert!(findings(&g, "---\npersona: cfo\nkind: script\n---\nBuy it.\n").is_empty());
    }
}
