//! Byte offsets to LSP positions and back, in the negotiated encoding: UTF-8 (bytes)
//! when the client offers it, UTF-16 code units otherwise.

use crate::source::LineIndex;
use lsp_types::{Position, Range};

/// How LSP columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

/// A document's text with its line index, for converting positions.
pub struct Text<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'a> Text<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str, encoding: Encoding) -> Text<'a> {
        Text {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(self.text, offset);
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line).unwrap_or(0);
        let prefix = &self.text[start..offset];
        let character = match self.encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of an LSP position (clamped to the line and the text; a position
    /// inside a character moves to its start).
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(start) = self.index.line_start(line) else {
            return self.text.len();
        };
        let line_text = &self.text[self.index.line_range(self.text, line)];
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line_text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_utf16_columns() {
        let text = "a\u{e9}\u{1f600}x\nb";
        let x = text.find('x').unwrap();
        let t8 = Text::new(text, Encoding::Utf8);
        let t16 = Text::new(text, Encoding::Utf16);
        assert_eq!(t8.position(x), Position::new(0, 7));
        assert_eq!(t16.position(x), Position::new(0, 4));
        assert_eq!(t8.offset(Position::new(0, 7)), x);
        assert_eq!(t16.offset(Position::new(0, 4)), x);
        assert_eq!(t16.offset(Position::new(1, 0)), text.len() - 1);
        assert_eq!(t16.offset(Position::new(9, 0)), text.len());
        assert_eq!(t16.offset(Position::new(0, 99)), text.find('\n').unwrap());
    }
}
