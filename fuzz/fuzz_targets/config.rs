//! Arbitrary TOML as a glossary file or a config: no panic while loading, rendering
//! every error (miette, with spans into the text), or checking a document with what
//! loaded.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};
use songsheet::engine::check_source;
use songsheet::glossary::load::GlossaryLoader;
use songsheet::settings::Settings;

mod common;

const SAMPLE: &str = "# Brew Line\n\nA 60-day guarantee, 73% of teams, café ☕.\n";

fn render(error: &dyn miette::Diagnostic) {
    let mut out = String::new();
    let _ = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, error);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let doc = Path::new("fuzz.md");
    if selector % 2 == 0 {
        let mut loader = GlossaryLoader::new();
        loader.add_file("glossary.toml", text);
        match loader.finish() {
            Ok(glossary) => {
                let settings = Settings::with_glossary(Path::new("."), glossary);
                let _ = check_source(doc, SAMPLE, &settings, &common::options());
            }
            Err(errors) => errors.iter().for_each(|e| render(e)),
        }
    } else {
        // A config is read from a file: each fuzzing process has its own directory.
        let dir = std::env::temp_dir().join(format!("songsheet-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let config = dir.join("songsheet.toml");
        if std::fs::write(&config, text).is_err() {
            return;
        }
        match Settings::load(&config) {
            Ok(settings) => {
                let _ = check_source(&dir.join("fuzz.md"), SAMPLE, &settings, &common::options());
            }
            Err(error) => render(&error),
        }
    }
});
