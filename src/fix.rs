//! Fixing: apply the safe fixes of a document's findings (and the unsafe ones when
//! asked), re-check, and repeat until nothing more can be fixed. Every byte outside the
//! fixed spans is kept: line endings, a BOM, everything.

use crate::diagnostic::{apply_fixes, Applicability, Diagnostic};
use crate::engine::{check_source, RunOptions};
use crate::settings::Settings;
use std::path::Path;

/// Re-check at most this many times; fixes normally converge in one or two rounds.
const MAX_ROUNDS: usize = 8;

/// What fixing one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The text after fixing.
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Fixes still applicable at the end: they overlapped another fix in every round
    /// (a conflict resolved by an earlier fix is not counted).
    pub conflicts: usize,
    /// Findings of the fixed text (those without an applicable fix remain).
    pub remaining: Vec<Diagnostic>,
}

impl FixOutcome {
    /// Whether the text changed.
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Fixes `source` (the text of `path`) until no applicable fix is left.
pub fn fix_source(
    path: &Path,
    source: &str,
    settings: &Settings,
    options: &RunOptions,
    include_unsafe: bool,
) -> FixOutcome {
    let applicable = |d: &Diagnostic| {
        d.fix
            .as_ref()
            .is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
    };
    let mut text = source.to_string();
    let mut applied = 0;
    let mut remaining = check_source(path, &text, settings, options);
    for _ in 0..MAX_ROUNDS {
        if !remaining.iter().any(applicable) {
            break;
        }
        let fixed = apply_fixes(&text, &remaining, include_unsafe);
        if fixed.applied == 0 || fixed.text == text {
            break;
        }
        applied += fixed.applied;
        text = fixed.text;
        // Re-check: a fix skipped for overlapping another may no longer be needed.
        remaining = check_source(path, &text, settings, options);
    }
    let conflicts = remaining.iter().filter(|d| applicable(d)).count();
    FixOutcome {
        text,
        applied,
        conflicts,
        remaining,
    }
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// It changed on disk after songsheet read it.
    #[error("the file changed on disk while songsheet was fixing it; run fix again")]
    ChangedMeanwhile,
    /// The file system refused.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Writes `new` over `path` if the file still holds `original`: to a temporary file in
/// the same directory first (with the original's permissions), then renamed, so the file
/// is always either the original or the fixed text, never a mix.
pub fn write_if_unchanged(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let tmp = crate::atomic::temp_path_beside(path, "songsheet-fix");
    let permissions = std::fs::metadata(path)?.permissions();
    let result = (|| -> Result<(), WriteError> {
        std::fs::write(&tmp, new)?;
        std::fs::set_permissions(&tmp, permissions)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        // Checked as late as possible: a change after this point and before the rename
        // is the only window left, and it is microseconds wide.
        if std::fs::read(path)? != original {
            return Err(WriteError::ChangedMeanwhile);
        }
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_meanwhile_is_not_overwritten() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "original").unwrap();
        std::fs::write(&path, "edited by someone else").unwrap();
        let err = write_if_unchanged(&path, b"original", b"fixed").unwrap_err();
        assert!(matches!(err, WriteError::ChangedMeanwhile));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited by someone else"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "original").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_if_unchanged(&path, b"original", b"fixed").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
