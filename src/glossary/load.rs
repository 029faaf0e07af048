//! Loading glossary entries from TOML, validating them, and reporting every problem
//! with the file, line and entry id.

use super::model::{EntriesToml, ExamplesToml, GlossaryFileToml};
use super::pattern;
use super::{
    ApprovedValue, Banned, CompiledPattern, Disclaimer, EntryMeta, Glossary, Persona, Program,
    Statement, StatementKind, Term,
};
use crate::diagnostic::Severity;
use crate::error::ConfigError;
use crate::quantity;
use regex::RegexBuilder;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// Compiled regexes may use at most this much memory each; a bigger one is an error.
const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// Accumulates entries from several files and validates them together.
#[derive(Default)]
pub struct GlossaryLoader {
    glossary: Glossary,
    ids: HashMap<String, (Arc<str>, usize)>,
    errors: Vec<ConfigError>,
    references: Vec<Reference>,
}

/// A reference to another entry that can only be checked once everything is loaded.
struct Reference {
    file: Arc<str>,
    text: Arc<str>,
    span: Range<usize>,
    target: String,
    owner: String,
    what: RefKind,
}

#[derive(Clone, Copy, PartialEq)]
enum RefKind {
    Disclaimer,
    Persona,
}

/// The file being loaded: its display name and text, for error spans, and its line
/// index (built once: entries record their line).
struct FileCtx {
    name: Arc<str>,
    text: Arc<str>,
    lines: crate::source::LineIndex,
}

impl FileCtx {
    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset.min(self.text.len())) + 1
    }

    fn error(
        &self,
        span: Range<usize>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        ConfigError::new(&self.name, &self.text, span, message, label, help)
    }
}

/// Turns a TOML parse or type error into a `ConfigError`, naming the entry it is in.
pub fn toml_error(name: &str, text: &str, err: &toml::de::Error) -> ConfigError {
    let span = err.span().unwrap_or(0..0);
    let mut message = err.message().trim().to_string();
    if let Some(entry) = enclosing_entry(text, span.start) {
        message = format!("{message} (in {entry})");
    }
    let help = if message.contains("unknown field") {
        Some(
            "remove the key or fix its spelling; the keys this table accepts are listed above"
                .into(),
        )
    } else if message.contains("missing field") {
        Some("add the missing key to this entry".into())
    } else {
        Some("see the glossary format in the README".into())
    };
    ConfigError::new(name, text, span, message, "here", help)
}

/// Names the `[[table]]` entry around `offset` ("[[claims]] entry `deal-lift`"), for messages.
fn enclosing_entry(text: &str, offset: usize) -> Option<String> {
    let offset = crate::source::floor_char_boundary(text, offset);
    let header_start = text[..offset]
        .rfind("\n[[")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("[[").then_some(0))?;
    let header_end = text[header_start..]
        .find(']')
        .map(|i| header_start + i + 2)?;
    let header = text.get(header_start..header_end)?.trim();
    let body_end = text[header_end..]
        .find("\n[")
        .map(|i| header_end + i)
        .unwrap_or(text.len());
    let body = &text[header_end..body_end];
    let id = body.lines().find_map(|line| {
        let line = line.trim();
        let rest = line.strip_prefix("id")?.trim_start().strip_prefix('=')?;
        Some(rest.trim().trim_matches(['"', '\'']).to_string())
    });
    Some(match id {
        Some(id) => format!("{header} entry `{id}`"),
        None => format!("a {header} entry"),
    })
}

impl GlossaryLoader {
    /// An empty loader.
    pub fn new() -> GlossaryLoader {
        GlossaryLoader::default()
    }

    /// Parses a glossary file and adds its entries.
    pub fn add_file(&mut self, name: &str, text: &str) {
        match toml::from_str::<GlossaryFileToml>(text) {
            Ok(file) => self.add_entries(name, text, file.into_entries()),
            Err(err) => self.errors.push(toml_error(name, text, &err)),
        }
    }

    /// Records an error found elsewhere (in the config that names the glossary).
    pub fn push_error(&mut self, error: ConfigError) {
        self.errors.push(error);
    }

