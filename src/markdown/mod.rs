//! Documents: a file's text split into prose blocks with exact byte spans, and what is
//! never checked (code, HTML tags, comments, MDX syntax, link destinations, front matter,
//! placeholders) left out.

pub mod block;
pub mod frontmatter;
pub mod html;
mod mdx;
pub mod parse;
pub mod plain;
pub mod script;
pub mod suppress;
pub mod text;

use self::text::FirstAscii;
use crate::source::LineIndex;
use aho_corasick::AhoCorasick;
pub use block::{Block, BlockKind};
pub use frontmatter::FrontMatter;
use regex::Regex;
pub use script::Speakers;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;
pub use suppress::Suppressions;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with GitHub extensions.
    Markdown,
    /// Markdown with JSX, `{expressions}` and `import`/`export` lines.
    Mdx,
    /// Plain text: paragraphs separated by blank lines.
    Text,
}

impl Format {
    /// The format for a file name: `.mdx` is MDX, `.txt`/`.text` plain text, the rest Markdown.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("mdx") => Format::Mdx,
            Some("txt") | Some("text") => Format::Text,
            _ => Format::Markdown,
        }
    }
}

/// Finds text inside a block that is not prose after all: template placeholders and
/// bare URLs.
#[derive(Debug, Clone)]
pub struct Masker {
    /// `(open, close)` pairs, neither empty.
    delimiters: Vec<(String, String)>,
    /// The opening delimiters, to skip texts without any.
    openers: AhoCorasick,
    /// The bytes the opening delimiters start with, when there are at most three (`{`
    /// for `{{`): memchr rules most texts out faster than the automaton's setup.
    opener_starts: Option<FirstAscii>,
}

/// A placeholder's text between its delimiters: 1 to this many characters.
const MAX_PLACEHOLDER_CHARS: usize = 200;

/// Whether `text` contains, in any case, one of what every bare URL contains: `://`,
/// `mailto:` or `www.` (`BARE_URL` runs only where one of these occurs). Each holds a
/// `:` or a `.`, which memchr finds fast; only around those is anything compared.
fn may_hold_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b':', b'.', bytes).any(|at| {
        if bytes[at] == b':' {
            bytes[at + 1..].starts_with(b"//")
                || at
                    .checked_sub(6)
                    .is_some_and(|from| bytes[from..at].eq_ignore_ascii_case(b"mailto"))
        } else {
            at.checked_sub(3)
                .is_some_and(|from| bytes[from..at].eq_ignore_ascii_case(b"www"))
        }
    })
}

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|ftp://|mailto:|www\.)[^\s<>\x00]+").expect("valid URL regex")
});

/// Builds the URL automata now rather than on first use (see
/// [`crate::engine::warm_up`]).
pub fn warm_up() {
    LazyLock::force(&BARE_URL);
}

impl Masker {
    /// Placeholders delimited by each `(open, close)` pair, e.g. `("{{", "}}")`.
    pub fn new(delimiters: &[(String, String)]) -> Masker {
        let delimiters: Vec<(String, String)> = delimiters
            .iter()
            .filter(|(open, close)| !open.is_empty() && !close.is_empty())
            .cloned()
            .collect();
        let openers = AhoCorasick::new(delimiters.iter().map(|(open, _)| open.as_str()))
            .unwrap_or_else(|_| AhoCorasick::new([""; 0]).expect("an empty automaton compiles"));
        let mut starts: Vec<u8> = delimiters
            .iter()
            .map(|(open, _)| open.as_bytes()[0])
            .collect();
        starts.sort_unstable();
        starts.dedup();
        Masker {
            delimiters,
            openers,
            opener_starts: FirstAscii::of_distinct(&starts),
        }
    }

