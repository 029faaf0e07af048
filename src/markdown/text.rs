//! Typography normalisation: how a character of prose is seen by the matchers.
//!
//! No-break and other Unicode spaces are spaces; zero-width characters and soft hyphens
//! vanish; curly quotes and apostrophes are straight; en and em dashes are hyphens.

use serde::{Deserialize, Serialize};

/// One to three ASCII bytes (unused slots repeat the first): the bytes something can
/// start with, when they are that few, so that memchr can jump between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstAscii(pub [u8; 3]);

impl FirstAscii {
    /// The bytes `bytes` (distinct), if they are one to three ASCII bytes.
    pub fn of_distinct(bytes: &[u8]) -> Option<FirstAscii> {
        match *bytes {
            [a] => Some(FirstAscii([a; 3])),
            [a, b] => Some(FirstAscii([a, b, a])),
            [a, b, c] => Some(FirstAscii([a, b, c])),
            _ => None,
        }
        .filter(|_| bytes.iter().all(u8::is_ascii))
    }

    /// The first of the bytes in `haystack`.
    pub fn find(self, haystack: &[u8]) -> Option<usize> {
        let [a, b, c] = self.0;
        memchr::memchr3(a, b, c, haystack)
    }
}

/// What becomes of one character of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    /// Kept as is.
    Keep,
    /// Whitespace: collapses with neighbouring whitespace into one space.
    Space,
    /// Replaced by another character.
    Replace(char),
    /// Dropped.
    Remove,
}

/// Classifies a character.
pub fn classify(c: char) -> Norm {
    match c {
        ' ' => Norm::Space,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Norm::Remove,
        c if c.is_whitespace() => Norm::Space,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Norm::Replace('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Norm::Replace('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Norm::Replace('-'),
        _ => Norm::Keep,
    }
}

/// Normalises a whole string (whitespace becomes single spaces but is not trimmed).
pub fn normalise_str(s: &str) -> String {
    if is_plain(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match classify(c) {
            Norm::Keep => out.push(c),
            Norm::Space => {
                if !out.ends_with(' ') {
                    out.push(' ')
                }
            }
            Norm::Replace(r) => out.push(r),
            Norm::Remove => {}
        }
    }
    out
}

/// Whether `s` is printable ASCII without two spaces in a row: already normal (most
/// glossary phrases are). One pass, no allocation.
pub fn is_plain(s: &str) -> bool {
    let mut after_space = false;
    s.bytes().all(|b| {
        let ok = (0x20..0x7f).contains(&b) && !(after_space && b == b' ');
        after_space = b == b' ';
        ok
    })
}

/// Whether `c` is part of a word for boundary checks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_is_normalised() {
        assert_eq!(
            normalise_str("a\u{00A0}b\u{200B}c \u{2019}d\u{201C}\u{2013}"),
            "a bc 'd\"-"
        );
        assert_eq!(normalise_str("risk\u{00AD}free"), "riskfree");
        assert_eq!(
            normalise_str("two  spaces, one tab\t"),
            "two spaces, one tab "
        );
    }

    #[test]
    fn plain_text_is_printable_ascii_with_single_spaces() {
        assert!(is_plain("a b, c-d!"));
        assert!(is_plain(" a "));
        assert!(is_plain(""));
        assert!(!is_plain("a  b"));
        assert!(!is_plain("a\tb"));
        assert!(!is_plain("caf\u{e9}"));
    }
}
