//! The pattern language of claims and promises, compiled to a `regex` source.
//!
//! - case-insensitive; whitespace matches any run of whitespace;
//! - a hyphen between words matches a hyphen, an en dash (normalised to a hyphen) or spaces;
//! - `{value}` captures one quantity (named group `value`), at most once;
//! - `(a|b|c)` alternatives, `[word]` optional words; everything else is literal.
//!
//! Word boundaries at both ends are checked by the matcher, not by the regex, so a
//! pattern may start with a currency symbol.

use crate::quantity::quantity_regex_source;

/// A pattern that does not compile, with the byte offset inside the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the pattern text where the problem is.
    pub offset: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(String),
    Space,
    Hyphen,
    Value,
    Alternatives(Vec<Vec<Token>>),
    Optional(Vec<Token>),
}

/// Compiles a pattern into a regex source. `has_value` tells whether `{value}` occurs.
pub fn compile(pattern: &str) -> Result<(String, bool), PatternError> {
    let mut values = 0;
    let tokens = parse_sequence(pattern, 0, pattern.len(), &mut values)?;
    if values > 1 {
        return Err(PatternError {
            offset: pattern.rfind("{value}").unwrap_or(0),
            message: "a pattern may capture `{value}` only once".into(),
        });
    }
    if tokens
        .iter()
        .all(|t| matches!(t, Token::Space | Token::Optional(_)))
    {
        return Err(PatternError {
            offset: 0,
            message: "the pattern has no words to match".into(),
        });
    }
    let mut out = String::from("(?i)");
    emit(&tokens, &mut out);
    Ok((out, values == 1))
}

fn parse_sequence(
    pattern: &str,
    start: usize,
    end: usize,
    values: &mut usize,
) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let text = &pattern[start..end];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        match c {
            '{' => {
                let rest = &text[i..];
                if rest.starts_with("{value}") {
                    *values += 1;
                    tokens.push(Token::Value);
                    for _ in 0.."{value}".len() - 1 {
                        chars.next();
                    }
                } else {
                    return Err(PatternError {
                        offset: at,
                        message: "`{` starts a placeholder, and the only placeholder is `{value}`"
                            .into(),
                    });
                }
            }
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                let inner_start = i + 1;
                let Some(len) = text[inner_start..].find(close) else {
                    return Err(PatternError {
                        offset: at,
                        message: format!("`{c}` is never closed with `{close}`"),
                    });
                };
                let inner_end = inner_start + len;
                if text[inner_start..inner_end].contains(['(', '[']) {
                    return Err(PatternError {
                        offset: at,
                        message: "groups cannot be nested".into(),
                    });
                }
                if c == '(' {
                    let mut alternatives = Vec::new();
                    let mut alt_start = inner_start;
                    for part in text[inner_start..inner_end].split('|') {
                        if part.trim().is_empty() {
                            return Err(PatternError {
                                offset: start + alt_start,
                                message: "an alternative in `( | )` is empty".into(),
                            });
                        }
                        alternatives.push(parse_sequence(
                            pattern,
                            start + alt_start,
                            start + alt_start + part.len(),
                            values,
                        )?);
                        alt_start += part.len() + 1;
                    }
                    tokens.push(Token::Alternatives(alternatives));
                } else {
                    if text[inner_start..inner_end].trim().is_empty() {
                        return Err(PatternError {
                            offset: at,
                            message: "the optional words in `[ ]` are empty".into(),
                        });
                    }
                    tokens.push(Token::Optional(parse_sequence(
                        pattern,
                        start + inner_start,
                        start + inner_end,
                        values,
                    )?));
                }
                while chars.peek().is_some_and(|(j, _)| *j <= inner_end) {
                    chars.next();
                }
            }
            ')' | ']' | '}' => {
                return Err(PatternError {
                    offset: at,
                    message: format!("`{c}` has no opening bracket"),
                });
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                    chars.next();
                }
                if !tokens.is_empty() {
                    tokens.push(Token::Space);
                }
            }
            '-' | '\u{2013}' | '\u{2014}' => {
                let prev_word = text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || p == '}');
                let next_word = chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '{' || *n == '(');
                if prev_word && next_word {
                    tokens.push(Token::Hyphen);
                } else {
                    push_literal(&mut tokens, '-');
                }
            }
            c => push_literal(&mut tokens, normalise_char(c)),
        }
    }
    if matches!(tokens.last(), Some(Token::Space)) {
        tokens.pop();
    }
    Ok(tokens)
}

