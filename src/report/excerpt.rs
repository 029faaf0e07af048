//! The lines of a file that hold its findings, kept instead of the whole file when a
//! report needs only positions and matched text (every machine-readable format). A
//! run over hundreds of megabytes then holds its findings in memory, not its input.

use crate::source::{LineIndex, Position};
use std::ops::Range;

/// Whole lines of a file, with where they start.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chunk {
    /// Byte offset of the first line in the file.
    start: usize,
    /// 0-based number of the first line.
    first_line: usize,
    /// The lines, with the line break between them (not after the last).
    text: String,
}

/// The lines of a file that the given byte ranges touch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    chunks: Vec<Chunk>,
}

impl Excerpt {
    /// The lines of `source` (indexed by `index`) that `spans` touch.
    pub fn of(
        source: &str,
        index: &LineIndex,
        spans: impl IntoIterator<Item = Range<usize>>,
    ) -> Excerpt {
        let mut lines: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|r| {
                let start = r.start.min(source.len());
                let end = r.end.min(source.len()).max(start);
                (index.line_of(start), index.line_of(end))
            })
            .collect();
        lines.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in lines {
            match merged.last_mut() {
                Some(m) if first <= m.1 + 1 => m.1 = m.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let chunks = merged
            .into_iter()
            .map(|(first, last)| {
                let start = index.line_range(source, first).start;
                let end = index.line_range(source, last).end;
                Chunk {
                    start,
                    first_line: first,
                    text: source[start..end].to_string(),
                }
            })
            .collect();
        Excerpt { chunks }
    }

    fn chunk_at(&self, offset: usize) -> Option<&Chunk> {
        let i = self
            .chunks
            .partition_point(|c| c.start <= offset)
            .checked_sub(1)?;
        let c = &self.chunks[i];
        (offset <= c.start + c.text.len()).then_some(c)
    }

    /// The position of a byte offset inside the kept lines (line 1, column 1 otherwise).
    pub fn position(&self, offset: usize) -> Position {
        let Some(c) = self.chunk_at(offset) else {
            return Position { line: 1, column: 1 };
        };
        let index = LineIndex::new(&c.text);
        let at = offset - c.start;
        // A chunk with the file's first line starts at offset 0, byte order mark and
        // all, so `position` treats the mark as it does in the whole file.
        let p = index.position(&c.text, at);
        Position {
            line: c.first_line + p.line,
            column: p.column,
        }
    }

    /// The text of `range`, if it lies inside the kept lines.
    pub fn text(&self, range: Range<usize>) -> Option<&str> {
        let c = self.chunk_at(range.start)?;
        c.text
            .get(range.start - c.start..range.end.checked_sub(c.start)?)
    }

    /// The whole lines around `range` and the file offset they start at.
    pub fn lines_around(&self, range: Range<usize>) -> Option<(&str, usize)> {
        let c = self.chunk_at(range.start)?;
        let end = range.end.checked_sub(c.start)?;
        if end > c.text.len() {
            return None;
        }
        Some((c.text.as_str(), c.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_text_match_the_whole_file() {
        let source = "\u{feff}one line\r\ntwo lines \u{e9}t\u{e9}\nthree\rfour\n\nsix words here";
        let index = LineIndex::new(source);
        let spans = [4..8, 20..25, 30..33, 36..39];
        let excerpt = Excerpt::of(source, &index, spans.iter().cloned());
        for r in spans {
            for offset in [r.start, r.end] {
                assert_eq!(
                    excerpt.position(offset),
                    index.position(source, offset),
                    "{offset}"
                );
            }
            assert_eq!(excerpt.text(r.clone()), source.get(r.clone()));
        }
        // Only the touched lines are kept.
        assert!(excerpt.chunks.iter().all(|c| !c.text.contains("six")));
    }
}
