//! HTML and JSX inside Markdown, tokenised with html5gum: tags, attributes and comments
//! are not prose; the text between tags is.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::ops::Range;

/// What the tokeniser found, with absolute byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlEvent {
    /// Text between tags; `decoded` is the text after entity decoding.
    Text {
        /// Bytes in the file.
        range: Range<usize>,
        /// The text as a reader sees it.
        decoded: String,
    },
    /// A block-level tag (or a JSX component): prose on either side is separate.
    Break,
    /// `<br>`.
    LineBreak(Range<usize>),
    /// `<a>`: the block has a link.
    Link,
    /// An HTML comment and its body (suppression directives live here).
    Comment {
        /// Bytes in the file, `<!--` to `-->`.
        range: Range<usize>,
        /// The comment's text.
        body: String,
    },
}

/// Tags whose content is never prose.
const RAW_TAGS: &[&str] = &[
    "script", "style", "pre", "code", "kbd", "samp", "textarea", "template", "svg", "math",
    "noscript",
];

/// Tags that do not interrupt a sentence.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "font", "del", "ins", "img",
];

/// Tokeniser state that lasts across inline HTML snippets of one paragraph.
#[derive(Debug, Default)]
pub struct HtmlState {
    /// Open raw-text elements (`<code>`, `<script>` …) whose content is skipped.
    raw: Vec<String>,
}

impl HtmlState {
    /// Whether text here is inside `<code>`, `<script>` and the like.
    pub fn in_raw(&self) -> bool {
        !self.raw.is_empty()
    }
}

/// Tokenises `html`, which starts at byte `base` of the file.
pub fn scan(html: &str, base: usize, state: &mut HtmlState, out: &mut Vec<HtmlEvent>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if RAW_TAGS.contains(&name.as_str()) {
                    if !tag.self_closing {
                        state.raw.push(name);
                    }
                    out.push(HtmlEvent::Break);
                } else if state.in_raw() {
                } else if name == "br" {
                    out.push(HtmlEvent::LineBreak(
                        base + tag.span.start..base + tag.span.end,
                    ));
                } else if name == "a" {
                    out.push(HtmlEvent::Link);
                } else if !INLINE_TAGS.contains(&name.as_str()) {
                    out.push(HtmlEvent::Break);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(at) = state.raw.iter().rposition(|open| *open == name) {
                    state.raw.truncate(at);
                    out.push(HtmlEvent::Break);
                } else if !state.in_raw() && !INLINE_TAGS.contains(&name.as_str()) {
                    out.push(HtmlEvent::Break);
                }
            }
            Token::String(text) if !state.in_raw() => {
                let decoded = String::from_utf8_lossy(&text.value).into_owned();
                out.push(HtmlEvent::Text {
                    range: base + text.span.start..base + text.span.end,
                    decoded,
                });
            }
            Token::Comment(comment) => {
                out.push(HtmlEvent::Comment {
                    range: base + comment.span.start..base + comment.span.end,
                    body: String::from_utf8_lossy(&comment.value).into_owned(),
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(html, 0, &mut HtmlState::default(), &mut out);
        out.into_iter()
            .filter_map(|e| match e {
                HtmlEvent::Text { range, .. } => Some(html[range].to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_between_tags_is_prose_but_attributes_are_not() {
        assert_eq!(
            texts(r#"<p align="center" title="60-day">Our 60-day guarantee</p>"#),
            vec!["Our 60-day guarantee"]
        );
    }

    #[test]
    fn raw_elements_and_comments_are_skipped() {
        let html =
            "<div>a<script>var x = '<b>risk-free</b>';</script><code>y</code><!-- c -->b</div>";
        assert_eq!(texts(html), vec!["a", "b"]);
    }

    #[test]
    fn comments_carry_their_body_and_span() {
        let mut out = Vec::new();
        scan(
            "x<!-- songsheet-disable -->",
            10,
            &mut HtmlState::default(),
            &mut out,
        );
        assert!(out.contains(&HtmlEvent::Comment {
            range: 11..37,
            body: " songsheet-disable ".into()
        }));
    }
}
