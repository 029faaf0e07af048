//! DESIGN §3: a banned phrase inside every construct that is never checked produces
//! nothing; the same phrase in every construct that is prose produces a finding.

use songsheet::engine::{check_source, RunOptions};
use songsheet::glossary::GlossaryLoader;
use songsheet::settings::Settings;
use std::path::Path;

fn settings() -> Settings {
    let mut loader = GlossaryLoader::new();
    loader.add_file(
        "g.toml",
        "[[banned]]\nid = \"risk-free\"\nphrases = [\"risk-free\"]\n",
    );
    Settings::with_glossary(Path::new("."), loader.finish().unwrap())
}

fn count(name: &str, text: &str) -> usize {
    let options = RunOptions {
        kind: None,
        personas: Vec::new(),
        today: "2026-11-23".parse().unwrap(),
        coverage: false,
    };
    check_source(Path::new(name), text, &settings(), &options).len()
}

#[test]
fn never_checked_constructs() {
    let cases: &[(&str, &str)] = &[
        ("fenced code", "```\nrisk-free\n```\n"),
        ("tilde fence", "~~~md\nrisk-free\n~~~\n"),
        ("indented code", "Intro.\n\n    risk-free\n"),
        ("inline code", "Say `risk-free` never.\n"),
        ("html tag attribute", "<p title=\"risk-free\">Fine.</p>\n"),
        (
            "inline html attribute",
            "A <span data-x=\"risk-free\">fine</span> day.\n",
        ),
        ("html comment block", "<!-- risk-free -->\n"),
        ("inline html comment", "Fine <!-- risk-free --> text.\n"),
        ("script", "<script>\nvar s = \"risk-free\";\n</script>\n"),
        ("style", "<style>\n.risk-free { color: red }\n</style>\n"),
        ("pre", "<pre>\nrisk-free\n</pre>\n"),
        ("code element", "<div>\n<code>risk-free</code>\n</div>\n"),
        ("inline code element", "Use <code>risk-free</code> here.\n"),
        (
            "link destination",
            "[our terms](https://example.com/risk-free)\n",
        ),
        ("image destination", "![a machine](risk-free.png)\n"),
        ("link title", "[terms](https://example.com \"risk-free\")\n"),
        (
            "reference definition",
            "[terms]: https://example.com/risk-free\n",
        ),
        ("autolink", "<https://example.com/risk-free>\n"),
        (
            "bare url",
            "See https://example.com/risk-free for details.\n",
        ),
        ("www url", "See www.example.com/risk-free today.\n"),
        (
            "yaml front matter",
            "---\nslug: risk-free\nnotes: risk-free\n---\nFine.\n",
        ),
        (
            "toml front matter",
            "+++\nslug = \"risk-free\"\n+++\nFine.\n",
        ),
        ("placeholder", "Hello {{risk-free}} there.\n"),
        ("spaced placeholder", "Hello {{ risk-free }} there.\n"),
    ];
    for (what, text) in cases {
        assert_eq!(count("doc.md", text), 0, "{what} was checked: {text:?}");
    }
}

#[test]
fn never_checked_mdx_syntax() {
    let cases: &[(&str, &str)] = &[
        ("import", "import RiskFree from './risk-free'\n\nFine.\n"),
        ("export", "export const tag = \"risk-free\"\n\nFine.\n"),
        (
            "multi-line export",
            "export const meta = {\n  tag: \"risk-free\",\n}\n\nFine.\n",
        ),
        (
            "expression",
            "Fine {props.riskFree ? \"risk-free\" : \"\"} text.\n",
        ),
        ("jsx comment", "{/* risk-free */}\n\nFine.\n"),
        (
            "jsx attribute",
            "<Callout title=\"risk-free\">\nFine.\n</Callout>\n",
        ),
        (
            "jsx expression attribute",
            "<Badge label={\"risk-free\"} />\n",
        ),
    ];
    for (what, text) in cases {
        assert_eq!(count("doc.mdx", text), 0, "{what} was checked: {text:?}");
    }
}

#[test]
fn prose_constructs_are_checked() {
    let cases: &[(&str, &str, &str)] = &[
        ("paragraph", "doc.md", "It is risk-free.\n"),
        ("heading", "doc.md", "# Risk-free coffee\n"),
        (
            "setext heading",
            "doc.md",
            "Risk-free coffee\n================\n",
        ),
        ("list item", "doc.md", "- risk-free\n"),
        ("nested list item", "doc.md", "- a\n  - risk-free\n"),
        ("table cell", "doc.md", "| a |\n|---|\n| risk-free |\n"),
        ("block quote", "doc.md", "> risk-free\n"),
        ("github alert", "doc.md", "> [!NOTE]\n> risk-free\n"),
        ("footnote", "doc.md", "A claim.[^1]\n\n[^1]: risk-free\n"),
        (
            "link text",
            "doc.md",
            "[risk-free trial](https://example.com)\n",
        ),
        ("image alt", "doc.md", "![a risk-free trial](x.png)\n"),
        ("emphasis", "doc.md", "It is **risk**-*free*.\n"),
        (
            "text between html tags",
            "doc.md",
            "<p align=\"center\">Our risk-free trial</p>\n",
        ),
        (
            "text in an html block",
            "doc.md",
            "<div>\nOur risk-free trial\n</div>\n",
        ),
        ("entity", "doc.md", "risk&#45;free\n"),
        (
            "front matter title",
            "doc.md",
            "---\ntitle: A risk-free trial\n---\nFine.\n",
        ),
        (
            "front matter description",
            "doc.md",
            "---\ndescription: risk-free\n---\nFine.\n",
        ),
        (
            "jsx children",
            "doc.mdx",
            "<Callout>\nOur risk-free trial\n</Callout>\n",
        ),
        (
            "inline jsx children",
            "doc.mdx",
            "<Callout>Our risk-free trial</Callout>\n",
        ),
        ("plain text", "doc.txt", "It is risk-free.\n"),
        ("no-break hyphen", "doc.md", "risk\u{2011}free\n"),
        ("soft hyphen inside", "doc.md", "risk-fr\u{ad}ee\n"),
    ];
    for (what, name, text) in cases {
        assert_eq!(count(name, text), 1, "{what} was not checked: {text:?}");
    }
}