    /// Adds entries already parsed from `text` (a glossary file or a config's inline entries).
    pub fn add_entries(&mut self, name: &str, text: &str, entries: EntriesToml) {
        let ctx = FileCtx {
            name: Arc::from(name),
            text: Arc::from(text),
            lines: crate::source::LineIndex::new(text),
        };
        if !self.glossary.sources.iter().any(|s| s == name) {
            self.glossary.sources.push(name.to_string());
        }
        for t in entries.terms {
            let Some(meta) = self.meta(&ctx, "terms", &t.id, &t.severity, t.message, t.examples)
            else {
                continue;
            };
            let use_form = normalise_phrase(t.use_.get_ref());
            if use_form.is_empty() {
                self.errors.push(ctx.error(
                    t.use_.span(),
                    format!("term `{}` has an empty `use`", meta.id),
                    "empty",
                    Some("write the approved wording, for example use = \"Brewline Pro\"".into()),
                ));
            }
            let mut avoid = Vec::new();
            for variant in &t.avoid {
                let v = normalise_phrase(variant.get_ref());
                if v.is_empty() {
                    self.errors.push(ctx.error(
                        variant.span(),
                        format!("term `{}` has an empty `avoid` variant", meta.id),
                        "empty",
                        Some("remove the empty string".into()),
                    ));
                } else if v == use_form {
                    self.errors.push(ctx.error(
                        variant.span(),
                        format!(
                            "term `{}` lists its own `use` form \"{}\" under `avoid`",
                            meta.id, use_form
                        ),
                        "same as `use`",
                        Some("remove it: the `use` form is never flagged".into()),
                    ));
                } else {
                    avoid.push(v);
                }
            }
            self.glossary.terms.push(Term {
                meta,
                use_form,
                avoid,
            });
        }
        for b in entries.banned {
            let Some(meta) = self.meta(&ctx, "banned", &b.id, &b.severity, b.message, b.examples)
            else {
                continue;
            };
            let phrases = self.phrases(&ctx, &meta.id, "phrases", &b.phrases);
            if b.phrases.is_empty() {
                self.errors.push(ctx.error(
                    b.id.span(),
                    format!("banned entry `{}` has no phrases", meta.id),
                    "no `phrases`",
                    Some("add phrases = [\"...\"]".into()),
                ));
            }
            self.glossary.banned.push(Banned { meta, phrases });
        }
        for c in entries.claims {
            let Some(meta) = self.meta(&ctx, "claims", &c.id, &c.severity, c.message, c.examples)
            else {
                continue;
            };
            let expires = c
                .expires
                .as_ref()
                .and_then(|e| self.date(&ctx, &meta.id, e));
            for p in &c.personas {
                self.reference(&ctx, p, &meta.id, RefKind::Persona);
            }
            if let Some(d) = &c.disclaimer {
                self.reference(&ctx, d, &meta.id, RefKind::Disclaimer);
            }
            let statement = self.statement(
                &ctx,
                meta,
                StatementKind::Claim,
                &c.text,
                &c.patterns,
                c.regex.as_ref(),
                c.value.as_ref(),
            );
            if let Some(mut s) = statement {
                s.source = c.source;
                s.expires = expires;
                s.personas = c.personas.iter().map(|p| p.get_ref().clone()).collect();
                s.cite = c.cite;
                s.disclaimer = c.disclaimer.map(|d| d.into_inner());
                self.glossary.claims.push(s);
            }
        }
        for p in entries.promises {
            let Some(meta) = self.meta(&ctx, "promises", &p.id, &p.severity, p.message, p.examples)
            else {
                continue;
            };
            if let Some(d) = &p.disclaimer {
                self.reference(&ctx, d, &meta.id, RefKind::Disclaimer);
            }
            let statement = self.statement(
                &ctx,
                meta,
                StatementKind::Promise,
                &p.text,
                &p.patterns,
                p.regex.as_ref(),
                p.value.as_ref(),
            );
            if let Some(mut s) = statement {
                s.source = p.source;
                s.disclaimer = p.disclaimer.map(|d| d.into_inner());
                self.glossary.promises.push(s);
            }
        }
        for d in entries.disclaimers {
            let Some(meta) = self.meta(
                &ctx,
                "disclaimers",
                &d.id,
                &d.severity,
                d.message,
                d.examples,
            ) else {
                continue;
            };
            if super::squash(d.text.get_ref()).is_empty() {
                self.errors.push(ctx.error(
                    d.text.span(),
                    format!("disclaimer `{}` has no text", meta.id),
                    "empty",
                    Some("write the sentence documents must contain".into()),
                ));
            }
            self.glossary.disclaimers.push(Disclaimer {
                meta,
                text: d.text.into_inner(),
            });
        }
        for p in entries.personas {
            let Some(meta) = self.meta(&ctx, "personas", &p.id, &p.severity, p.message, p.examples)
            else {
                continue;
            };
            let messages = self.phrases(&ctx, &meta.id, "messages", &p.messages);
            let avoid = self.phrases(&ctx, &meta.id, "avoid", &p.avoid);
            self.glossary.personas.push(Persona {
                meta,
                name: p.name,
                messages,
                avoid,
                max_grade: p.max_grade,
            });
        }
    }

