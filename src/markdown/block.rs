//! Prose blocks: normalised text that maps back to exact byte spans of the file.

use super::text::{classify, Norm};
use std::ops::Range;

/// What kind of element a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (or the text of a tight list item).
    Paragraph,
    /// A heading; fixes here are unsafe (anchors).
    Heading,
    /// A table cell.
    TableCell,
    /// Image alt text.
    ImageAlt,
    /// Text between HTML or JSX tags.
    Html,
    /// A front-matter field checked as copy (`title`, `description`).
    FrontMatter,
    /// A spoken line that CommonMark reads as indented code (scripts only).
    SpokenCode,
}

/// A run of normalised text and the source bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Start in the normalised text.
    norm: u32,
    /// Start in the source.
    src: u32,
    /// Length in the source.
    src_len: u32,
    /// Whether normalised and source bytes correspond one to one.
    identity: bool,
}

/// One prose block. `text` is normalised (see [`super::text`]); every byte of it maps
/// back to the source, so findings get exact offsets.
#[derive(Debug, Clone)]
pub struct Block {
    /// Normalised text: single spaces, straight quotes, hyphens, and `\0` where
    /// something unchecked (inline code, a placeholder, a URL) stood.
    pub text: String,
    pieces: Vec<Piece>,
    /// What the block came from.
    pub kind: BlockKind,
    /// Whether the block has a link, URL or footnote reference (for `claim-citation`).
    pub has_link: bool,
    /// Ranges of `text` inside link text (fixes there are unsafe).
    pub link_ranges: Vec<Range<usize>>,
    /// Positions in `text` where a source line starts (always includes 0).
    pub line_starts: Vec<usize>,
}

impl Block {
    /// The source byte range of `range` of the normalised text.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_start(range.start);
        let end = self.source_end(range.end).max(start);
        start..end
    }

    fn piece_at(&self, pos: usize) -> &Piece {
        let i = self
            .pieces
            .partition_point(|p| p.norm as usize <= pos)
            .saturating_sub(1);
        &self.pieces[i]
    }

    fn source_start(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.source_end(self.text.len());
        }
        let p = self.piece_at(pos);
        if p.identity {
            (p.src + (pos as u32 - p.norm)) as usize
        } else if pos as u32 == p.norm {
            p.src as usize
        } else {
            (p.src + p.src_len) as usize
        }
    }

    fn source_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.pieces.first().map(|p| p.src as usize).unwrap_or(0);
        }
        let p = self.piece_at(pos - 1);
        if p.identity {
            (p.src + (pos as u32 - p.norm)) as usize
        } else {
            (p.src + p.src_len) as usize
        }
    }

    /// Whether `range` maps byte for byte onto one contiguous run of the source, so that
    /// replacing it in the source is exactly replacing it in the text.
    pub fn is_verbatim(&self, range: Range<usize>) -> bool {
        if range.is_empty() || range.end > self.text.len() {
            return false;
        }
        let a = self.piece_at(range.start);
        let b = self.piece_at(range.end - 1);
        a == b && a.identity
    }

    /// Whether `range` lies in link text.
    pub fn in_link(&self, range: &Range<usize>) -> bool {
        self.link_ranges
            .iter()
            .any(|l| l.start < range.end && range.start < l.end)
    }

    /// The part of the block in `range` (trimmed of spaces) as a block of its own.
    pub fn slice(&self, range: Range<usize>) -> Option<Block> {
        let mut start = range.start.min(self.text.len());
        let mut end = range.end.min(self.text.len()).max(start);
        let bytes = self.text.as_bytes();
        while start < end && bytes[start] == b' ' {
            start += 1;
        }
        while end > start && bytes[end - 1] == b' ' {
            end -= 1;
        }
        if start == end {
            return None;
        }
        let mut pieces = Vec::new();
        for (i, p) in self.pieces.iter().enumerate() {
            let p_end = self
                .pieces
                .get(i + 1)
                .map(|n| n.norm as usize)
                .unwrap_or(self.text.len());
            let (s, e) = ((p.norm as usize).max(start), p_end.min(end));
            if s >= e {
                continue;
            }
            let piece = if p.identity {
                Piece {
                    norm: (s - start) as u32,
                    src: p.src + (s as u32 - p.norm),
                    src_len: (e - s) as u32,
                    identity: true,
                }
            } else {
                Piece {
                    norm: (s - start) as u32,
                    ..*p
                }
            };
            pieces.push(piece);
        }
        let rebase = |r: &Range<usize>| -> Option<Range<usize>> {
            let (s, e) = (r.start.max(start), r.end.min(end));
            (s < e).then(|| s - start..e - start)
        };
        let mut line_starts: Vec<usize> = vec![0];
        line_starts.extend(
            self.line_starts
                .iter()
                .filter(|&&l| l > start && l < end)
                .map(|l| l - start),
        );
        Some(Block {
            text: self.text[start..end].to_string(),
            pieces,
            kind: self.kind,
            has_link: self.has_link,
            link_ranges: self.link_ranges.iter().filter_map(rebase).collect(),
            line_starts,
        })
    }
}