/// Typographic characters in a pattern are matched like their plain forms in text.
fn normalise_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        c => c,
    }
}

fn push_literal(tokens: &mut Vec<Token>, c: char) {
    if let Some(Token::Literal(s)) = tokens.last_mut() {
        s.push(c);
    } else {
        tokens.push(Token::Literal(c.to_string()));
    }
}

fn emit(tokens: &[Token], out: &mut String) {
    let mut i = 0;
    while i < tokens.len() {
        match (&tokens[i], tokens.get(i + 1), tokens.get(i + 2)) {
            // "a [b] c": the space belongs to the optional words.
            (Token::Optional(inner), Some(Token::Space), _) => {
                out.push_str("(?:");
                emit(inner, out);
                out.push_str(r"\s+)?");
                i += 2;
            }
            // "a [b]" at the end: the space before it is optional too.
            (Token::Space, Some(Token::Optional(inner)), next) if next != Some(&Token::Space) => {
                out.push_str(r"(?:\s+");
                emit(inner, out);
                out.push_str(")?");
                i += 2;
            }
            (token, _, _) => {
                emit_one(token, out);
                i += 1;
            }
        }
    }
}

fn emit_one(token: &Token, out: &mut String) {
    match token {
        Token::Literal(s) => out.push_str(&regex::escape(s)),
        Token::Space => out.push_str(r"\s+"),
        Token::Hyphen => out.push_str(r"(?:\s*-\s*|\s+)"),
        Token::Value => {
            out.push_str("(?P<value>");
            out.push_str(quantity_regex_source());
            out.push(')');
        }
        Token::Alternatives(alternatives) => {
            out.push_str("(?:");
            for (n, alternative) in alternatives.iter().enumerate() {
                if n > 0 {
                    out.push('|');
                }
                emit(alternative, out);
            }
            out.push(')');
        }
        Token::Optional(inner) => {
            out.push_str("(?:");
            emit(inner, out);
            out.push_str(")?");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn matches(pattern: &str, text: &str) -> Option<(String, Option<String>)> {
        let (source, _) = compile(pattern).unwrap();
        let re = Regex::new(&source).unwrap();
        re.captures(text).map(|c| {
            (
                c[0].to_string(),
                c.name("value").map(|v| v.as_str().to_string()),
            )
        })
    }

    #[test]
    fn value_alternatives_and_case() {
        let m = matches(
            "{value} (satisfaction|money-back) guarantee",
            "a 60-Day Money-Back guarantee",
        );
        assert_eq!(
            m,
            Some(("60-Day Money-Back guarantee".into(), Some("60-Day".into())))
        );
    }

    #[test]
    fn hyphen_matches_space_and_whitespace_matches_runs() {
        assert!(matches("money-back guarantee", "money back\n  guarantee").is_some());
        assert!(matches("money-back guarantee", "moneyback guarantee").is_none());
    }

    #[test]
    fn optional_words() {
        assert!(matches("close [over] {value} more deals", "close 67% more deals").is_some());
        assert!(matches(
            "close [over] {value} more deals",
            "close over 67% more deals"
        )
        .is_some());
        assert!(matches("free trial [today]", "free trial").is_some());
        assert!(matches("free trial [today]", "free trial today").is_some());
    }

    #[test]
    fn literal_regex_characters_are_escaped() {
        assert!(matches("#1 choice.", "our #1 choice.").is_some());
        assert!(matches("#1 choice.", "our #1 choicex").is_none());
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(compile("a {val} b").unwrap_err().offset, 2);
        assert_eq!(compile("a (b|c").unwrap_err().offset, 2);
        assert_eq!(compile("a b)").unwrap_err().offset, 3);
        assert!(compile("{value} and {value}").is_err());
        assert!(compile("(a||b)").is_err());
        assert!(compile("   ").is_err());
    }
}
