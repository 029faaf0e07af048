//! What changed, according to git: for `--changed` and `--changed-lines`. Runs the
//! `git` command (it never fetches) and returns paths relative to the working
//! directory.

use crate::error::SetupError;
use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(cwd: &Path, args: &[&str]) -> Result<String, SetupError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(|e| {
            SetupError::usage(
                format!("cannot run git: {e}"),
                Some("--changed needs git on the PATH"),
            )
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(SetupError::usage(
            format!("git {} failed: {}", args.join(" "), err.trim()),
            Some("--changed works inside a git repository; name a ref that exists, e.g. --changed origin/main"),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The changes of the working tree against a base revision.
#[derive(Debug, Clone)]
pub struct Changes {
    /// The revision compared against.
    pub base: String,
    /// Changed, added and untracked files, relative to the working directory.
    pub files: HashSet<PathBuf>,
    /// Lines (1-based) added or modified per file; untracked files are absent (every line is new).
    lines: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    untracked: HashSet<PathBuf>,
}

impl Changes {
    /// Compares the working tree with `base_ref`, or, when `None`, with the merge base of
    /// HEAD and the default branch (`origin/HEAD`, else `main`, `master`).
    pub fn new(cwd: &Path, base_ref: Option<&str>) -> Result<Changes, SetupError> {
        let root = PathBuf::from(git(cwd, &["rev-parse", "--show-toplevel"])?.trim());
        let base = match base_ref {
            Some(r) => git(
                cwd,
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{r}^{{commit}}"),
                ],
            )
            .map(|s| s.trim().to_string())
            .map_err(|_| {
                SetupError::usage(
                    format!("`{r}` is not a commit git knows"),
                    Some("name a branch, tag or commit, e.g. --changed origin/main"),
                )
            })?,
            None => {
                let branch = default_branch(cwd)?;
                git(cwd, &["merge-base", &branch, "HEAD"])?
                    .trim()
                    .to_string()
            }
        };
        let from_root = |p: &str| -> PathBuf {
            let absolute = root.join(p);
            let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
            match absolute.strip_prefix(&cwd) {
                Ok(rel) => rel.to_path_buf(),
                Err(_) => absolute,
            }
        };
        let diff = git(
            cwd,
            &[
                "diff",
                "--name-only",
                "-z",
                "--diff-filter=ACMRT",
                &base,
                "--",
            ],
        )?;
        let others = git(
            cwd,
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "-z",
                "--full-name",
            ],
        )?;
        let mut files = HashSet::new();
        let mut untracked = HashSet::new();
        for p in diff.split('\0').filter(|p| !p.is_empty()) {
            files.insert(from_root(p));
        }
        for p in others.split('\0').filter(|p| !p.is_empty()) {
            let path = from_root(p);
            files.insert(path.clone());
            untracked.insert(path);
        }
        let hunks = git(
            cwd,
            &[
                "diff",
                "-U0",
                "--no-color",
                "--diff-filter=ACMRT",
                &base,
                "--",
            ],
        )?;
        let mut lines: HashMap<PathBuf, Vec<RangeInclusive<usize>>> = HashMap::new();
        let mut current: Option<PathBuf> = None;
        for line in hunks.lines() {
            if let Some(path) = line.strip_prefix("+++ b/") {
                current = Some(from_root(path));
            } else if line.starts_with("+++ ") {
                current = None;
            } else if let (Some(path), Some(range)) = (&current, hunk_new_lines(line)) {
                lines.entry(path.clone()).or_default().push(range);
            }
        }
        Ok(Changes {
            base,
            files,
            lines,
            untracked,
        })
    }

    /// Whether `path` (as shown, relative to the working directory) changed.
    pub fn touches_file(&self, path: &Path) -> bool {
        self.files.contains(&crate::settings::normalise(path))
    }

    /// Whether 1-based `line` of `path` was added or modified.
    pub fn touches_line(&self, path: &Path, line: usize) -> bool {
        let path = crate::settings::normalise(path);
        if self.untracked.contains(&path) {
            return true;
        }
        self.lines
            .get(&path)
            .is_some_and(|ranges| ranges.iter().any(|r| r.contains(&line)))
    }
}

fn default_branch(cwd: &Path) -> Result<String, SetupError> {
    if let Ok(head) = git(
        cwd,
        &[
            "symbolic-ref",
            "--quiet",
            "--short",
            "refs/remotes/origin/HEAD",
        ],
    ) {
        return Ok(head.trim().to_string());
    }
    for candidate in ["main", "master", "origin/main", "origin/master"] {
        if git(cwd, &["rev-parse", "--verify", "--quiet", candidate]).is_ok() {
            return Ok(candidate.to_string());
        }
    }
    Err(SetupError::usage(
        "cannot tell the default branch to compare against",
        Some("name the base explicitly, e.g. --changed origin/main"),
    ))
}

/// The new-file lines of a hunk header `@@ -a,b +c,d @@` (none for a pure deletion).
fn hunk_new_lines(line: &str) -> Option<RangeInclusive<usize>> {
    let rest = line.strip_prefix("@@ ")?;
    let plus = rest.split_whitespace().find(|w| w.starts_with('+'))?;
    let mut parts = plus[1..].split(',');
    let start: usize = parts.next()?.parse().ok()?;
    let count: usize = match parts.next() {
        Some(c) => c.parse().ok()?,
        None => 1,
    };
    (count > 0).then(|| start..=start + count - 1)
}

#[cfg(test)]
mod tests {
    use super::hunk_new_lines;

    #[test]
    fn hunk_headers() {
        assert_eq!(hunk_new_lines("@@ -3,0 +4,2 @@ heading"), Some(4..=5));
        assert_eq!(hunk_new_lines("@@ -10 +10 @@"), Some(10..=10));
        assert_eq!(hunk_new_lines("@@ -5,2 +4,0 @@"), None);
        assert_eq!(hunk_new_lines("+++ b/x.md"), None);
    }
}
