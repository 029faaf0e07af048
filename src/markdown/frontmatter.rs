//! Front matter (YAML `---` or TOML `+++`): persona(s), kind, and fields checked as copy.

use super::block::{Block, BlockBuilder, BlockKind};
use std::ops::Range;
use yaml_rust2::{Yaml, YamlLoader};

/// What a document's front matter says.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Bytes of the whole front matter, delimiters included (never checked as prose).
    pub range: Range<usize>,
    /// Persona ids named by `persona` or `personas`.
    pub personas: Vec<String>,
    /// Bytes of the `persona`/`personas` key line, where document findings are reported.
    pub persona_key: Option<Range<usize>>,
    /// `kind`, when set.
    pub kind: Option<String>,
    /// Copy fields (`title`, `description` by default) as prose blocks.
    pub copy: Vec<Block>,
    /// Why the front matter could not be read, when it could not, and the byte offset
    /// of the line where the problem is.
    pub error: Option<(String, usize)>,
}

/// Finds front matter at `start` (just after any BOM). Returns the whole range, the body
/// range and whether it is YAML.
pub fn locate(source: &str, start: usize) -> Option<(Range<usize>, Range<usize>, bool)> {
    let rest = &source[start..];
    let (delimiter, yaml) = if rest.starts_with("---") {
        ("---", true)
    } else if rest.starts_with("+++") {
        ("+++", false)
    } else {
        return None;
    };
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != delimiter {
        return None;
    }
    let body_start = start + first_end + 1;
    let mut line_start = body_start;
    while line_start <= source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map(|i| line_start + i)
            .unwrap_or(source.len());
        let line = source[line_start..line_end].trim_end();
        if line == delimiter || (yaml && line == "...") {
            let end = if line_end < source.len() {
                line_end + 1
            } else {
                line_end
            };
            return Some((start..end, body_start..line_start, yaml));
        }
        if line_end >= source.len() {
            return None;
        }
        line_start = line_end + 1;
    }
    None
}

/// Reads the front matter of `source`, if any. `fields` are the keys checked as copy.
pub fn parse(source: &str, start: usize, fields: &[String]) -> Option<FrontMatter> {
    let (range, body, yaml) = locate(source, start)?;
    let text = &source[body.clone()];
    let mut fm = FrontMatter {
        range,
        ..FrontMatter::default()
    };
    let values = if yaml {
        read_yaml(text)
    } else {
        read_toml(text)
    };
    let values = match values {
        Ok(v) => v,
        Err((message, at)) => {
            // Point at the start of the offending line of the file.
            let at = crate::source::floor_char_boundary(source, body.start + at.min(text.len()));
            let line_start = source[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
            fm.error = Some((message, line_start.max(fm.range.start)));
            return Some(fm);
        }
    };
    for (key, value) in &values {
        match (key.as_str(), value) {
            ("persona" | "personas", Value::One(p)) => fm.personas.push(p.clone()),
            ("persona" | "personas", Value::Many(ps)) => fm.personas.extend(ps.iter().cloned()),
            ("kind", Value::One(k)) => fm.kind = Some(k.clone()),
            _ => {}
        }
        if matches!(key.as_str(), "persona" | "personas") && fm.persona_key.is_none() {
            fm.persona_key = key_line(source, &body, key).map(|(line, _)| line);
        }
    }
    for field in fields {
        let Some((_, Value::One(value))) = values.iter().find(|(k, _)| k == field) else {
            continue;
        };
        if let Some((line, value_start)) = key_line(source, &body, field) {
            let end = next_key_start(source, line.end, body.end);
            if let Some(block) = align(source, value_start..end, value) {
                fm.copy.push(block);
            }
        }
    }
    fm.personas.retain(|p| !p.trim().is_empty());
    Some(fm)
}

/// A top-level front-matter value that songsheet reads.
#[derive(Debug, Clone)]
enum Value {
    One(String),
    Many(Vec<String>),
    Other,
}

/// The values, or what is wrong and the byte offset (in `text`) where.
fn read_yaml(text: &str) -> Result<Vec<(String, Value)>, (String, usize)> {
    let docs =
        YamlLoader::load_from_str(text).map_err(|e| (e.info().to_string(), e.marker().index()))?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Vec::new());
    };
    let Yaml::Hash(map) = doc else {
        return Ok(Vec::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| {
            let key = k.as_str()?.to_string();
            let value = match v {
                Yaml::String(s) => Value::One(s),
                Yaml::Integer(i) => Value::One(i.to_string()),
                Yaml::Real(r) => Value::One(r),
                Yaml::Array(items) => Value::Many(
                    items
                        .into_iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ),
                _ => Value::Other,
            };
            Some((key, value))
        })
        .collect())
}

