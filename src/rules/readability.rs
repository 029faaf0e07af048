#![doc = include_str!("../../docs/rules/readability.md")]

use super::{Context, RuleId};
use crate::diagnostic::Diagnostic;
use crate::markdown::BlockKind;
use crate::readability::{sentences_in_lines, stats, stats_in_lines, TextStats};

/// Documents shorter than this are not graded: the formula means little on a few lines.
pub const MIN_WORDS: usize = 30;

/// Flags documents whose Flesch-Kincaid grade exceeds a persona's `max_grade`.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let ceilings: Vec<_> = ctx
        .personas
        .iter()
        .filter_map(|id| ctx.glossary.persona(id))
        .filter_map(|p| p.max_grade.map(|g| (p, g)))
        .collect();
    if ceilings.is_empty() {
        return;
    }
    // Running prose only: headings, table cells, alt text and front matter are
    // fragments, not sentences.
    let prose = ctx.document.blocks.iter().filter(|b| {
        matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::Html | BlockKind::SpokenCode
        )
    });
    let mut total = TextStats::default();
    let mut graded: Vec<(f64, &str)> = Vec::new();
    for block in prose {
        let text = block.text.as_str();
        total.add(stats_in_lines(text, &block.line_starts));
        for range in sentences_in_lines(text, &block.line_starts) {
            let sentence = text[range].trim();
            let s = stats(sentence);
            if s.words >= 8 {
                if let Some(g) = s.grade() {
                    graded.push((g, sentence));
                }
            }
        }
    }
    if total.words < MIN_WORDS {
        return;
    }
    let Some(grade) = total.grade() else { return };
    graded.sort_by(|a, b| b.0.total_cmp(&a.0));
    let worst: Vec<String> = graded
        .iter()
        .take(2)
        .map(|(g, s)| {
            format!(
                "\u{201c}{}\u{201d} (grade {g:.1})",
                shorten(&s.replace('\0', "…"), 90)
            )
        })
        .collect();
    for (persona, ceiling) in ceilings {
        if grade <= ceiling {
            continue;
        }
        ctx.report(
            out,
            RuleId::Readability,
            Some(&persona.meta),
            None,
            ctx.document_span(),
            format!(
                "this reads at grade {grade:.1}, above {ceiling} for {}",
                persona.display_name()
            ),
            (!worst.is_empty())
                .then(|| format!("shorten the hardest sentences: {}", worst.join("; "))),
            None,
        );
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use crate::testing::{findings, glossary};

    const G: &str = "[[personas]]\nid = \"cfo\"\nname = \"CFO\"\nmax_grade = 8\n";

    #[test]
    fn dense_copy_is_flagged_plain_copy_is_not() {
        let g = glossary(G);
        let dense = "---\npersona: cfo\n---\nOrganizational alignment between marketing communications and revenue operations necessitates comprehensive standardization of terminology. Consequently, implementation considerations predominantly concern interdepartmental accountability mechanisms and institutionalized documentation. Furthermore, organizational stakeholders necessitate standardized communication infrastructure.\n";
        let f = findings(&g, dense);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].starts_with("2:1 readability cfo: this reads at grade"),
            "{}",
            f[0]
        );
        let plain = "---\npersona: cfo\n---\nThe machine makes good coffee. It costs less than a catering contract. It pays for itself in a year. Your team will like it. It is easy to clean and easy to fill.\n";
        assert!(findings(&g, plain).is_empty());
    }

    #[test]
    fn short_documents_are_not_graded() {
        let g = glossary(G);
        let short = "---\npersona: cfo\n---\nComprehensive organizational standardization necessitates institutionalization.\n";
        assert!(findings(&g, short).is_empty());
    }
}
