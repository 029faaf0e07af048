//! Helpers shared by the integration tests.

use std::path::Path;

/// Panics, naming the file, if a config above the new, empty directory `dir` would
/// apply to it (found as songsheet finds one: discovery walks up to the root), so a
/// stray `songsheet.toml` above the system's temporary directory does not make a
/// "no config" test fail with a puzzling report.
pub fn assert_no_config_above(dir: &Path) {
    if let Some(stray) = songsheet::settings::find_config(dir) {
        panic!(
            "{} applies to every temporary directory of this test; remove it and run again",
            stray.display()
        );
    }
}