/// The values, or what is wrong and the byte offset (in `text`) where.
fn read_toml(text: &str) -> Result<Vec<(String, Value)>, (String, usize)> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        (e.message().trim().to_string(), at)
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| {
            let value = match v {
                toml::Value::String(s) => Value::One(s),
                toml::Value::Array(items) => Value::Many(
                    items
                        .into_iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ),
                _ => Value::Other,
            };
            (k, value)
        })
        .collect())
}

/// The line of top-level `key:` (or `key =`) inside `body`, and where its value starts.
fn key_line(source: &str, body: &Range<usize>, key: &str) -> Option<(Range<usize>, usize)> {
    let mut at = body.start;
    for line in source[body.clone()].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_end();
        let Some(rest) = trimmed.strip_prefix(key) else {
            continue;
        };
        let rest_trimmed = rest.trim_start();
        let sep = if rest_trimmed.starts_with(':') {
            ':'
        } else if rest_trimmed.starts_with('=') {
            '='
        } else {
            continue;
        };
        let sep_at = start + key.len() + (rest.len() - rest_trimmed.len());
        debug_assert_eq!(source.as_bytes()[sep_at] as char, sep);
        return Some((start..start + trimmed.len(), sep_at + 1));
    }
    None
}

/// Where the next top-level key after `from` starts (or the end of the body).
fn next_key_start(source: &str, from: usize, end: usize) -> usize {
    let mut at = from;
    if source[at..end].starts_with('\n') {
        at += 1;
    }
    for line in source[at..end].split_inclusive('\n') {
        if !line.starts_with([' ', '\t', '\n', '\r']) && !line.trim().is_empty() {
            return at;
        }
        at += line.len();
    }
    end
}

/// Builds a block for a parsed scalar by finding its characters, in order, in the
/// source region where it was written (through quotes, folding and indentation).
fn align(source: &str, region: Range<usize>, value: &str) -> Option<Block> {
    align_with(source, region, value, Alignment::Runs)
}

/// How [`align_with`] finds a value's characters in its source.
#[derive(Clone, Copy, PartialEq)]
enum Alignment {
    /// Where the source goes on with the value, the run up to the next space at once.
    Runs,
    /// One character at a time (what `Runs` must give; the tests compare the two).
    #[cfg_attr(not(test), allow(dead_code))]
    Characters,
}

