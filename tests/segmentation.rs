//! What counts as prose: for each tricky input, the prose blocks with their kind, the
//! source position where each starts, and their normalised text (`⌧` marks text that
//! stood for something unchecked: inline code, a placeholder, a URL). Every block's
//! text is also checked to map back onto the source exactly.

use songsheet::markdown::{self, Format, Masker, ParseOptions, Speakers};
use songsheet::source::LineIndex;

fn segment(source: &str, format: Format, script: bool) -> String {
    let masker = Masker::new(&[("{{".into(), "}}".into()), ("[".into(), "]".into())]);
    let speakers = Speakers::default();
    let index = LineIndex::new(source);
    let fm = markdown::front_matter(source, &["title".into(), "description".into()]);
    let options = ParseOptions {
        format,
        masker: &masker,
        speakers: script.then_some(&speakers),
    };
    let doc = markdown::parse_document(source, fm, options, &index);
    let mut out = String::new();
    for block in &doc.blocks {
        let span = block.source_range(0..block.text.len());
        let p = index.position(source, span.start);
        assert!(
            span.end <= source.len()
                && source.is_char_boundary(span.start)
                && source.is_char_boundary(span.end)
        );
        // Every word of the block is found at the source position its span maps to.
        for (start, word) in words(&block.text) {
            let r = block.source_range(start..start + word.len());
            if !word.contains('\0') && block.is_verbatim(start..start + word.len()) {
                assert_eq!(&source[r], word, "word {word:?} maps to the wrong bytes");
            }
        }
        out.push_str(&format!(
            "{:?} {}:{} {}\n",
            block.kind,
            p.line,
            p.column,
            block.text.replace('\0', "⌧")
        ));
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ').scan(0, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    })
}

#[test]
fn markdown_constructs() {
    let source = r#"# Heading with `code` and **bold**

A paragraph with *emphasis*, a [link](https://example.com/risk-free "title"),
an autolink <https://example.com/x> and a bare URL https://example.com/y.
Hello {{first_name}}, your [plan] is ready.

```toml
name = "never checked"
```

    indented code is not prose in collateral

- item one
- item two
  - nested item

> A quote
> over two lines.

> [!NOTE]
> An alert whose marker is not prose.

| Model | Promise |
|-------|---------|
| Home  | 30-day guarantee |

![Alt text of an image](img.png)

Text with a footnote.[^1]

[^1]: The footnote text.

<!-- an HTML comment -->
"#;
    insta::assert_snapshot!(segment(source, Format::Markdown, false));
}

#[test]
fn html_blocks_and_inline_html() {
    let source = r#"<p align="center" title="not prose">Our 60-day guarantee</p>

<div>
First line
<b>bold</b> inside.
<script>var risk = "free";</script>
<pre>preformatted</pre>
</div>

Inline <span class="x">span text</span>, <code>inline code</code> and<br>a break.
"#;
    insta::assert_snapshot!(segment(source, Format::Markdown, false));
}

#[test]
fn mdx_syntax_is_not_prose() {
    let source = r#"---
title: MDX page
---
import { Callout } from "../components"
export const meta = {
  slug: "x",
}

# Hello {props.name}

<Callout type="warning" title="not prose">
Text inside a component.
</Callout>

{/* a JSX comment */}

Closing words.
"#;
    insta::assert_snapshot!(segment(source, Format::Mdx, false));
}

#[test]
fn front_matter_copy_fields() {
    let source = "---\ntitle: \"A “quoted” title\"\ndescription: >\n  Folded over\n  two lines.\nkeywords: [a, b]\n---\nBody.\n";
    insta::assert_snapshot!(segment(source, Format::Markdown, false));
}

#[test]
fn typography_crlf_bom_and_multibyte() {
    let source = "\u{feff}# Caf\u{e9}\r\n\r\nA\u{a0}no\u{2011}risk\u{200b} \u{201c}deal\u{201d} \u{2014} r\u{e9}sum\u{e9} \u{1f600}\r\nsecond line.\r\n";
    insta::assert_snapshot!(segment(source, Format::Markdown, false));
}

#[test]
fn plain_text_paragraphs_and_directives() {
    let source = "First paragraph\nover two lines.\n\n# songsheet-disable-next-line banned\nSecond paragraph.\n";
    insta::assert_snapshot!(segment(source, Format::Text, false));
}

#[test]
fn script_turns() {
    let source = r#"# Cold call

*Stage direction.*

**Rep:** Hello there.
**Prospect:** Not interested.
Still the prospect.

The prospect goes on in a new paragraph.

Rep: Back to the rep.

> Customer: quoted customer line

    SDR: an indented spoken line
    that continues.

---

Unlabelled after a thematic break.

REP - dash label.
"#;
    insta::assert_snapshot!(segment(source, Format::Markdown, true));
}
