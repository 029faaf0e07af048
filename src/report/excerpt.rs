//! The text around a file's findings, kept instead of the whole file when a report
//! needs only positions, matched text and a little context (every machine-readable
//! format). A run over hundreds of megabytes then holds its findings in memory, not its
//! input.

use crate::source::{ceil_char_boundary, floor_char_boundary, LineIndex, Position};
use std::ops::Range;

/// A window of the file's text: `text[kept]` of the excerpt is `file[start..]`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    /// Byte offset in the file.
    start: usize,
    /// The position of `start`.
    at: Position,
    /// Where the window's text lies in [`Excerpt::text`].
    kept: Range<u32>,
}

/// The text around given byte ranges of a file, all windows in one string (one
/// allocation per file, however many findings it has).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    windows: Vec<Window>,
    text: String,
}

impl Excerpt {
    /// The text of `source` (indexed by `index`) around `spans`: each span and up to
    /// `context` bytes on either side, never past its lines' ends.
    pub fn of(
        source: &str,
        index: &LineIndex,
        spans: impl IntoIterator<Item = Range<usize>>,
        context: usize,
    ) -> Excerpt {
        // A byte order mark counts in offsets but is never part of a finding.
        let floor = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let mut ranges: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|r| {
                let start = r.start.clamp(floor, source.len());
                let end = r.end.min(source.len()).max(start);
                let first = index.line_range(source, index.line_of(start));
                let last = index.line_range(source, index.line_of(end));
                let from = start.saturating_sub(context).max(first.start.max(floor));
                let to = (end + context).min(last.end.max(end));
                let from = floor_char_boundary(source, from);
                let to = ceil_char_boundary(source, to);
                (from, to)
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (from, to) in ranges {
            match merged.last_mut() {
                Some(m) if from <= m.1 => m.1 = m.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let mut text = String::with_capacity(merged.iter().map(|(f, t)| t - f).sum());
        let windows = merged
            .into_iter()
            .map(|(from, to)| {
                let kept = text.len() as u32..(text.len() + to - from) as u32;
                text.push_str(&source[from..to]);
                Window {
                    start: from,
                    at: index.position(source, from),
                    kept,
                }
            })
            .collect();
        Excerpt { windows, text }
    }

    /// Roughly the bytes the excerpt holds (to keep the whole file instead when that is
    /// smaller: a file with a finding on every line).
    pub fn size(&self) -> usize {
        self.windows.len() * std::mem::size_of::<Window>() + self.text.len()
    }

    /// The window holding `offset`, and its text.
    fn window_at(&self, offset: usize) -> Option<(&Window, &str)> {
        let i = self
            .windows
            .partition_point(|w| w.start <= offset)
            .checked_sub(1)?;
        let w = &self.windows[i];
        let text = &self.text[w.kept.start as usize..w.kept.end as usize];
        (offset <= w.start + text.len()).then_some((w, text))
    }

    /// The position of a byte offset inside the kept text (line 1, column 1 otherwise).
    pub fn position(&self, offset: usize) -> Position {
        let Some((w, text)) = self.window_at(offset) else {
            return Position { line: 1, column: 1 };
        };
        let before = &text[..floor_char_boundary(text, offset - w.start)];
        let index = LineIndex::new(before);
        let p = index.position(before, before.len());
        if p.line == 1 {
            Position {
                line: w.at.line,
                column: w.at.column + p.column - 1,
            }
        } else {
            Position {
                line: w.at.line + p.line - 1,
                column: p.column,
            }
        }
    }

    /// The text of `range`, if it lies inside the kept text.
    pub fn text(&self, range: Range<usize>) -> Option<&str> {
        let (w, text) = self.window_at(range.start)?;
        text.get(range.start - w.start..range.end.checked_sub(w.start)?)
    }

    /// The kept text around `range` and the file offset it starts at: back to the
    /// line's start or at least the context asked for before `range`, and as far forward.
    pub fn lines_around(&self, range: Range<usize>) -> Option<(&str, usize)> {
        let (w, text) = self.window_at(range.start)?;
        if range.end.checked_sub(w.start)? > text.len() {
            return None;
        }
        Some((text, w.start))
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
        let excerpt = Excerpt::of(source, &index, spans.iter().cloned(), 100);
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
        // Only the text around the spans is kept.
        assert!(!excerpt.text.contains("six"));
        // Context stops at the line's end and reaches at most CONTEXT_BYTES away.
        let long = format!("{}needle{}\nnext line", "a".repeat(300), "b".repeat(300));
        let index = LineIndex::new(&long);
        let at = long.find("needle").unwrap();
        let excerpt = Excerpt::of(&long, &index, std::iter::once(at..at + 6), 100);
        let (text, base) = excerpt.lines_around(at..at + 6).unwrap();
        assert_eq!(base, at - 100);
        assert_eq!(text.len(), 6 + 2 * 100);
        assert_eq!(excerpt.position(at), index.position(&long, at));
    }
}