    /// Ranges of `text` to mask, each with whether it is a link.
    pub fn ranges(&self, text: &str) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        // The URL regex runs only on text that can hold a URL.
        if may_hold_url(text) {
            self.urls(text, &mut out);
        }
        if !self.delimiters.is_empty() && self.may_open(text) {
            self.placeholders(text, &mut out);
        }
        out
    }

    /// Whether `text` holds an opening delimiter (or, with more than three first bytes,
    /// may hold one).
    fn may_open(&self, text: &str) -> bool {
        match self.opener_starts {
            Some(starts) => starts.find(text.as_bytes()).is_some(),
            None => self.openers.is_match(text),
        }
    }

    fn urls(&self, text: &str, out: &mut Vec<(Range<usize>, bool)>) {
        out.extend(BARE_URL.find_iter(text).map(|m| {
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"']);
            (m.start()..m.start() + trimmed.len(), true)
        }));
    }

    /// Placeholders, found the way the regex `open[^\0]{1,200}?close|…` would find
    /// them: the earliest start; there the first delimiter pair that closes; the
    /// shortest text inside. Scanned by hand: that regex's bounded repetition of a
    /// Unicode class took two milliseconds to compile, in every run.
    fn placeholders(&self, text: &str, out: &mut Vec<(Range<usize>, bool)>) {
        let mut pos = 0;
        'search: while pos < text.len() {
            for start in (pos..text.len()).filter(|&i| text.is_char_boundary(i)) {
                for (open, close) in &self.delimiters {
                    if !text[start..].starts_with(open.as_str()) {
                        continue;
                    }
                    if let Some(end) = closing(text, start + open.len(), close) {
                        out.push((start..end, false));
                        pos = end;
                        continue 'search;
                    }
                }
            }
            break;
        }
    }
}

/// The end of the shortest placeholder body of 1 to [`MAX_PLACEHOLDER_CHARS`]
/// characters without a NUL that starts at `body` and is followed by `close`.
fn closing(text: &str, body: usize, close: &str) -> Option<usize> {
    for (n, (i, c)) in text[body..].char_indices().enumerate() {
        if c == '\0' || n == MAX_PLACEHOLDER_CHARS {
            return None;
        }
        let after = body + i + c.len_utf8();
        if text[after..].starts_with(close) {
            return Some(after + close.len());
        }
    }
    None
}

impl Default for Masker {
    fn default() -> Masker {
        Masker::new(&[("{{".into(), "}}".into())])
    }
}

/// How to read one document.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    /// Markdown, MDX or text.
    pub format: Format,
    /// Placeholder and URL masking.
    pub masker: &'a Masker,
    /// `Some` for scripts: the speaker labels.
    pub speakers: Option<&'a Speakers>,
}

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Prose blocks to check, in document order (for scripts: only checked turns).
    pub blocks: Vec<Block>,
    /// Front matter, when there is one.
    pub front_matter: Option<FrontMatter>,
    /// Suppression directives.
    pub suppressions: Suppressions,
}

