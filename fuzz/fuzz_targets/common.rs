//! What every target shares: the fixtures' settings and a fixed date.
#![allow(dead_code)] // each target uses part of it

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use songsheet::engine::RunOptions;
use songsheet::settings::Settings;

/// The fixtures config: the Brewline glossary and the core ruleset, so findings with
/// fixes are reachable.
pub fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/songsheet.toml");
        Settings::load(&config).expect("the fixtures config loads")
    })
}

pub fn options() -> RunOptions {
    RunOptions {
        kind: None,
        personas: Vec::new(),
        today: jiff::civil::date(2026, 6, 1),
        coverage: false,
    }
}

/// A path whose extension and folder pick the format and kind: Markdown, MDX, text,
/// or a script (`fixtures/scripts/**`).
pub fn path(selector: u8) -> PathBuf {
    let name = match selector % 4 {
        0 => "collateral/fuzz.md",
        1 => "collateral/fuzz.mdx",
        2 => "collateral/fuzz.txt",
        _ => "scripts/fuzz.md",
    };
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(name)
}
