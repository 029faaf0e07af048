//! Suppression comments: `<!-- songsheet-disable-next-line [RULE ...] -->`,
//! `<!-- songsheet-disable [RULE ...] -->` … `<!-- songsheet-enable [RULE ...] -->`
//! (in `.txt` files the same words after `#` on a line of their own).

use crate::source::LineIndex;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Toggle {
    Disable,
    Enable,
}

/// The suppression directives of one document.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    /// 0-based lines whose findings are suppressed, with the rules (empty: all).
    next_line: Vec<(usize, Vec<String>)>,
    /// Disable/enable switches in file order.
    toggles: Vec<(usize, Toggle, Vec<String>)>,
}

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

impl Suppressions {
    /// Builds the suppressions from comments (`range` in the file, `body` their text).
    pub fn from_comments<'a>(
        comments: impl IntoIterator<Item = (Range<usize>, &'a str)>,
        index: &LineIndex,
    ) -> Suppressions {
        let mut s = Suppressions::default();
        for (range, body) in comments {
            match directive(body) {
                Some(Directive::NextLine(rules)) => {
                    let line = index.line_of(range.end.saturating_sub(1));
                    s.next_line.push((line + 1, rules));
                }
                Some(Directive::Disable(rules)) => {
                    s.toggles.push((range.end, Toggle::Disable, rules))
                }
                Some(Directive::Enable(rules)) => {
                    s.toggles.push((range.start, Toggle::Enable, rules))
                }
                None => {}
            }
        }
        s.toggles.sort_by_key(|t| t.0);
        s
    }

    /// Whether a finding of `rule` starting at byte `offset` on 0-based `line` is suppressed.
    pub fn suppresses(&self, rule: &str, offset: usize, line: usize) -> bool {
        let names = |rules: &[String]| rules.is_empty() || rules.iter().any(|r| r == rule);
        if self
            .next_line
            .iter()
            .any(|(l, rules)| *l == line && names(rules))
        {
            return true;
        }
        let mut disabled = false;
        for (at, toggle, rules) in &self.toggles {
            if *at > offset {
                break;
            }
            if names(rules) {
                disabled = *toggle == Toggle::Disable;
            }
        }
        disabled
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
        assert!(s.suppresses("term", 42, 1));
        assert!(!s.suppresses("banned", 42, 1));
        assert!(!s.suppresses("term", 44, 2));
        assert!(s.suppresses("banned", 73, 4));
        assert!(!s.suppresses("banned", 101, 6));
    }

    #[test]
    fn enable_for_one_rule_keeps_others_disabled() {
        let s = Suppressions {
            next_line: vec![],
            toggles: vec![
                (0, Toggle::Disable, vec![]),
                (10, Toggle::Enable, vec!["term".into()]),
            ],
        };
        assert!(!s.suppresses("term", 20, 3));
        assert!(s.suppresses("banned", 20, 3));
    }
}
