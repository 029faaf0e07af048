//! Markdown (and MDX, once masked) into prose blocks, with pulldown-cmark's offsets.

use super::block::{Block, BlockBuilder, BlockKind};
use super::html::{self, HtmlEvent, HtmlState};
use super::Masker;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What the Markdown walk produces.
#[derive(Debug, Default)]
pub struct Body {
    /// Prose blocks in document order.
    pub blocks: Vec<Block>,
    /// Byte offsets of thematic breaks (they end a script turn).
    pub breaks: Vec<usize>,
    /// HTML comments: range and body.
    pub comments: Vec<(Range<usize>, String)>,
}

struct Walker<'a> {
    source: &'a str,
    masker: &'a Masker,
    /// Indented code blocks are prose (spoken lines in scripts).
    indented_code_is_prose: bool,
    body: Body,
    builder: BlockBuilder,
    /// Builders set aside while image alt text is read.
    outer: Vec<BlockBuilder>,
    code: Option<bool>,
    autolink_depth: usize,
    html_block: Option<Range<usize>>,
    inline_html: HtmlState,
    /// Whether an image's alt text became a block before the paragraph around it.
    out_of_order: bool,
}

/// Parses `source` (front matter and MDX syntax already masked with spaces).
pub fn parse(source: &str, masker: &Masker, indented_code_is_prose: bool) -> Body {
    parse_from(source, 0, masker, indented_code_is_prose)
}

/// Parses the Markdown of `source` that starts at byte `start`, the start of a line
/// (after front matter), with offsets into the whole of `source`. The same as parsing
/// `source` with everything before `start` blanked (blank lines open a document
/// without effect), without copying the file to blank it.
pub fn parse_from(
    source: &str,
    start: usize,
    masker: &Masker,
    indented_code_is_prose: bool,
) -> Body {
    let start = start.min(source.len());
    debug_assert!(start == 0 || source.as_bytes()[start - 1] == b'\n');
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_GFM);
    let mut walker = Walker {
        source,
        masker,
        indented_code_is_prose,
        // Prose has a block every hundred bytes or so: room for most documents' blocks
        // at once, rather than a vector of large structs copied as it doubles.
        body: Body {
            blocks: Vec::with_capacity((source.len() - start) / 64 + 1),
            ..Body::default()
        },
        builder: BlockBuilder::new(BlockKind::Paragraph),
        outer: Vec::new(),
        code: None,
        autolink_depth: 0,
        html_block: None,
        inline_html: HtmlState::default(),
        out_of_order: false,
    };
    for (event, range) in Parser::new_ext(&source[start..], options).into_offset_iter() {
        walker.event(event, range.start + start..range.end + start);
    }
    walker.flush();
    // Image alt text is finished before the paragraph around it; restore document order.
    if walker.out_of_order {
        walker
            .body
            .blocks
            .sort_by_key(|b| b.source_range(0..0).start);
    }
    walker.body
}

