//! File discovery: the paths given on the command line, directories walked with
//! `ignore` (honouring `.gitignore`), each file paired with the settings it is checked
//! under.

use crate::error::SetupError;
use crate::settings::{find_config, LoadOptions, Settings};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads and caches the settings for each directory's nearest config.
pub struct SettingsResolver {
    fixed: Option<Arc<Settings>>,
    cwd: PathBuf,
    by_config: HashMap<PathBuf, Arc<Settings>>,
    by_dir: HashMap<PathBuf, Arc<Settings>>,
    defaults: Option<Arc<Settings>>,
    /// Whether some file is checked without any config (the caller says so once).
    pub used_defaults: bool,
    options: LoadOptions,
}

impl SettingsResolver {
    /// With `--config`, every file uses that config; otherwise the nearest one.
    pub fn new(config: Option<&Path>, cwd: &Path) -> Result<SettingsResolver, SetupError> {
        SettingsResolver::with_options(config, cwd, LoadOptions::default())
    }

    /// Like [`SettingsResolver::new`], loading every config with `options`.
    pub fn with_options(
        config: Option<&Path>,
        cwd: &Path,
        options: LoadOptions,
    ) -> Result<SettingsResolver, SetupError> {
        let fixed = match config {
            Some(path) => Some(Arc::new(Settings::load_with(path, &options)?)),
            None => None,
        };
        Ok(SettingsResolver {
            fixed,
            cwd: cwd.to_path_buf(),
            by_config: HashMap::new(),
            by_dir: HashMap::new(),
            defaults: None,
            used_defaults: false,
            options,
        })
    }

    /// The settings for files in directory `dir` (relative to the working directory).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, SetupError> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let absolute = crate::settings::normalise(&self.cwd.join(dir));
        if let Some(s) = self.by_dir.get(&absolute) {
            return Ok(s.clone());
        }
        let settings = match find_config(&absolute) {
            Some(config) => match self.by_config.get(&config) {
                Some(s) => s.clone(),
                None => {
                    let display = relative_to(&config, &self.cwd);
                    let s = Arc::new(Settings::load_with(&display, &self.options)?);
                    self.by_config.insert(config, s.clone());
                    s
                }
            },
            None => {
                self.used_defaults = true;
                match &self.defaults {
                    Some(d) => d.clone(),
                    None => {
                        let d = Arc::new(Settings::defaults(Path::new("."))?);
                        self.defaults = Some(d.clone());
                        d
                    }
                }
            }
        };
        self.by_dir.insert(absolute, settings.clone());
        Ok(settings)
    }
}

/// `path` relative to `base` when it lies below it (for readable names), else as is.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// A file to check and the settings it is checked under.
pub struct Target {
    /// The path as it will be shown (relative stays relative).
    pub path: PathBuf,
    /// Its settings.
    pub settings: Arc<Settings>,
}

/// Expands the command-line paths into files and hands each to `found` as soon as it is
/// known, so that checking can start while the walk goes on. Files named explicitly are
/// checked (unless `force_exclude` and the config excludes them); files found in
/// directories must match the config's `include` and not its `exclude`, and
/// `.gitignore`d files are skipped. A path reached twice (a file named and also inside a
/// directory named) is handed over once, the first time. Directories are walked in
/// path order, but callers that need an order sort what they collect.
pub fn discover(
    inputs: &[PathBuf],
    resolver: &mut SettingsResolver,
    force_exclude: bool,
    mut found: impl FnMut(Target),
) -> Result<(), SetupError> {
    // One input cannot reach a path twice (links are not followed): no set of every
    // path (5 MB on 49,000 files) unless several inputs might overlap.
    let mut seen: Option<HashSet<PathBuf>> = (inputs.len() > 1).then(HashSet::new);
    let mut hand_over = |target: Target| {
        if seen
            .as_mut()
            .is_none_or(|seen| seen.insert(target.path.clone()))
        {
            found(target);
        }
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| {
            SetupError::usage(
                format!("cannot read {}: {e}", input.display()),
                Some("check the path; use - to read from standard input"),
            )
        })?;
        if meta.is_file() {
            let dir = input.parent().unwrap_or(Path::new("."));
            let settings = resolver.for_dir(dir)?;
            if !(force_exclude && settings.excludes(input)) {
                hand_over(Target {
                    path: input.clone(),
                    settings,
                });
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(input)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .parents(true)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(_) => continue,
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = strip_dot(input, entry.path());
            let dir = path.parent().unwrap_or(Path::new("."));
            let settings = resolver.for_dir(dir)?;
            if settings.wants(&path) {
                hand_over(Target { path, settings });
            }
        }
    }
    Ok(())
}

/// Walking `.` yields `./x`; show `x`.
fn strip_dot(input: &Path, path: &Path) -> PathBuf {
    if input == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}
