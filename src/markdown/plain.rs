//! Plain text: paragraphs separated by blank lines; `# songsheet-…` lines are directives.

use super::block::{BlockBuilder, BlockKind};
use super::parse::Body;
use super::suppress::directive;
use super::Masker;

/// Splits plain text into paragraph blocks. `start` skips a BOM or front matter.
pub fn parse(source: &str, start: usize, masker: &Masker) -> Body {
    let mut body = Body::default();
    let mut builder = BlockBuilder::new(BlockKind::Paragraph);
    let mut at = start;
    let flush = |builder: &mut BlockBuilder, body: &mut Body| {
        if let Some(block) = builder.take(|t| masker.ranges(t)) {
            body.blocks.push(block);
        }
    };
    for line in source[start..].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            flush(&mut builder, &mut body);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if directive(rest).is_some() {
                flush(&mut builder, &mut body);
                body.comments
                    .push((line_start..line_start + content.len(), rest.to_string()));
                continue;
            }
        }
        if !builder.is_empty() {
            builder.line_break(line_start..line_start);
        }
        builder.push_source(content, line_start);
    }
    flush(&mut builder, &mut body);
    body
}