/// Builds a block from pieces of source text, normalising as it goes.
#[derive(Debug)]
pub struct BlockBuilder {
    text: String,
    pieces: Vec<Piece>,
    kind: BlockKind,
    has_link: bool,
    link_ranges: Vec<Range<usize>>,
    line_starts: Vec<usize>,
    open_link: Option<usize>,
}

impl BlockBuilder {
    /// A builder for a block of `kind`.
    pub fn new(kind: BlockKind) -> BlockBuilder {
        BlockBuilder {
            text: String::new(),
            pieces: Vec::new(),
            kind,
            has_link: false,
            link_ranges: Vec::new(),
            line_starts: vec![0],
            open_link: None,
        }
    }

    /// The kind of block being built.
    pub fn kind(&self) -> BlockKind {
        self.kind
    }

    /// Changes the kind (a paragraph inside a heading, say).
    pub fn set_kind(&mut self, kind: BlockKind) {
        self.kind = kind;
    }

    /// Makes room for the text of a block that takes `source_len` bytes of source (its
    /// text is rarely longer), and a few pieces, so that building it grows nothing.
    pub fn reserve(&mut self, source_len: usize) {
        self.text.reserve(source_len);
        self.pieces.reserve(4);
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether nothing at all has been recorded (no text, link or break), so the builder
    /// can be reused for the next block as it is.
    pub fn is_pristine(&self) -> bool {
        self.text.is_empty()
            && self.pieces.is_empty()
            && !self.has_link
            && self.link_ranges.is_empty()
            && self.line_starts.len() <= 1
            && self.open_link.is_none()
    }

    fn last_is_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with(' ')
    }

    fn push_identity(&mut self, c: char, src: usize) {
        let mut buf = [0u8; 4];
        self.push_identity_str(c.encode_utf8(&mut buf), src);
    }

    fn push_mapped(&mut self, c: char, src: Range<usize>) {
        self.pieces.push(Piece {
            norm: self.text.len() as u32,
            src: src.start as u32,
            src_len: (src.end - src.start) as u32,
            identity: false,
        });
        self.text.push(c);
    }

    /// Adds a run of text copied unchanged from the source at `src`.
    fn push_identity_str(&mut self, run: &str, src: usize) {
        let norm = self.text.len() as u32;
        let len = run.len() as u32;
        match self.pieces.last_mut() {
            Some(last)
                if last.identity
                    && last.norm + last.src_len == norm
                    && last.src + last.src_len == src as u32 =>
            {
                last.src_len += len
            }
            _ => self.pieces.push(Piece {
                norm,
                src: src as u32,
                src_len: len,
                identity: true,
            }),
        }
        self.text.push_str(run);
    }