    /// Validates everything loaded and returns the glossary, or every problem found.
    pub fn finish(mut self) -> Result<Glossary, Vec<ConfigError>> {
        for r in std::mem::take(&mut self.references) {
            let found = match r.what {
                RefKind::Disclaimer => self.glossary.disclaimer(&r.target).is_some(),
                RefKind::Persona => self.glossary.persona(&r.target).is_some(),
            };
            if !found {
                let (what, table) = match r.what {
                    RefKind::Disclaimer => ("disclaimer", "[[disclaimers]]"),
                    RefKind::Persona => ("persona", "[[personas]]"),
                };
                let known: Vec<&str> = match r.what {
                    RefKind::Disclaimer => self
                        .glossary
                        .disclaimers
                        .iter()
                        .map(|d| d.meta.id.as_str())
                        .collect(),
                    RefKind::Persona => self
                        .glossary
                        .personas
                        .iter()
                        .map(|p| p.meta.id.as_str())
                        .collect(),
                };
                let help = match known.is_empty() {
                    true => format!("add a {table} entry with id = \"{}\"", r.target),
                    false => format!(
                        "add a {table} entry with id = \"{}\", or use one of: {}",
                        r.target,
                        known.join(", ")
                    ),
                };
                self.errors.push(ConfigError::new(
                    &r.file,
                    &r.text,
                    r.span,
                    format!(
                        "`{}` names {what} `{}`, which no glossary defines",
                        r.owner, r.target
                    ),
                    format!("unknown {what}"),
                    Some(help),
                ));
            }
        }
        if self.errors.is_empty() {
            Ok(self.glossary)
        } else {
            Err(self.errors)
        }
    }

