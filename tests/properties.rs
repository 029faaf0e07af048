//! Property tests: generated Markdown, MDX, scripts and text — inline markup, code,
//! links, tables, CRLF and lone CR line endings, multibyte words, front matter and
//! glossary phrases that trigger findings and fixes — must keep the invariants of
//! `songsheet::invariants`: spans on character boundaries inside the file, lines and
//! columns that agree with byte offsets, fixes that keep every other byte and are
//! idempotent. The fuzz targets (`fuzz/`) check the same invariants on raw bytes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use songsheet::engine::{check_source, RunOptions};
use songsheet::invariants::{check_fix, check_spans};
use songsheet::settings::Settings;

fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/songsheet.toml");
        Settings::load(&config).expect("the fixtures config loads")
    })
}

fn options() -> RunOptions {
    RunOptions {
        kind: None,
        personas: Vec::new(),
        today: jiff::civil::date(2026, 6, 1),
        coverage: false,
    }
}

/// Words that trigger findings with and without fixes, mixed with multibyte text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Brew Line".to_string()),
        Just("BrewLine Pro".to_string()),
        Just("coldbrew".to_string()),
        Just("cold-brew".to_string()),
        Just("a 60-day money-back guarantee".to_string()),
        Just("a 30 day free trial".to_string()),
        Just("cuts energy use by 45%".to_string()),
        Just("brews up to 120 cups per hour".to_string()),
        Just("game-changer".to_string()),
        Just("synergy".to_string()),
        Just("73% of teams agree".to_string()),
        Just("café".to_string()),
        Just("日本語".to_string()),
        Just("naïve 🎉".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{a0}".to_string()),
        Just("{{name}}".to_string()),
        Just("<!-- songsheet-disable term -->".to_string()),
        "[a-zA-Z]{1,8}",
    ]
}

fn inline() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (word(), 0..8u8).prop_map(|(w, markup)| match markup {
            0 => format!("**{w}**"),
            1 => format!("_{w}_"),
            2 => format!("`{w}`"),
            3 => format!("[{w}](https://example.com/{markup})"),
            4 => format!("<b>{w}</b>"),
            _ => w,
        }),
        1..8,
    )
    .prop_map(|words| words.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    (inline(), 0..9u8).prop_map(|(text, shape)| match shape {
        0 => format!("# {text}"),
        1 => format!("- {text}\n  - {text}"),
        2 => format!("> {text}"),
        3 => format!("```\n{text}\n```"),
        4 => format!("| a | b |\n|---|---|\n| {text} | x |"),
        5 => format!("Rep: {text}"),
        6 => format!("1. {text}"),
        _ => text,
    })
}

fn document() -> impl Strategy<Value = (String, &'static str)> {
    let newline = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    let extension = prop_oneof![Just("md"), Just("mdx"), Just("txt")];
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(block(), 0..10),
        newline,
        extension,
    )
        .prop_map(|(bom, front_matter, blocks, newline, extension)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if front_matter {
                text.push_str("---\ntitle: Brew Line for teams\npersona: cfo\n---\n");
            }
            text.push_str(&blocks.join("\n\n"));
            (text.replace('\n', newline), extension)
        })
}

fn path(extension: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/collateral/generated.{extension}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn findings_lie_on_character_boundaries_with_matching_positions((text, extension) in document()) {
        let diagnostics = check_source(&path(extension), &text, settings(), &options());
        if let Err(problem) = check_spans(&text, &diagnostics) {
            panic!("{problem}\nin {text:?}");
        }
    }

    #[test]
    fn scripts_keep_the_invariants((text, _) in document()) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scripts/generated.md");
        let diagnostics = check_source(&path, &text, settings(), &options());
        if let Err(problem) = check_spans(&text, &diagnostics) {
            panic!("{problem}\nin {text:?}");
        }
    }

    #[test]
    fn fixes_keep_other_bytes_and_are_idempotent((text, extension) in document()) {
        if let Err(problem) = check_fix(&path(extension), &text, settings(), &options()) {
            panic!("{problem}\nin {text:?}");
        }
    }

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in any::<String>(), extension in prop_oneof![Just("md"), Just("mdx"), Just("txt")]) {
        let diagnostics = check_source(&path(extension), &text, settings(), &options());
        if let Err(problem) = check_spans(&text, &diagnostics) {
            panic!("{problem}\nin {text:?}");
        }
    }
}

/// A generated document does produce findings with fixes, so the properties above test
/// something.
#[test]
fn the_generators_reach_findings_with_fixes() {
    let text = "Try **Brew Line** with a 60-day money-back guarantee.\r\n";
    let diagnostics = check_source(&path("md"), text, settings(), &options());
    assert!(
        diagnostics.iter().any(|d| d.fix.is_some()),
        "{diagnostics:?}"
    );
    check_spans(text, &diagnostics).unwrap();
    check_fix(&path("md"), text, settings(), &options()).unwrap();
}