impl Walker<'_> {
    fn flush(&mut self) {
        // A pristine builder holds nothing to finish. Either way the builder, and its
        // buffers, serve the next block.
        if !self.builder.is_pristine() {
            let masker = self.masker;
            if let Some(block) = self.builder.take(|t| masker.ranges(t)) {
                self.body.blocks.push(block);
            }
        }
        self.builder.set_kind(BlockKind::Paragraph);
        self.inline_html = HtmlState::default();
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.flush();
        self.builder.set_kind(kind);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(indented) = self.code {
                    if indented && self.indented_code_is_prose {
                        self.builder.set_kind(BlockKind::SpokenCode);
                        self.builder.push_text(&text, range, self.source);
                    }
                } else if self.autolink_depth == 0 && !self.inline_html.in_raw() {
                    self.builder.push_text(&text, range, self.source);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.builder.barrier(range)
            }
            Event::FootnoteReference(_) => {
                self.builder.mark_link();
                self.builder.barrier(range);
            }
            Event::SoftBreak | Event::HardBreak => self.builder.line_break(range),
            Event::Rule => {
                self.flush();
                self.body.breaks.push(range.start);
            }
            Event::Html(_) => {
                if let Some(block) = &mut self.html_block {
                    block.end = block.end.max(range.end);
                }
            }
            Event::InlineHtml(snippet) => {
                let mut events = Vec::new();
                html::scan(&snippet, range.start, &mut self.inline_html, &mut events);
                for e in events {
                    match e {
                        HtmlEvent::Text { range, decoded } => {
                            self.builder.push_text(&decoded, range, self.source)
                        }
                        HtmlEvent::Break => self.builder.barrier(range.clone()),
                        HtmlEvent::LineBreak(r) => self.builder.line_break(r),
                        HtmlEvent::Link => self.builder.mark_link(),
                        HtmlEvent::Comment { range, body } => {
                            self.body.comments.push((range, body))
                        }
                    }
                }
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        // A block of text about as long as its source: room for it at once.
        let text_block = matches!(tag, Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell);
        let source_len = range.len();
        match tag {
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.flush(),
            Tag::Heading { .. } => self.start_block(BlockKind::Heading),
            Tag::TableCell => self.start_block(BlockKind::TableCell),
            Tag::CodeBlock(kind) => {
                self.flush();
                self.code = Some(matches!(kind, CodeBlockKind::Indented));
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(range.start..range.start);
            }
            Tag::Link { link_type, .. } => match link_type {
                LinkType::Autolink | LinkType::Email => {
                    self.autolink_depth += 1;
                    self.builder.mark_link();
                    self.builder.barrier(range);
                }
                _ => self.builder.open_link(),
            },
            Tag::Image { .. } => {
                let outer =
                    std::mem::replace(&mut self.builder, BlockBuilder::new(BlockKind::ImageAlt));
                self.outer.push(outer);
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
        }
        if text_block {
            self.builder.reserve(source_len);
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => self.flush(),
            TagEnd::CodeBlock => {
                self.flush();
                self.code = None;
            }
            TagEnd::HtmlBlock => {
                if let Some(range) = self.html_block.take() {
                    self.html_block_text(range);
                }
                self.flush();
            }
            TagEnd::Link => {
                if self.autolink_depth > 0 {
                    self.autolink_depth -= 1;
                } else {
                    self.builder.close_link();
                }
            }
            TagEnd::Image => {
                if let Some(outer) = self.outer.pop() {
                    let alt = std::mem::replace(&mut self.builder, outer);
                    let masker = self.masker;
                    if let Some(block) = alt.finish(|t| masker.ranges(t)) {
                        self.body.blocks.push(block);
                        self.out_of_order = true;
                    }
                    self.builder.mark_link();
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    fn html_block_text(&mut self, range: Range<usize>) {
        let Some(html) = self.source.get(range.clone()) else {
            return;
        };
        let mut events = Vec::new();
        html::scan(html, range.start, &mut HtmlState::default(), &mut events);
        self.builder.set_kind(BlockKind::Html);
        for e in events {
            match e {
                HtmlEvent::Text { range, decoded } => {
                    self.builder.push_text(&decoded, range, self.source)
                }
                HtmlEvent::Break => {
                    self.flush();
                    self.builder.set_kind(BlockKind::Html);
                }
                HtmlEvent::LineBreak(r) => self.builder.line_break(r),
                HtmlEvent::Link => self.builder.mark_link(),
                HtmlEvent::Comment { range, body } => self.body.comments.push((range, body)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(BlockKind, String)> {
        let masker = Masker::new(&[]);
        parse(source, &masker, false)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    /// Image alt text is finished before the paragraph around it: the blocks still
    /// come in document order, with and without images.
    #[test]
    fn blocks_are_in_document_order() {
        assert_eq!(
            texts("# Title\n\nOne ![alt words](x.png) two.\n\nThree.\n"),
            [
                (BlockKind::Heading, "Title".to_string()),
                (BlockKind::Paragraph, "One two.".to_string()),
                (BlockKind::ImageAlt, "alt words".to_string()),
                (BlockKind::Paragraph, "Three.".to_string()),
            ]
        );
        assert_eq!(
            texts("One.\n\n- Two\n- Three\n"),
            [
                (BlockKind::Paragraph, "One.".to_string()),
                (BlockKind::Paragraph, "Two".to_string()),
                (BlockKind::Paragraph, "Three".to_string()),
            ]
        );
    }

    proptest::proptest! {
        /// Parsing what follows the front matter gives the blocks, breaks and comments
        /// that parsing the whole file with the front matter blanked gives.
        #[test]
        fn parsing_after_front_matter_is_parsing_it_blanked(
            front in proptest::collection::vec(
                proptest::sample::select(vec!["title: A", "  - x", "note: |", "    more", ""]),
                0..4,
            ),
            body in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Plain *words* here.", "    indented code", "\tTabbed", "# Heading",
                    "Setext", "===", "---", "- item", "  - nested", "1. first", "> quote",
                    "| a | b |", "|---|---|", "<div>", "</div>", "<!-- note -->",
                    "[ref]: https://example.com", "See [ref] and `code`.", "```", "",
                    "   three spaces", "Hello {{name}} at www.example.com.",
                ]),
                0..10,
            ),
        ) {
            let mut source = String::from("---\n");
            for line in &front {
                source.push_str(line);
                source.push('\n');
            }
            source.push_str("---\n");
            let start = source.len();
            for line in &body {
                source.push_str(line);
                source.push('\n');
            }
            let blanked: String = source
                .char_indices()
                .map(|(i, c)| if i < start && c != '\n' { ' ' } else { c })
                .collect();
            let masker = Masker::default();
            let whole = parse(&blanked, &masker, true);
            let after = parse_from(&source, start, &masker, true);
            proptest::prop_assert_eq!(format!("{whole:?}"), format!("{after:?}"));
        }
    }
}
