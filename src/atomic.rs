//! Replacing files atomically: a reader (or a crash) never sees half a file. Reports,
//! baselines and fixed documents are all written this way.

use std::io::Write;
use std::path::Path;

/// A hidden temporary file beside `path` (same directory, so a rename replaces `path`
/// atomically), named after it, `tag` and this process.
pub fn temp_path_beside(path: &Path, tag: &str) -> std::path::PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{tag}-{}.tmp", std::process::id()))
}

/// Whether a written file must be on disk before songsheet exits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Durability {
    /// A report: written again on every run, so the operating system may write it back
    /// in its own time (an fsync took 0.5-1 ms here, more on laptop disks).
    Regenerable,
    /// A baseline: committed and relied on, so it is synced before it replaces the old one.
    Durable,
}

/// Writes to a temporary file beside `path`, then renames it into place, so a reader
/// never sees a half-written file.
pub fn write_atomically(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_path_beside(path, "songsheet");
    let result = (|| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        if durability == Durability::Durable {
            file.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn both_durabilities_replace_the_file_and_leave_no_temporary() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("report.json");
        for (durability, text) in [
            (Durability::Regenerable, "first\n"),
            (Durability::Durable, "second\n"),
        ] {
            write_atomically(&path, durability, |w| w.write_all(text.as_bytes())).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, "previous\n").unwrap();
        for durability in [Durability::Regenerable, Durability::Durable] {
            let result = write_atomically(&path, durability, |w| {
                w.write_all(b"half")?;
                Err(std::io::Error::other("disk full"))
            });
            assert_eq!(result.unwrap_err().to_string(), "disk full");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous\n");
        }
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}
