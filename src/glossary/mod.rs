//! The glossary: approved terms, banned phrases, claims, promises, disclaimers and
//! personas, loaded from TOML with spans and compiled into one matcher.

pub mod cache;
mod eight_bytes;
pub mod load;
pub mod matcher;
pub mod model;
pub mod pattern;
pub mod phrase_index;

use crate::diagnostic::Severity;
use crate::quantity::Quantity;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

pub use load::GlossaryLoader;
pub use matcher::{Hit, Matcher, Target};

/// What every entry has.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryMeta {
    /// Unique id, `[a-z0-9-]+`.
    pub id: String,
    /// Overrides the rule's default severity for this entry.
    pub severity: Option<Severity>,
    /// Added to the finding's message.
    pub message: Option<String>,
    /// The file the entry was loaded from (or `core` for the embedded ruleset).
    pub origin: Arc<str>,
    /// 1-based line of the entry's `id` in that file.
    pub line: usize,
    /// Texts that must be flagged.
    pub flag_examples: Vec<String>,
    /// Texts that must pass.
    pub pass_examples: Vec<String>,
}

/// `[[terms]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Term {
    /// Common fields.
    pub meta: EntryMeta,
    /// The canonical form.
    pub use_form: String,
    /// Variants to flag.
    pub avoid: Vec<String>,
}

/// `[[banned]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Banned {
    /// Common fields.
    pub meta: EntryMeta,
    /// Phrases to flag.
    pub phrases: Vec<String>,
}

/// Whether a statement is a claim or a promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatementKind {
    /// `[[claims]]`.
    Claim,
    /// `[[promises]]`.
    Promise,
}

/// A compiled claim or promise pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompiledPattern {
    /// The pattern as written (or the regex).
    pub written: String,
    /// How it matches.
    pub program: Program,
}

/// How a claim or promise pattern matches.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Program {
    /// A pattern of the pattern language (or a statement's own text); word boundaries
    /// are checked at both ends.
    Words(pattern::Pattern),
    /// `regex = "..."`, the escape hatch: group `value` holds the quantity.
    Regex(#[serde(with = "regex_by_source")] Regex),
}

/// Where a pattern's matches may start, as far as the matcher knows.
#[derive(Debug, Clone, Copy)]
pub enum Starts<'a> {
    /// Anywhere in the text.
    Anywhere,
    /// Inside the text's quantities ([`crate::quantity::find_all`]): what a pattern
    /// that [starts with `{value}`](CompiledPattern::starts_with_value) needs.
    InQuantities(&'a [Range<usize>]),
    /// Only at these places (increasing): where a pattern's
    /// [leading word](pattern::Pattern::leading_word) stands as a whole word.
    At(&'a [usize]),
}

impl CompiledPattern {
    /// The leftmost match at or after byte `from` of `text` (for patterns, skipping
    /// starts glued to a preceding word, which the word boundary check rejects), tried
    /// only at the places `starts` allows.
    pub fn find_at(
        &self,
        text: &str,
        from: usize,
        starts: Starts<'_>,
    ) -> Option<pattern::PatternMatch> {
        match &self.program {
            Program::Words(p) => match starts {
                Starts::Anywhere => p.find_at_word_start(text, from),
                Starts::InQuantities(spans) => p.find_in_quantities(text, from, spans),
                Starts::At(places) => p.find_at_starts(text, from, places),
            },
            Program::Regex(re) => {
                let caps = re.captures_at(text, from)?;
                let whole = caps.get(0)?;
                Some(pattern::PatternMatch {
                    range: whole.range(),
                    value: caps.name("value").map(|v| v.range()),
                })
            }
        }
    }

    /// Whether every match starts with the `{value}` quantity.
    pub fn starts_with_value(&self) -> bool {
        matches!(&self.program, Program::Words(p) if p.starts_with_value())
    }

    /// Whether word boundaries are checked at both ends of a match.
    pub fn bounded(&self) -> bool {
        matches!(self.program, Program::Words(_))
    }
}

/// A `regex = "..."` pattern is stored (in the glossary cache) as its source and
/// compiled again, with the same limits, when read back.
mod regex_by_source {
    use regex::Regex;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(regex: &Regex, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(regex.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Regex, D::Error> {
        let source = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::load::build_regex(&source).map_err(serde::de::Error::custom)
    }
}

/// The approved value of a claim or promise.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApprovedValue {
    /// As written in the glossary ("30-day").
    pub text: String,
    /// Normalised.
    pub quantity: Quantity,
}

/// `[[claims]]` or `[[promises]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    /// Common fields.
    pub meta: EntryMeta,
    /// Claim or promise.
    pub kind: StatementKind,
    /// The approved wording.
    pub text: String,
    /// Compiled patterns (never empty).
    pub patterns: Vec<CompiledPattern>,
    /// The approved value, when the statement has one.
    pub value: Option<ApprovedValue>,
    /// Where the claim comes from.
    pub source: Option<String>,
    /// Claims only: the last day the claim may be used.
    pub expires: Option<jiff::civil::Date>,
    /// Claims only: the personas it is approved for (empty: all).
    pub personas: Vec<String>,
    /// Claims only: needs a link or footnote in the same block.
    pub cite: bool,
    /// Id of a disclaimer that must accompany it.
    pub disclaimer: Option<String>,
}

/// `[[disclaimers]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Disclaimer {
    /// Common fields.
    pub meta: EntryMeta,
    /// The required text.
    pub text: String,
}

