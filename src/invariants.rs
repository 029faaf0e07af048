//! Invariants every run must keep, checked by the fuzz targets (`fuzz/`) and the
//! property tests (`tests/properties.rs`): findings and fixes lie on character
//! boundaries inside the file, reported lines and columns agree with byte offsets,
//! fixing keeps every byte it does not fix, and fixing twice changes nothing more.
//!
//! Each check returns a description of the first broken invariant, so a fuzzer's crash
//! report says what went wrong.

use std::path::Path;

use crate::diagnostic::{apply_fixes, Diagnostic};
use crate::engine::{check_source, RunOptions};
use crate::fix::fix_source;
use crate::settings::Settings;
use crate::source::{LineIndex, Position};

/// Every finding and fix span lies inside `source` on character boundaries, and
/// [`LineIndex::position`] agrees with a line/column count made from scratch.
pub fn check_spans(source: &str, diagnostics: &[Diagnostic]) -> Result<(), String> {
    let index = LineIndex::new(source);
    for d in diagnostics {
        span_ok(source, d.offset, d.length)
            .map_err(|e| format!("{} finding “{}”: {e}", d.rule.name(), d.message))?;
        if let Some(fix) = &d.fix {
            span_ok(source, fix.offset, fix.length)
                .map_err(|e| format!("{} fix: {e}", d.rule.name()))?;
        }
        let reported = index.position(source, d.offset);
        let counted = naive_position(source, d.offset);
        if reported != counted {
            return Err(format!(
                "{} at byte {}: reported {reported:?}, counted {counted:?}",
                d.rule.name(),
                d.offset
            ));
        }
    }
    Ok(())
}

fn span_ok(source: &str, offset: usize, length: usize) -> Result<(), String> {
    let end = offset
        .checked_add(length)
        .ok_or_else(|| format!("span {offset}+{length} overflows"))?;
    if end > source.len() {
        return Err(format!(
            "span {offset}..{end} ends past the file ({} bytes)",
            source.len()
        ));
    }
    if !source.is_char_boundary(offset) || !source.is_char_boundary(end) {
        return Err(format!("span {offset}..{end} splits a character"));
    }
    Ok(())
}

/// Line and column of `offset`, counted character by character: lines end at `\n`,
/// `\r\n` or a lone `\r`; a leading byte order mark takes no column.
fn naive_position(source: &str, offset: usize) -> Position {
    let (mut line, mut column) = (1, 1);
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at >= offset {
            break;
        }
        match c {
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            '\u{feff}' if at == 0 => {}
            _ => column += 1,
        }
    }
    Position { line, column }
}

/// Fixing `source` keeps every byte outside the fixed spans, and fixing the result
/// again changes nothing (fixes are idempotent).
pub fn check_fix(
    path: &Path,
    source: &str,
    settings: &Settings,
    options: &RunOptions,
) -> Result<(), String> {
    for include_unsafe in [false, true] {
        // One round, checked byte by byte: the result is the source with each applied
        // fix's span swapped for its replacement, nothing else.
        let diagnostics = check_source(path, source, settings, options);
        check_spans(source, &diagnostics)?;
        let fixed = apply_fixes(source, &diagnostics, include_unsafe);
        let mut fixes: Vec<_> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| include_unsafe || f.applicability == crate::diagnostic::Applicability::Safe)
            .collect();
        fixes.sort_by_key(|f| (f.offset, f.length));
        let (mut kept_until, mut out_at) = (0usize, 0usize);
        let out = fixed.text.as_bytes();
        let src = source.as_bytes();
        for fix in fixes {
            if fix.offset < kept_until {
                continue; // overlaps an applied fix: skipped
            }
            let unchanged = &src[kept_until..fix.offset];
            if out.get(out_at..out_at + unchanged.len()) != Some(unchanged) {
                return Err(format!(
                    "bytes {kept_until}..{} changed without a fix",
                    fix.offset
                ));
            }
            out_at += unchanged.len();
            let replacement = fix.replacement.as_bytes();
            if out.get(out_at..out_at + replacement.len()) != Some(replacement) {
                return Err(format!("fix at byte {} not written as given", fix.offset));
            }
            out_at += replacement.len();
            kept_until = fix.offset + fix.length;
        }
        if out.get(out_at..) != Some(&src[kept_until..]) {
            return Err(format!("bytes after {kept_until} changed without a fix"));
        }

        // Every round until done, then once more: the second run has nothing left to do.
        let once = fix_source(path, source, settings, options, include_unsafe);
        check_spans(&once.text, &once.remaining)?;
        let twice = fix_source(path, &once.text, settings, options, include_unsafe);
        if twice.text != once.text {
            return Err(format!(
                "fixing is not idempotent (unsafe fixes: {include_unsafe}):\nonce:  {:?}\ntwice: {:?}",
                once.text, twice.text
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_positions_count_every_line_ending_and_skip_the_bom() {
        let text = "a\r\nb\rc\nd";
        assert_eq!(naive_position(text, 3), Position { line: 2, column: 1 });
        assert_eq!(naive_position(text, 5), Position { line: 3, column: 1 });
        assert_eq!(naive_position(text, 7), Position { line: 4, column: 1 });
        assert_eq!(
            naive_position("\u{feff}ab", 4),
            Position { line: 1, column: 2 }
        );
    }

    #[test]
    fn a_span_past_the_end_or_inside_a_character_is_reported() {
        assert!(span_ok("abc", 2, 2).is_err());
        assert!(span_ok("é", 1, 0).is_err());
        assert!(span_ok("é", 0, 2).is_ok());
        assert!(span_ok("abc", usize::MAX, 2).is_err());
    }
}