fn align_with(source: &str, region: Range<usize>, value: &str, by: Alignment) -> Option<Block> {
    let mut builder = BlockBuilder::new(BlockKind::FrontMatter);
    let mut cursor = region.start;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if by == Alignment::Runs && !c.is_whitespace() && source[cursor..region.end].starts_with(c)
        {
            // Written as it reads (most titles): the characters that follow in the
            // value follow in the source too, up to the next space. One push for the
            // run is what one push per character gives, at a tenth of the work.
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                let at = cursor + (j - i);
                if next.is_whitespace() || !source[at..region.end].starts_with(next) {
                    break;
                }
                end = j + next.len_utf8();
                chars.next();
            }
            builder.push_source(&value[i..end], cursor);
            cursor += end - i;
            continue;
        }
        if c.is_whitespace() {
            let start = cursor;
            while let Some(sc) = source[cursor..region.end].chars().next() {
                if sc.is_whitespace() || sc == '\\' {
                    cursor += sc.len_utf8();
                } else {
                    break;
                }
            }
            // Only a real line break in the source starts a new line of the block
            // (a folded scalar's lines); a space is a space.
            let run = &source[start..cursor];
            if run.contains('\n') {
                builder.line_break(start..cursor);
            } else if run.is_empty() {
                builder.push_decoded(" ", start..start);
            } else {
                builder.push_decoded(" ", start..cursor);
            }
            continue;
        }
        // Look a few characters ahead for `c`, skipping quotes, indicators and escapes.
        let window = &source[cursor..region.end];
        let found = window
            .char_indices()
            .take(12)
            .find(|(_, sc)| *sc == c)
            .map(|(i, _)| cursor + i);
        match found {
            Some(at) => {
                let mut buf = [0u8; 4];
                builder.push_source(c.encode_utf8(&mut buf), at);
                cursor = at + c.len_utf8();
            }
            None => {
                let mut buf = [0u8; 4];
                let end = (cursor + 1).min(region.end);
                builder.push_decoded(c.encode_utf8(&mut buf), cursor..end);
            }
        }
    }
    builder.finish(|_| Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Values as YAML gives them back from sources written plainly, quoted, escaped,
        /// folded or with typographic characters: the same block either way.
        #[test]
        fn aligning_runs_is_aligning_characters(
            source in "(a|B|é|’|\"|'|\\\\|\\n|  | |-|—|\u{ad}|x\\u00e9|:|\t){0,24}",
            value in "(a|B|é|’|'|\"| |\n|-|—|\u{ad}|x){0,16}",
            skip in 0usize..6,
        ) {
            let start = source.char_indices().nth(skip).map_or(source.len(), |(i, _)| i);
            let region = start..source.len();
            proptest::prop_assert_eq!(
                format!("{:?}", align(&source, region.clone(), &value)),
                format!("{:?}", align_with(&source, region, &value, Alignment::Characters)),
                "{:?} in {:?}", value, source
            );
        }

        /// A value copied from its source, as most titles are.
        #[test]
        fn a_value_written_as_it_reads_aligns_as_characters_do(
            value in "(a|B|é|’|'|\"| |\n|-|—|\u{ad}|x){0,16}",
            before in "( |'|\")?",
        ) {
            let source = format!("title: {before}{value}{before}\n");
            let region = 7..source.len();
            proptest::prop_assert_eq!(
                format!("{:?}", align(&source, region.clone(), &value)),
                format!("{:?}", align_with(&source, region, &value, Alignment::Characters)),
                "{:?}", source
            );
        }
    }

    fn fields() -> Vec<String> {
        vec!["title".into(), "description".into()]
    }

    #[test]
    fn yaml_persona_kind_and_title() {
        let src = "---\ntitle: Meet the BrewLine Pro\npersona: cfo\nkind: script\n---\n# Hi\n";
        let fm = parse(src, 0, &fields()).unwrap();
        assert_eq!(fm.personas, vec!["cfo"]);
        assert_eq!(fm.kind.as_deref(), Some("script"));
        assert_eq!(fm.copy.len(), 1);
        let title = &fm.copy[0];
        assert_eq!(title.text, "Meet the BrewLine Pro");
        let r = title.source_range(9..21);
        assert_eq!(&src[r], "BrewLine Pro");
        assert_eq!(&src[fm.persona_key.unwrap()], "persona: cfo");
        assert_eq!(&src[fm.range.clone()], &src[..src.find("# Hi").unwrap()]);
    }

    #[test]
    fn folded_scalars_and_flow_lists() {
        let src = "---\ndescription: >\n  A fast\n  machine.\npersonas: [cfo, vp-sales]\nmeta:\n  nested: {a: 1}\n---\n";
        let fm = parse(src, 0, &fields()).unwrap();
        assert_eq!(fm.personas, vec!["cfo", "vp-sales"]);
        let d = &fm.copy[0];
        assert_eq!(d.text, "A fast machine.");
        assert_eq!(&src[d.source_range(7..15)], "machine.");
    }

    #[test]
    fn only_source_line_breaks_start_lines() {
        let src = "---\ndescription: >\n  Roll out to\n  100% of users today.\n---\n";
        let fm = parse(src, 0, &fields()).unwrap();
        let d = &fm.copy[0];
        assert_eq!(d.text, "Roll out to 100% of users today.");
        assert_eq!(d.line_starts, vec![0, "Roll out to ".len()]);
    }

    #[test]
    fn quoted_scalars_map_inside_the_quotes() {
        let src = "---\ntitle: \"Our \\\"60-day\\\" promise\"\n---\n";
        let fm = parse(src, 0, &fields()).unwrap();
        let t = &fm.copy[0];
        assert_eq!(t.text, "Our \"60-day\" promise");
        let at = t.text.find("60-day").unwrap();
        assert_eq!(&src[t.source_range(at..at + 6)], "60-day");
    }

    #[test]
    fn toml_front_matter() {
        let src = "+++\ntitle = \"Hello\"\npersonas = [\"cfo\"]\n+++\nbody";
        let fm = parse(src, 0, &fields()).unwrap();
        assert_eq!(fm.personas, vec!["cfo"]);
        assert_eq!(fm.copy[0].text, "Hello");
        assert_eq!(&src[fm.copy[0].source_range(0..5)], "Hello");
    }

    #[test]
    fn broken_yaml_is_reported_not_fatal() {
        let src = "---\ntitle: x\nlist: [unclosed\nmore: 1\n---\n";
        let fm = parse(src, 0, &fields()).unwrap();
        let (message, at) = fm.error.unwrap();
        assert!(!message.is_empty());
        assert!(
            at > src.find("title").unwrap(),
            "points past the valid lines"
        );
        assert!(src[..at].ends_with('\n'), "points at a line start");
    }

    #[test]
    fn a_thematic_break_later_is_not_front_matter() {
        assert!(locate("# Title\n---\n", 0).is_none());
        assert!(locate("---\nno end", 0).is_none());
    }
}
