//! Every shipped ruleset loads, compiles, and its entries' examples behave.

use songsheet::engine::run_examples;
use songsheet::glossary::GlossaryLoader;
use songsheet::settings::{embedded_ruleset, Settings, EMBEDDED_RULESETS};
use std::path::Path;

fn check_examples(settings: &Settings) {
    let outcomes = run_examples(settings, "2026-11-23".parse().unwrap());
    assert!(!outcomes.is_empty(), "no examples ran");
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| {
            format!(
                "{} ({}): {} example {:?} gave {} finding(s)",
                o.entry,
                o.origin,
                if o.should_flag { "flag" } else { "pass" },
                o.text,
                o.findings.len()
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn embedded_rulesets_load_and_their_examples_pass() {
    for name in EMBEDDED_RULESETS {
        let mut loader = GlossaryLoader::new();
        loader.add_file(name, embedded_ruleset(name).unwrap());
        let glossary = loader.finish().unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(!glossary.banned.is_empty());
        check_examples(&Settings::with_glossary(Path::new("."), glossary));
    }
}

#[test]
fn every_toml_in_rulesets_loads_and_its_examples_pass() {
    let mut found = 0;
    for entry in std::fs::read_dir("rulesets").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        found += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let mut loader = GlossaryLoader::new();
        loader.add_file(&path.display().to_string(), &text);
        let glossary = loader
            .finish()
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        check_examples(&Settings::with_glossary(Path::new("."), glossary));
    }
    assert!(found >= 2, "expected core.toml and brewline.toml");
}

#[test]
fn the_fixtures_config_loads_the_example_glossary_and_core() {
    let settings = Settings::load(Path::new("fixtures/songsheet.toml")).unwrap();
    assert!(settings
        .glossary
        .terms
        .iter()
        .any(|t| t.meta.id == "brewline-pro"));
    assert!(settings
        .glossary
        .banned
        .iter()
        .any(|b| b.meta.id == "core-risk-free"));
}
