//! Helpers for rule unit tests: a glossary from TOML, findings as one line each.

use crate::diagnostic::Applicability;
use crate::engine::{check_source, RunOptions};
use crate::glossary::GlossaryLoader;
use crate::settings::Settings;
use crate::source::LineIndex;
use std::path::Path;

/// Settings with only this glossary (no embedded ruleset).
pub fn glossary(toml: &str) -> Settings {
    let mut loader = GlossaryLoader::new();
    loader.add_file("test.toml", toml);
    let glossary = match loader.finish() {
        Ok(g) => g,
        Err(errors) => panic!("test glossary is invalid: {errors:?}"),
    };
    Settings::with_glossary(Path::new("."), glossary)
}

/// Findings for a Markdown text, checked on 2026-11-23.
pub fn findings(settings: &Settings, text: &str) -> Vec<String> {
    findings_on(settings, text, "2026-11-23")
}

/// Findings as `line:col rule entry: message => fix` (`=>?` for an unsafe fix).
pub fn findings_on(settings: &Settings, text: &str, today: &str) -> Vec<String> {
    let options = RunOptions {
        kind: None,
        personas: Vec::new(),
        today: today.parse().expect("test date"),
        coverage: false,
    };
    let index = LineIndex::new(text);
    check_source(Path::new("test.md"), text, settings, &options)
        .into_iter()
        .map(|d| {
            let p = index.position(text, d.offset);
            let mut line = format!(
                "{}:{} {} {}: {}",
                p.line,
                p.column,
                d.rule.name(),
                d.entry.as_deref().unwrap_or("-"),
                d.message
            );
            if let Some(fix) = &d.fix {
                let arrow = match fix.applicability {
                    Applicability::Safe => "=>",
                    Applicability::Unsafe => "=>?",
                };
                line.push_str(&format!(" {arrow} {}", fix.replacement));
            }
            line
        })
        .collect()
}