    /// Adds `text` that appears verbatim in the source at `src_start`.
    pub fn push_source(&mut self, text: &str, src_start: usize) {
        let bytes = text.as_bytes();
        if self.text.capacity() == 0 {
            self.reserve(text.len().max(64));
        }
        // Printable ASCII, and a single space after anything but a space, are kept as
        // they are: copy whole runs of them at once.
        let mut i = 0;
        while i < bytes.len() {
            let end = verbatim_run_end(bytes, i, self.last_is_space());
            if end > i {
                self.push_identity_str(&text[i..end], src_start + i);
                i = end;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let at = src_start + i;
            match classify(c) {
                Norm::Keep => self.push_identity(c, at),
                Norm::Space => {
                    if !self.last_is_space() {
                        if c == ' ' {
                            self.push_identity(c, at);
                        } else {
                            self.push_mapped(' ', at..at + c.len_utf8());
                        }
                    }
                    if c == '\n' && !self.text.is_empty() {
                        self.mark_line_start();
                    }
                }
                Norm::Replace(r) => self.push_mapped(r, at..at + c.len_utf8()),
                Norm::Remove => {}
            }
            i += c.len_utf8();
        }
    }

    /// Adds `text` that stands for the source bytes `src` without being a copy of them
    /// (a decoded entity, say). The whole text maps to the whole range.
    pub fn push_decoded(&mut self, text: &str, src: Range<usize>) {
        let norm_start = self.text.len();
        for c in text.chars() {
            match classify(c) {
                Norm::Keep => self.text.push(c),
                Norm::Space => {
                    if !self.last_is_space() {
                        self.text.push(' ')
                    }
                }
                Norm::Replace(r) => self.text.push(r),
                Norm::Remove => {}
            }
        }
        if self.text.len() > norm_start {
            self.pieces.push(Piece {
                norm: norm_start as u32,
                src: src.start as u32,
                src_len: (src.end - src.start) as u32,
                identity: false,
            });
        }
    }

    /// Adds `text` from the source, copying when it is verbatim and mapping it as a whole
    /// when the parser decoded something (entities, escapes).
    pub fn push_text(&mut self, text: &str, src: Range<usize>, source: &str) {
        if source.get(src.clone()) == Some(text) {
            self.push_source(text, src.start);
        } else {
            self.push_decoded(text, src);
        }
    }

    /// A soft or hard line break: a space, and a new source line starts.
    pub fn line_break(&mut self, src: Range<usize>) {
        if !self.last_is_space() {
            self.push_mapped(' ', src);
        }
        self.mark_line_start();
    }

    fn mark_line_start(&mut self) {
        let at = self.text.len();
        if self.line_starts.last() != Some(&at) {
            self.line_starts.push(at);
        }
    }

    /// Something that is not prose stood here (inline code, a footnote mark): phrases
    /// never match across it.
    pub fn barrier(&mut self, src: Range<usize>) {
        self.push_mapped('\0', src);
    }

    /// Records a link, URL or footnote in the block.
    pub fn mark_link(&mut self) {
        self.has_link = true;
    }

    /// Link text starts here.
    pub fn open_link(&mut self) {
        self.has_link = true;
        self.open_link = Some(self.text.len());
    }

    /// Link text ends here.
    pub fn close_link(&mut self) {
        if let Some(start) = self.open_link.take() {
            if start < self.text.len() {
                self.link_ranges.push(start..self.text.len());
            }
        }
    }

    /// Finishes the block; `None` when it holds no prose. `mask` lists ranges of the
    /// text that are not prose after all (placeholders, URLs): they become `\0`.
    pub fn finish(mut self, mask: impl Fn(&str) -> Vec<(Range<usize>, bool)>) -> Option<Block> {
        self.take(mask)
    }

    /// [`BlockBuilder::finish`] without giving the builder up: the block gets copies of
    /// exactly its size, and the builder, emptied, keeps its buffers for the next block
    /// of the same kind. A document's blocks then grow no buffer once the first few are
    /// built (reallocation was 4 % of a whole check's instructions).
    pub fn take(&mut self, mask: impl Fn(&str) -> Vec<(Range<usize>, bool)>) -> Option<Block> {
        let block = self.copy_out(mask);
        self.text.clear();
        self.pieces.clear();
        self.has_link = false;
        self.link_ranges.clear();
        self.line_starts.clear();
        self.line_starts.push(0);
        self.open_link = None;
        block
    }

    fn copy_out(&mut self, mask: impl Fn(&str) -> Vec<(Range<usize>, bool)>) -> Option<Block> {
        if !holds_prose(&self.text) {
            return None;
        }
        for (range, is_link) in mask(&self.text) {
            let zeros = "\0".repeat(range.len());
            self.text.replace_range(range, &zeros);
            self.has_link |= is_link;
        }
        if !holds_prose(&self.text) {
            return None;
        }
        let block = Block {
            text: self.text.clone(),
            pieces: self.pieces.clone(),
            kind: self.kind,
            has_link: self.has_link,
            link_ranges: self.link_ranges.clone(),
            line_starts: self.line_starts.clone(),
        };
        // Most blocks need no trimming (the few that do are copied again).
        if !block.text.starts_with(' ') && !block.text.ends_with(' ') {
            return Some(block);
        }
        block.slice(0..block.text.len())
    }
}

/// Whether `text` has anything but spaces and masked bytes.
fn holds_prose(text: &str) -> bool {
    text.bytes().any(|b| b != b' ' && b != 0)
}

/// Whether ASCII byte `b` is kept as it is wherever it stands: anything but a
/// non-ASCII byte, whitespace and vertical tab.
fn is_verbatim(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_whitespace() && b != 0x0b
}

/// Where the run that starts at `start` of bytes kept as they are ends: verbatim
/// bytes ([`is_verbatim`]) and single spaces, the first not a space if the text so far
/// ends with one (`after_space`). Eight bytes at a time where it can: this reads every
/// byte of prose.
fn verbatim_run_end(bytes: &[u8], start: usize, mut after_space: bool) -> usize {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * EACH;
    let mut i = start;
    while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        let low = word & (0x7f * EACH);
        // High bit of each byte that is 0x09-0x0d (tab, line feed, vertical tab, form
        // feed, carriage return): at least 0x09 and below 0x0e. No carry crosses a byte.
        let from_tab = low + (0x80 - 0x09) * EACH;
        let from_shift_out = low + (0x80 - 0x0e) * EACH;
        let controls = from_tab & !from_shift_out;
        // High bit of each space: the byte XOR 0x20 is zero.
        let flipped = word ^ (0x20 * EACH);
        let spaces = !(((flipped & (0x7f * EACH)) + 0x7f * EACH) | flipped) & HIGH;
        let doubled = spaces & ((spaces << 8) | u64::from(after_space) << 7);
        if (word | controls | doubled) & HIGH != 0 {
            break;
        }
        after_space = spaces >> 63 != 0;
        i += 8;
    }
    verbatim_run_end_bytewise(bytes, i, after_space)
}

