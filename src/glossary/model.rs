//! The TOML shape of glossary and config files, exactly as users write them.
//! Every struct denies unknown keys so that a typo is an error, not a silent no-op.

// The fields mirror the TOML keys one for one; the README documents each key.
#![allow(missing_docs)]

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// `examples.flag` / `examples.pass`: an entry's own tests.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesToml {
    /// Texts that must produce a finding of this entry.
    #[serde(default)]
    pub flag: Vec<String>,
    /// Texts that must produce no finding of this entry.
    #[serde(default)]
    pub pass: Vec<String>,
}

/// `[glossary]` metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryMetaToml {
    /// Display name.
    pub name: Option<String>,
    /// Free-form version string.
    pub version: Option<String>,
}

/// `[[terms]]`: canonical wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermToml {
    pub id: Spanned<String>,
    #[serde(rename = "use")]
    pub use_: Spanned<String>,
    pub avoid: Vec<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// `[[banned]]`: phrases never to use.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BannedToml {
    pub id: Spanned<String>,
    pub phrases: Vec<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// `[[claims]]`: factual assertions stated exactly as approved.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimToml {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    pub regex: Option<Spanned<String>>,
    pub value: Option<Spanned<String>>,
    pub source: Option<String>,
    pub expires: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub personas: Vec<Spanned<String>>,
    #[serde(default)]
    pub cite: bool,
    pub disclaimer: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// `[[promises]]`: commitments to customers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseToml {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    pub regex: Option<Spanned<String>>,
    pub value: Option<Spanned<String>>,
    pub source: Option<String>,
    pub disclaimer: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// `[[disclaimers]]`: text that must accompany some claims and promises.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclaimerToml {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// `[[personas]]`: who a document is written for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonaToml {
    pub id: Spanned<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub messages: Vec<Spanned<String>>,
    #[serde(default)]
    pub avoid: Vec<Spanned<String>>,
    pub max_grade: Option<f64>,
    pub severity: Option<Spanned<String>>,
    pub message: Option<String>,
    pub examples: Option<ExamplesToml>,
}

/// The entry arrays shared by glossary files and configs.
#[derive(Debug, Clone, Default)]
pub struct EntriesToml {
    pub terms: Vec<TermToml>,
    pub banned: Vec<BannedToml>,
    pub claims: Vec<ClaimToml>,
    pub promises: Vec<PromiseToml>,
    pub disclaimers: Vec<DisclaimerToml>,
    pub personas: Vec<PersonaToml>,
}

impl EntriesToml {
    /// Whether there are no entries at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.banned.is_empty()
            && self.claims.is_empty()
            && self.promises.is_empty()
            && self.disclaimers.is_empty()
            && self.personas.is_empty()
    }
}

/// A glossary file: only entries and `[glossary]` metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFileToml {
    pub glossary: Option<GlossaryMetaToml>,
    #[serde(default)]
    pub terms: Vec<TermToml>,
    #[serde(default)]
    pub banned: Vec<BannedToml>,
    #[serde(default)]
    pub claims: Vec<ClaimToml>,
    #[serde(default)]
    pub promises: Vec<PromiseToml>,
    #[serde(default)]
    pub disclaimers: Vec<DisclaimerToml>,
    #[serde(default)]
    pub personas: Vec<PersonaToml>,
}

impl GlossaryFileToml {
    /// Moves the entry arrays out.
    pub fn into_entries(self) -> EntriesToml {
        EntriesToml {
            terms: self.terms,
            banned: self.banned,
            claims: self.claims,
            promises: self.promises,
            disclaimers: self.disclaimers,
            personas: self.personas,
        }
    }
}

/// `[check]` in `songsheet.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckToml {
    #[serde(default)]
    pub glossaries: Vec<Spanned<String>>,
    pub rulesets: Option<Vec<Spanned<String>>>,
    pub include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    pub fail_on: Option<Spanned<String>>,
    pub placeholders: Option<Vec<Spanned<String>>>,
    pub frontmatter: Option<Vec<String>>,
}

/// One `[[paths]]` classification.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathsToml {
    pub glob: Spanned<String>,
    pub kind: Option<Spanned<String>>,
    pub persona: Option<Spanned<String>>,
    #[serde(default)]
    pub personas: Vec<Spanned<String>>,
}

/// `[script]` speaker labels.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptToml {
    pub rep: Option<Vec<String>>,
    pub other: Option<Vec<String>>,
}

/// `songsheet.toml` / `.songsheet.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigToml {
    #[serde(default)]
    pub check: CheckToml,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<PathsToml>,
    pub script: Option<ScriptToml>,
    pub glossary: Option<GlossaryMetaToml>,
    #[serde(default)]
    pub terms: Vec<TermToml>,
    #[serde(default)]
    pub banned: Vec<BannedToml>,
    #[serde(default)]
    pub claims: Vec<ClaimToml>,
    #[serde(default)]
    pub promises: Vec<PromiseToml>,
    #[serde(default)]
    pub disclaimers: Vec<DisclaimerToml>,
    #[serde(default)]
    pub personas: Vec<PersonaToml>,
}

impl ConfigToml {
    /// Moves the inline entry arrays out.
    pub fn take_entries(&mut self) -> EntriesToml {
        EntriesToml {
            terms: std::mem::take(&mut self.terms),
            banned: std::mem::take(&mut self.banned),
            claims: std::mem::take(&mut self.claims),
            promises: std::mem::take(&mut self.promises),
            disclaimers: std::mem::take(&mut self.disclaimers),
            personas: std::mem::take(&mut self.personas),
        }
    }
}
