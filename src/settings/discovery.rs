//! Finding the config that applies to a file: the nearest `songsheet.toml` or
//! `.songsheet.toml` in its directory or a parent.

use std::path::{Path, PathBuf};

/// Config file names, in order of preference within one directory.
pub const CONFIG_NAMES: &[&str] = &["songsheet.toml", ".songsheet.toml"];

/// The nearest config at or above `dir` (which should be absolute).
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}