/// [`verbatim_run_end`] one byte at a time: the last few bytes, and the reference the
/// eight-byte test is checked against.
fn verbatim_run_end_bytewise(bytes: &[u8], start: usize, mut after_space: bool) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if is_verbatim(b) {
            after_space = false;
        } else if b == b' ' && !after_space {
            after_space = true;
        } else {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn runs_end_where_the_bytewise_loop_ends(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b"verbatim"[..], b"words and ", b" ", b"  ", b"a", b".", b"\t", b"\n",
                    b"\x0b", b"\x0c", b"\r", b"\x0e", b"\x08", b"\x1f", b"\x7f", b"\xc3\xa9",
                    b"\xff", b"\xa0",
                ]),
                0..24,
            ),
            start in 0usize..40,
            after_space: bool,
        ) {
            let bytes = pieces.concat();
            let start = start.min(bytes.len());
            proptest::prop_assert_eq!(
                verbatim_run_end(&bytes, start, after_space),
                verbatim_run_end_bytewise(&bytes, start, after_space)
            );
        }
    }

    #[test]
    fn spans_map_back_through_markup_and_typography() {
        let source = "a **60\u{2011}day** \u{201C}x\u{201D}";
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_source("a ", 0);
        b.push_source("60\u{2011}day", 4);
        b.push_source(" \u{201C}x\u{201D}", 14);
        let block = b.finish(|_| Vec::new()).unwrap();
        assert_eq!(block.text, "a 60-day \"x\"");
        let r = block.source_range(2..8);
        assert_eq!(&source[r], "60\u{2011}day");
        assert!(!block.is_verbatim(2..8));
        assert!(block.is_verbatim(2..4));
        let q = block.source_range(9..12);
        assert_eq!(&source[q], "\u{201C}x\u{201D}");
    }

    #[test]
    fn slicing_keeps_offsets() {
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_source("Rep: hello  there", 10);
        let block = b.finish(|_| Vec::new()).unwrap();
        assert_eq!(block.text, "Rep: hello there");
        let s = block.slice(4..16).unwrap();
        assert_eq!(s.text, "hello there");
        assert_eq!(s.source_range(0..5), 15..20);
        assert_eq!(s.source_range(6..11), 22..27);
    }

    #[test]
    fn masked_ranges_become_barriers() {
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_source("Hi {{name}} there", 0);
        let block = b
            .finish(|t| {
                t.find("{{")
                    .map(|s| (s..s + 8, false))
                    .into_iter()
                    .collect()
            })
            .unwrap();
        assert_eq!(block.text, "Hi \0\0\0\0\0\0\0\0 there");
    }

    #[test]
    fn a_reused_builder_builds_what_a_new_one_builds() {
        let fill = |b: &mut BlockBuilder, offset: usize| {
            b.push_source("  See ", offset);
            b.open_link();
            b.push_source("the \u{201C}guide\u{201D}", offset + 6);
            b.close_link();
            b.line_break(offset + 20..offset + 21);
            b.push_source("for {{name}} today ", offset + 21);
        };
        let mask = |t: &str| -> Vec<(Range<usize>, bool)> {
            t.find("{{")
                .map(|s| (s..s + 8, false))
                .into_iter()
                .collect()
        };
        let mut reused = BlockBuilder::new(BlockKind::Paragraph);
        // A first block that leaves a link open and long buffers behind.
        reused.push_source(&"word ".repeat(100), 0);
        reused.open_link();
        reused.push_source("link", 500);
        reused.close_link();
        reused.open_link();
        reused.line_break(504..505);
        assert!(reused.take(mask).is_some());
        assert!(reused.is_pristine());
        fill(&mut reused, 1000);
        let again = reused.take(mask).unwrap();
        let mut fresh = BlockBuilder::new(BlockKind::Paragraph);
        fill(&mut fresh, 1000);
        let expected = fresh.finish(mask).unwrap();
        // Everything a block records (`Block` has no `PartialEq`).
        assert_eq!(format!("{again:?}"), format!("{expected:?}"));
        assert_eq!(again.text, "See the \"guide\" for \0\0\0\0\0\0\0\0 today");
        assert!(again.has_link);
        assert_eq!(again.text.capacity(), again.text.len());
        // Nothing but spaces: no block, and the builder is empty again.
        reused.push_source("   ", 0);
        assert!(reused.take(mask).is_none());
        assert!(reused.is_pristine());
        reused.push_source("plain", 0);
        let plain = reused.take(mask).unwrap();
        assert!(!plain.has_link && plain.link_ranges.is_empty());
        assert_eq!(plain.line_starts, [0]);
    }
}
