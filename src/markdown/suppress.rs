//! Suppression comments: `<!-- songsheet-disable-next-line [RULE ...] -->`,
//! `<!-- songsheet-disable [RULE ...] -->` … `<!-- songsheet-enable [RULE ...] -->`
//! (in `.txt` files the same words after `#` on a line of their own).

use crate::source::LineIndex;
use std::ops::Range;

/// A directive found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// Suppress the next line.
    NextLine(Vec<String>),
    /// Suppress from here on.
    Disable(Vec<String>),
    /// Stop suppressing.
    Enable(Vec<String>),
}

impl Directive {
    /// The rules it names (empty: every rule).
    pub fn rules(&self) -> &[String] {
        match self {
            Directive::NextLine(r) | Directive::Disable(r) | Directive::Enable(r) => r,
        }
    }
}

/// Reads a directive from a comment body, if it is one.
pub fn directive(body: &str) -> Option<Directive> {
    let mut words = body.split_whitespace();
    let first = words.next()?;
    let rules: Vec<String> = words.map(str::to_string).collect();
    match first {
        "songsheet-disable-next-line" => Some(Directive::NextLine(rules)),
        "songsheet-disable" => Some(Directive::Disable(rules)),
        "songsheet-enable" => Some(Directive::Enable(rules)),
        _ => None,
    }
}

/// One suppression comment of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Bytes of the comment in the file.
    pub range: Range<usize>,
    /// What it says.
    pub directive: Directive,
    /// For `disable-next-line`: the 0-based line it covers.
    next_line: usize,
}

/// The suppression directives of one document.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    comments: Vec<Comment>,
    /// Indices of disable/enable comments in file order.
    toggles: Vec<usize>,
}

impl Suppressions {
    /// Builds the suppressions from comments (`range` in the file, `body` their text).
    pub fn from_comments<'a>(
        comments: impl IntoIterator<Item = (Range<usize>, &'a str)>,
        index: &LineIndex,
    ) -> Suppressions {
        let mut s = Suppressions::default();
        for (range, body) in comments {
            let Some(directive) = directive(body) else {
                continue;
            };
            let next_line = index.line_of(range.end.saturating_sub(1)) + 1;
            s.comments.push(Comment {
                range,
                directive,
                next_line,
            });
        }
        s.comments.sort_by_key(|c| c.range.start);
        s.toggles = (0..s.comments.len())
            .filter(|&i| !matches!(s.comments[i].directive, Directive::NextLine(_)))
            .collect();
        s
    }

    /// Every suppression comment, in file order.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The comment that suppresses a finding of `rule` starting at byte `offset` on
    /// 0-based `line`, if any.
    pub fn suppressor(&self, rule: &str, offset: usize, line: usize) -> Option<usize> {
        let names = |rules: &[String]| rules.is_empty() || rules.iter().any(|r| r == rule);
        let next_line = self.comments.iter().position(
            |c| matches!(&c.directive, Directive::NextLine(r) if c.next_line == line && names(r)),
        );
        if next_line.is_some() {
            return next_line;
        }
        let mut disabled_by = None;
        for &i in &self.toggles {
            let c = &self.comments[i];
            let at = match c.directive {
                Directive::Disable(_) => c.range.end,
                _ => c.range.start,
            };
            if at > offset {
                break;
            }
            if names(c.directive.rules()) {
                disabled_by = match c.directive {
                    Directive::Disable(_) => Some(i),
                    _ => None,
                };
            }
        }
        disabled_by
    }

    /// Whether a finding of `rule` starting at byte `offset` on 0-based `line` is suppressed.
    pub fn suppresses(&self, rule: &str, offset: usize, line: usize) -> bool {
        self.suppressor(rule, offset, line).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_ranges() {
        let text = "<!-- songsheet-disable-next-line term -->\nA\nB\n<!-- songsheet-disable -->\nC\n<!-- songsheet-enable -->\nD\n";
        let index = LineIndex::new(text);
        let comments = [
            (0..41, " songsheet-disable-next-line term "),
            (46..72, " songsheet-disable "),
            (75..100, " songsheet-enable "),
        ];
        let s = Suppressions::from_comments(comments, &index);
        assert_eq!(s.suppressor("term", 42, 1), Some(0));
        assert!(!s.suppresses("banned", 42, 1));
        assert!(!s.suppresses("term", 44, 2));
        assert_eq!(s.suppressor("banned", 73, 4), Some(1));
        assert!(!s.suppresses("banned", 101, 6));
    }

    #[test]
    fn enable_for_one_rule_keeps_others_disabled() {
        let text = "<!-- songsheet-disable -->\n<!-- songsheet-enable term -->\nx\n";
        let index = LineIndex::new(text);
        let s = Suppressions::from_comments(
            [
                (0..26, " songsheet-disable "),
                (27..57, " songsheet-enable term "),
            ],
            &index,
        );
        assert!(!s.suppresses("term", 58, 2));
        assert!(s.suppresses("banned", 58, 2));
    }
}
