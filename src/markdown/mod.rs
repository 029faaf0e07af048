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
    placeholders: Option<Regex>,
    /// The opening delimiters, to skip the placeholder regex on text without any.
    openers: AhoCorasick,
}

/// What every bare URL contains (`BARE_URL` runs only where one of these occurs).
static URL_MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["://", "mailto:", "www."])
        .expect("literal markers compile")
});

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|ftp://|mailto:|www\.)[^\s<>\x00]+").expect("valid URL regex")
});

impl Masker {
    /// Placeholders delimited by each `(open, close)` pair, e.g. `("{{", "}}")`.
    pub fn new(delimiters: &[(String, String)]) -> Masker {
        let alternatives: Vec<String> = delimiters
            .iter()
            .filter(|(open, close)| !open.is_empty() && !close.is_empty())
            .map(|(open, close)| {
                format!(
                    "{}[^\\x00]{{1,200}}?{}",
                    regex::escape(open),
                    regex::escape(close)
                )
            })
            .collect();
        let placeholders = (!alternatives.is_empty())
            .then(|| Regex::new(&alternatives.join("|")).ok())
            .flatten();
        let openers = AhoCorasick::new(
            delimiters
                .iter()
                .filter(|(open, close)| !open.is_empty() && !close.is_empty())
                .map(|(open, _)| open.as_str()),
        )
        .unwrap_or_else(|_| AhoCorasick::new([""; 0]).expect("an empty automaton compiles"));
        Masker {
            placeholders,
            openers,
        }
    }

    /// Ranges of `text` to mask, each with whether it is a link.
    pub fn ranges(&self, text: &str) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        // The regexes run only on text that can hold a URL or a placeholder; the
        // single-byte checks (memchr) rule out most blocks before the automaton runs.
        let may_hold_url = memchr::memchr2(b':', b'.', text.as_bytes()).is_some();
        if may_hold_url && URL_MARKERS.is_match(text) {
            self.urls(text, &mut out);
        }
        if let Some(re) = &self.placeholders {
            if self.openers.is_match(text) {
                out.extend(re.find_iter(text).map(|m| (m.range(), false)));
            }
        }
        out
    }

    fn urls(&self, text: &str, out: &mut Vec<(Range<usize>, bool)>) {
        out.extend(BARE_URL.find_iter(text).map(|m| {
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"']);
            (m.start()..m.start() + trimmed.len(), true)
        }));
    }
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
        Format::Markdown if skip == 0 => {
            parse::parse(source, options.masker, options.speakers.is_some())
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