    /// Whether any error has been recorded so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Validates the fields every entry has and registers its id.
    fn meta(
        &mut self,
        ctx: &FileCtx,
        table: &str,
        id: &Spanned<String>,
        severity: &Option<Spanned<String>>,
        message: Option<String>,
        examples: Option<ExamplesToml>,
    ) -> Option<EntryMeta> {
        let id_text = id.get_ref();
        let valid_id = !id_text.is_empty()
            && id_text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            let suggestion: String = id_text
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            self.errors.push(ctx.error(
                id.span(),
                format!(
                    "[[{table}]] id `{id_text}` may only use lower-case letters, digits and `-`"
                ),
                "invalid id",
                Some(format!(
                    "for example id = \"{}\"",
                    suggestion.trim_matches('-')
                )),
            ));
            return None;
        }
        if let Some((first_file, _)) = self.ids.get(id_text) {
            self.errors.push(ctx.error(
                id.span(),
                format!("duplicate id `{id_text}` in [[{table}]]: it is already defined in {first_file}"),
                "duplicate id",
                Some("ids are unique across every glossary loaded; rename one of them".into()),
            ));
            return None;
        }
        self.ids
            .insert(id_text.clone(), (ctx.name.clone(), id.span().start));
        let severity = match severity {
            None => None,
            Some(s) => {
                match s.get_ref().as_str() {
                    "off" => {
                        self.errors.push(ctx.error(
                        s.span(),
                        format!("entry `{id_text}`: severity \"off\" is only for rules in [severity]"),
                        "not allowed here",
                        Some("remove the entry instead, or use error, warning or info".into()),
                    ));
                        None
                    }
                    other => match Severity::parse(other) {
                        Some(sev) => Some(sev),
                        None => {
                            self.errors.push(ctx.error(
                                s.span(),
                                format!("entry `{id_text}`: unknown severity \"{other}\""),
                                "unknown severity",
                                Some("use \"error\", \"warning\" or \"info\"".into()),
                            ));
                            None
                        }
                    },
                }
            }
        };
        let examples = examples.unwrap_or_default();
        Some(EntryMeta {
            id: id_text.clone(),
            severity,
            message,
            origin: ctx.name.clone(),
            line: ctx.line_of(id.span().start),
            flag_examples: examples.flag,
            pass_examples: examples.pass,
        })
    }

    fn phrases(
        &mut self,
        ctx: &FileCtx,
        id: &str,
        key: &str,
        phrases: &[Spanned<String>],
    ) -> Vec<String> {
        let mut out = Vec::new();
        for p in phrases {
            let phrase = normalise_phrase(p.get_ref());
            if phrase.is_empty() {
                self.errors.push(ctx.error(
                    p.span(),
                    format!("entry `{id}` has an empty phrase in `{key}`"),
                    "empty",
                    Some("remove the empty string".into()),
                ));
            } else {
                out.push(phrase);
            }
        }
        out
    }

    fn reference(&mut self, ctx: &FileCtx, target: &Spanned<String>, owner: &str, what: RefKind) {
        self.references.push(Reference {
            file: ctx.name.clone(),
            text: ctx.text.clone(),
            span: target.span(),
            target: target.get_ref().clone(),
            owner: owner.to_string(),
            what,
        });
    }

    fn date(
        &mut self,
        ctx: &FileCtx,
        id: &str,
        value: &Spanned<toml::Value>,
    ) -> Option<jiff::civil::Date> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) => dt.date.and_then(|d| {
                jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
            }),
            toml::Value::String(s) => s.parse::<jiff::civil::Date>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.errors.push(ctx.error(
                value.span(),
                format!("claim `{id}`: `expires` is not a date"),
                "not a date",
                Some("write a date like expires = 2027-06-30".into()),
            ));
        }
        parsed
    }

    #[allow(clippy::too_many_arguments)]
    fn statement(
        &mut self,
        ctx: &FileCtx,
        meta: EntryMeta,
        kind: StatementKind,
        text: &Spanned<String>,
        patterns: &[Spanned<String>],
        regex: Option<&Spanned<String>>,
        value: Option<&Spanned<String>>,
    ) -> Option<Statement> {
        let table = match kind {
            StatementKind::Claim => "claims",
            StatementKind::Promise => "promises",
        };
        let id = meta.id.clone();
        let mut ok = true;
        let approved = match value {
            None => None,
            Some(v) => match quantity::parse(v.get_ref()) {
                Some(q) => Some(ApprovedValue {
                    text: v.get_ref().clone(),
                    quantity: q,
                }),
                None => {
                    self.errors.push(ctx.error(
                        v.span(),
                        format!("[[{table}]] `{id}`: value \"{}\" is not a quantity", v.get_ref()),
                        "not a quantity",
                        Some("write a number with an optional unit: \"67%\", \"30-day\", \"$1,200\", \"3x\"".into()),
                    ));
                    ok = false;
                    None
                }
            },
        };
        let mut compiled = Vec::new();
        for p in patterns {
            match pattern::parse(p.get_ref()) {
                Ok(parsed) => {
                    if parsed.has_value() && value.is_none() {
                        self.errors.push(ctx.error(
                            p.span(),
                            format!("[[{table}]] `{id}`: the pattern captures {{value}} but the entry has no `value`"),
                            "{value} without a value",
                            Some("add value = \"...\" with the approved quantity, or remove {value}".into()),
                        ));
                        ok = false;
                    }
                    compiled.push(CompiledPattern {
                        written: p.get_ref().clone(),
                        program: Program::Words(parsed),
                    });
                }
                Err(e) => {
                    // +1 skips the opening quote; exact for strings without escapes.
                    let at = p.span().start + 1 + e.offset;
                    self.errors.push(ctx.error(
                        at..at + 1,
                        format!("[[{table}]] `{id}`: bad pattern \"{}\": {}", p.get_ref(), e.message),
                        "here",
                        Some("patterns use words, {value}, (a|b) alternatives and [optional] words; use `regex = \"...\"` for anything else".into()),
                    ));
                    ok = false;
                }
            }
        }
        if let Some(r) = regex {
            let source = format!("(?i){}", r.get_ref());
            match build_regex(&source) {
                Ok(regex) => {
                    let has_value = regex.capture_names().any(|n| n == Some("value"));
                    if value.is_some() && !has_value {
                        self.errors.push(ctx.error(
                            r.span(),
                            format!("[[{table}]] `{id}`: the regex has no group named `value`, so the value cannot be checked"),
                            "no (?P<value>...) group",
                            Some("capture the quantity with (?P<value>...)".into()),
                        ));
                        ok = false;
                    }
                    compiled.push(CompiledPattern {
                        written: r.get_ref().clone(),
                        program: Program::Regex(regex),
                    });
                }
                Err(message) => {
                    self.errors.push(ctx.error(
                        r.span(),
                        format!("[[{table}]] `{id}`: bad regex: {message}"),
                        "invalid regex",
                        Some("the regex uses Rust `regex` syntax; look-around and back-references are not supported".into()),
                    ));
                    ok = false;
                }
            }
        }
        if patterns.is_empty() && regex.is_none() {
            match derived_pattern(text.get_ref(), approved.as_ref()) {
                Some(derived) => compiled.push(CompiledPattern {
                    written: text.get_ref().clone(),
                    program: Program::Words(derived),
                }),
                None => {
                    self.errors.push(ctx.error(
                        text.span(),
                        format!("[[{table}]] `{id}` has no words to match"),
                        "empty",
                        Some("write the approved text, or add patterns = [\"...\"]".into()),
                    ));
                    ok = false;
                }
            }
        }
        ok.then(|| Statement {
            meta,
            kind,
            text: text.get_ref().clone(),
            patterns: compiled,
            value: approved,
            source: None,
            expires: None,
            personas: Vec::new(),
            cite: false,
            disclaimer: None,
        })
    }
}

