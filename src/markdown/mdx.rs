//! MDX syntax that is never prose: `import`/`export` statements and `{expressions}`
//! (JSX tags themselves are tokenised as HTML).

use std::ops::Range;

/// Byte ranges of `source` (from `start`) holding MDX syntax, outside fenced code.
pub fn syntax_ranges(source: &str, start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut fence: Option<(u8, usize)> = None;
    let mut statement_depth = 0usize;
    let mut at = start;
    let mut lines = Vec::new();
    for line in source[start..].split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let mut i = 0;
    while i < lines.len() {
        let (line_start, line) = lines[i];
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker = trimmed.as_bytes()[0];
            let count = trimmed.bytes().take_while(|&b| b == marker).count();
            match fence {
                None => fence = Some((marker, count)),
                Some((m, c)) if m == marker && count >= c && trimmed[count..].trim().is_empty() => {
                    fence = None
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        if fence.is_some() {
            i += 1;
            continue;
        }
        if statement_depth > 0
            || (indent == 0 && (line.starts_with("import ") || line.starts_with("export ")))
        {
            out.push(line_start..line_start + line.len());
            // A statement goes on while its brackets are open.
            for b in line.bytes() {
                match b {
                    b'{' | b'(' | b'[' => statement_depth += 1,
                    b'}' | b')' | b']' => statement_depth = statement_depth.saturating_sub(1),
                    _ => {}
                }
            }
            if line.trim().is_empty() {
                statement_depth = 0;
            }
            i += 1;
            continue;
        }
        // `{expression}`: balanced braces, possibly over several lines.
        let mut j = line_start;
        let line_end = line_start + line.len();
        let mut next_line = i + 1;
        while j < line_end {
            let b = bytes[j];
            if b == b'\\' {
                j += 2;
                continue;
            }
            if b == b'`' {
                // Inline code: skip to the closing run of backticks on this line.
                let run = bytes[j..line_end]
                    .iter()
                    .take_while(|&&c| c == b'`')
                    .count();
                let ticks = &source[j..j + run];
                match source[j + run..line_end].find(ticks) {
                    Some(k) => j = j + run + k + run,
                    None => j += run,
                }
                continue;
            }
            if b == b'{' {
                if let Some(end) = closing_brace(bytes, j) {
                    out.push(j..end);
                    if end > line_end {
                        // Skip the lines the expression covered.
                        while next_line < lines.len() && lines[next_line].0 < end {
                            next_line += 1;
                        }
                        break;
                    }
                    j = end;
                    continue;
                }
            }
            j += 1;
        }
        i = next_line;
    }
    out
}

/// The end (exclusive) of the balanced `{…}` starting at `open`, within 64 KiB.
fn closing_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let limit = (open + 65536).min(bytes.len());
    let mut quote: Option<u8> = None;
    let mut j = open;
    while j < limit {
        let b = bytes[j];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    j += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j + 1);
                    }
                }
                _ => {}
            },
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(src: &str) -> Vec<&str> {
        syntax_ranges(src, 0).into_iter().map(|r| &src[r]).collect()
    }

    #[test]
    fn imports_exports_and_expressions() {
        let src = "import X from 'y'\nexport const a = {\n  b: 1,\n}\n\nText {props.name} here.\n";
        assert_eq!(
            masked(src),
            vec![
                "import X from 'y'\n",
                "export const a = {\n",
                "  b: 1,\n",
                "}\n",
                "{props.name}"
            ]
        );
    }

    #[test]
    fn a_one_line_import_does_not_swallow_the_next_line() {
        let src = "import X from 'y'\n# Heading\n";
        assert_eq!(masked(src), vec!["import X from 'y'\n"]);
    }

    #[test]
    fn fenced_code_and_inline_code_are_left_alone() {
        let src = "```js\nimport x from 'y'\n{a}\n```\nUse `{a}` and {b}.\n";
        assert_eq!(masked(src), vec!["{b}"]);
    }

    #[test]
    fn multi_line_expression_comments() {
        let src = "A\n{/* note:\n risk-free */}\nB\n";
        assert_eq!(masked(src), vec!["{/* note:\n risk-free */}"]);
    }
}