/// Length of a UTF-8 byte order mark at the start of `source`.
pub fn bom_len(source: &str) -> usize {
    if source.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Reads the front matter (if any) without parsing the rest, so that its `kind` can
/// decide how the body is read.
pub fn front_matter(source: &str, copy_fields: &[String]) -> Option<FrontMatter> {
    frontmatter::parse(source, bom_len(source), copy_fields)
}

/// Splits `source` into prose blocks. `front_matter` is what [`front_matter`] returned.
pub fn parse_document(
    source: &str,
    front_matter: Option<FrontMatter>,
    options: ParseOptions<'_>,
    index: &LineIndex,
) -> Document {
    let skip = front_matter
        .as_ref()
        .map(|fm| fm.range.end)
        .unwrap_or_else(|| bom_len(source));
    let mut body = match options.format {
        Format::Text => plain::parse(source, skip, options.masker),
        // No front matter, or front matter that ends a line: parse what follows it.
        Format::Markdown if skip == 0 || source.as_bytes().get(skip - 1) == Some(&b'\n') => {
            parse::parse_from(source, skip, options.masker, options.speakers.is_some())
        }
        Format::Markdown | Format::Mdx => {
            let mut masked = source.as_bytes().to_vec();
            blank(&mut masked, 0..skip);
            if options.format == Format::Mdx {
                for range in mdx::syntax_ranges(source, skip) {
                    blank(&mut masked, range);
                }
            }
            // Blanking replaces bytes with ASCII spaces (keeping line breaks), so the
            // text stays UTF-8 and every offset stays the same.
            let masked = String::from_utf8(masked).unwrap_or_default();
            parse::parse(&masked, options.masker, options.speakers.is_some())
        }
    };
    if let Some(speakers) = options.speakers {
        body.blocks = script::split_turns(body.blocks, &body.breaks, speakers);
    }
    let mut blocks = Vec::new();
    if let Some(fm) = &front_matter {
        blocks.extend(fm.copy.iter().cloned());
    }
    blocks.extend(body.blocks);
    let suppressions = Suppressions::from_comments(
        body.comments.iter().map(|(r, b)| (r.clone(), b.as_str())),
        index,
    );
    Document {
        blocks,
        front_matter,
        suppressions,
    }
}

fn blank(bytes: &mut [u8], range: Range<usize>) {
    let end = range.end.min(bytes.len());
    for b in &mut bytes[range.start.min(end)..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The scan says what a case-insensitive search for the three markers says.
        #[test]
        fn url_markers_are_found_as_a_search_finds_them(
            text in "([a-zA-Z:/.]|www|WwW|mailto|MAILTO|://|é){0,12}"
        ) {
            let lower = text.to_ascii_lowercase();
            let expected = ["://", "mailto:", "www."].iter().any(|m| lower.contains(m));
            proptest::prop_assert_eq!(may_hold_url(&text), expected, "{:?}", text);
        }
    }

    /// The regex the placeholder scan replaces.
    fn placeholder_regex(delimiters: &[(String, String)]) -> Regex {
        let source = delimiters
            .iter()
            .map(|(o, c)| format!("{}[^\\x00]{{1,200}}?{}", regex::escape(o), regex::escape(c)))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&source).unwrap()
    }

    fn by_regex(re: &Regex, text: &str) -> Vec<Range<usize>> {
        re.find_iter(text).map(|m| m.range()).collect()
    }

    /// Thousands of short texts built from the delimiters' pieces: the placeholder scan,
    /// and `ranges` with its prefilter, find what the regex finds.
    fn assert_placeholders_as_regex(delimiters: &[(String, String)]) {
        let masker = Masker::new(delimiters);
        let re = placeholder_regex(delimiters);
        let pieces = [
            "{{", "}}", "<", ">>", ">", "[%", "%]", "((", "))", "a", " ", "\0", "é", "}",
        ];
        // A small deterministic generator (xorshift).
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut found = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let expected = by_regex(&re, &text);
            let mut ours = Vec::new();
            masker.placeholders(&text, &mut ours);
            let ours: Vec<Range<usize>> = ours.into_iter().map(|(r, _)| r).collect();
            assert_eq!(ours, expected, "{text:?}");
            let ranges: Vec<Range<usize>> =
                masker.ranges(&text).into_iter().map(|(r, _)| r).collect();
            assert_eq!(ranges, expected, "{text:?}");
            found += ours.len();
        }
        assert!(
            found > 1000,
            "only {found} placeholders in the generated texts"
        );
    }

    #[test]
    fn placeholders_are_found_as_the_regex_found_them() {
        let three = vec![
            ("{{".to_string(), "}}".to_string()),
            ("<".to_string(), ">>".to_string()),
            ("[%".to_string(), "%]".to_string()),
        ];
        // Four first bytes: the automaton, not memchr, rules texts out.
        let mut four = three.clone();
        four.push(("((".to_string(), "))".to_string()));
        for delimiters in [&three, &four] {
            assert_eq!(
                Masker::new(delimiters).opener_starts.is_some(),
                delimiters.len() <= 3
            );
            assert_placeholders_as_regex(delimiters);
        }
        let masker = Masker::new(&three);
        let re = placeholder_regex(&three);
        // The 200-character limit.
        let long = format!("{{{{{}}}}}", "x".repeat(200));
        assert_eq!(by_regex(&re, &long).len(), 1);
        let mut ours = Vec::new();
        masker.placeholders(&long, &mut ours);
        assert_eq!(ours.len(), 1);
        let too_long = format!("{{{{{}}}}}", "x".repeat(201));
        assert!(by_regex(&re, &too_long).is_empty());
        ours.clear();
        masker.placeholders(&too_long, &mut ours);
        assert!(ours.is_empty());
    }
}