pub(crate) fn build_regex(source: &str) -> Result<regex::Regex, String> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("the pattern compiles to more than {limit} bytes")
            }
            other => other.to_string(),
        })
}

/// Without `patterns`, a statement matches its own `text`, with the approved value
/// (when the text contains it) replaced by any quantity.
fn derived_pattern(text: &str, value: Option<&ApprovedValue>) -> Option<pattern::Pattern> {
    let text = text.trim().trim_end_matches(['.', '!']);
    if text.is_empty() {
        return None;
    }
    let at = value.and_then(|v| {
        let lower = text.to_lowercase();
        lower
            .find(&v.text.to_lowercase())
            .map(|i| (i, v.text.len()))
    });
    Some(pattern::Pattern::derived(text, at))
}

/// Collapses whitespace and trims, the way block text is normalised.
pub fn normalise_phrase(phrase: &str) -> String {
    // A glossary holds thousands of phrases, nearly all already normal: one copy.
    if crate::markdown::text::is_plain(phrase) {
        return phrase.trim_matches(' ').to_string();
    }
    // normalise_str leaves single spaces only; trimming is all that is left to do.
    crate::markdown::text::normalise_str(phrase)
        .trim_matches(' ')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosing_entry_names_the_table_and_id() {
        let text =
            "[[terms]]\nid = \"a\"\nuse = \"A\"\n\n[[claims]]\nid = \"deal-lift\"\ntxt = 1\n";
        let at = text.find("txt").unwrap();
        assert_eq!(
            enclosing_entry(text, at).as_deref(),
            Some("[[claims]] entry `deal-lift`")
        );
    }

    #[test]
    fn derived_pattern_captures_the_value() {
        let q = quantity::parse("30-day").unwrap();
        let v = ApprovedValue {
            text: "30-day".into(),
            quantity: q,
        };
        let derived = derived_pattern("30-day satisfaction guarantee", Some(&v)).unwrap();
        let text = "our 60-day satisfaction guarantee";
        let found = derived.find_at(text, 0).unwrap();
        assert_eq!(&text[found.value.unwrap()], "60-day");
        assert_eq!(&text[found.range], "60-day satisfaction guarantee");
    }
}