/// `[[personas]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Persona {
    /// Common fields.
    pub meta: EntryMeta,
    /// Display name.
    pub name: Option<String>,
    /// Collateral for this persona names at least one of these.
    pub messages: Vec<String>,
    /// Words this persona's documents must not use.
    pub avoid: Vec<String>,
    /// Readability ceiling.
    pub max_grade: Option<f64>,
}

impl Persona {
    /// The persona's name, or its id when it has none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.meta.id)
    }
}

/// Everything loaded, merged across files, validated.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Glossary {
    /// Terms.
    pub terms: Vec<Term>,
    /// Banned phrases.
    pub banned: Vec<Banned>,
    /// Claims.
    pub claims: Vec<Statement>,
    /// Promises.
    pub promises: Vec<Statement>,
    /// Disclaimers.
    pub disclaimers: Vec<Disclaimer>,
    /// Personas.
    pub personas: Vec<Persona>,
    /// The files (and embedded rulesets) it was loaded from, in order.
    pub sources: Vec<String>,
}

impl Glossary {
    /// The persona with this id.
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.meta.id == id)
    }

    /// The disclaimer with this id.
    pub fn disclaimer(&self, id: &str) -> Option<&Disclaimer> {
        self.disclaimers.iter().find(|d| d.meta.id == id)
    }

    /// Every entry's common fields, with the persona id for persona entries.
    pub fn entries(&self) -> Vec<(&EntryMeta, Option<&str>)> {
        let mut all: Vec<(&EntryMeta, Option<&str>)> = Vec::new();
        all.extend(self.terms.iter().map(|e| (&e.meta, None)));
        all.extend(self.banned.iter().map(|e| (&e.meta, None)));
        all.extend(self.claims.iter().map(|e| (&e.meta, None)));
        all.extend(self.promises.iter().map(|e| (&e.meta, None)));
        all.extend(self.disclaimers.iter().map(|e| (&e.meta, None)));
        all.extend(
            self.personas
                .iter()
                .map(|e| (&e.meta, Some(e.meta.id.as_str()))),
        );
        all
    }

    /// The glossary reduced to one entry and what it refers to (its disclaimer, the
    /// personas a claim is approved for), to run the entry's examples on their own.
    pub fn only(&self, id: &str) -> Glossary {
        let keep_statement = |s: &&Statement| s.meta.id == id;
        let claims: Vec<Statement> = self.claims.iter().filter(keep_statement).cloned().collect();
        let promises: Vec<Statement> = self
            .promises
            .iter()
            .filter(keep_statement)
            .cloned()
            .collect();
        let disclaimers_needed: Vec<&str> = claims
            .iter()
            .chain(promises.iter())
            .filter_map(|s| s.disclaimer.as_deref())
            .collect();
        let personas_needed: Vec<&str> = claims
            .iter()
            .flat_map(|s| s.personas.iter().map(String::as_str))
            .collect();
        Glossary {
            terms: self
                .terms
                .iter()
                .filter(|t| t.meta.id == id)
                .cloned()
                .collect(),
            banned: self
                .banned
                .iter()
                .filter(|b| b.meta.id == id)
                .cloned()
                .collect(),
            disclaimers: self
                .disclaimers
                .iter()
                .filter(|d| d.meta.id == id || disclaimers_needed.contains(&d.meta.id.as_str()))
                .cloned()
                .collect(),
            personas: self
                .personas
                .iter()
                .filter(|p| p.meta.id == id || personas_needed.contains(&p.meta.id.as_str()))
                .cloned()
                .collect(),
            claims,
            promises,
            sources: self.sources.clone(),
        }
    }

    /// The claims followed by the promises.
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.claims.iter().chain(self.promises.iter())
    }
}

/// Lower-cases and keeps only letters and digits: how disclaimers are compared
/// ("ignoring case, whitespace and punctuation").
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
