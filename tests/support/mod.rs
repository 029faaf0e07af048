//! Helpers shared by the integration tests.

use std::path::Path;

/// Panics, naming the file, if a config above `dir` would apply to it: discovery walks
/// up to the root, so a stray `songsheet.toml` above the system's temporary directory
/// would otherwise make a "no config" test fail with a puzzling report.
pub fn assert_no_config_above(dir: &Path) {
    for ancestor in dir.ancestors().skip(1) {
        for name in ["songsheet.toml", ".songsheet.toml"] {
            let stray = ancestor.join(name);
            assert!(
                !stray.is_file(),
                "{} applies to every temporary directory of this test; remove it and run again",
                stray.display()
            );
        }
    }
}
