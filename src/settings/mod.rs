//! Configuration: `songsheet.toml` discovery, loading with spans, and the resolved
//! settings a file is checked under.

mod discovery;
mod rulesets;

pub use discovery::find_config;
pub use rulesets::{embedded_ruleset, EMBEDDED_RULESETS};

use crate::diagnostic::Severity;
use crate::error::{ConfigError, SetupError};
use crate::glossary::cache::{Compiled, GlossaryCache, GlossarySource, SourceKind};
use crate::glossary::load::toml_error;
use crate::glossary::model::ConfigToml;
use crate::glossary::{Glossary, GlossaryLoader, Matcher};
use crate::markdown::{Masker, Speakers};
use crate::rules::{DocKind, RuleId, RuleLevels};
use globset::{Candidate, Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The threshold for a failing run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Fail on findings at or above this severity.
    At(Severity),
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Parses `error`, `warning`, `info` or `never`.
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "never" => Some(FailOn::Never),
            other => Severity::parse(other).map(FailOn::At),
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::At(threshold) => severity >= threshold,
            FailOn::Never => false,
        }
    }
}

/// A `[[paths]]` classification.
#[derive(Debug, Clone)]
pub struct PathClass {
    matcher: GlobMatcher,
    /// Kind for matching files.
    pub kind: Option<DocKind>,
    /// Personas for matching files.
    pub personas: Vec<String>,
}

/// How a config is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Let the config read glossaries outside its directory and git repository (only
    /// for configs the user trusts: a content repository's config comes from pull
    /// requests).
    pub allow_external: bool,
    /// Where validated glossaries are kept between runs; `None` loads every glossary
    /// from its files.
    pub cache: Option<GlossaryCache>,
}

/// Everything a file is checked under: one config (or the defaults) fully resolved.
#[derive(Debug)]
pub struct Settings {
    /// The config file, if any.
    pub config_path: Option<PathBuf>,
    /// Paths and globs are relative to this directory.
    pub root: PathBuf,
    /// `root` made absolute (from the working directory at load time).
    root_abs: PathBuf,
    /// The working directory at load time, to make file paths absolute.
    cwd: PathBuf,
    /// The merged glossary.
    pub glossary: Glossary,
    /// Its compiled matcher.
    pub matcher: Matcher,
    include: GlobSet,
    exclude: GlobSet,
    /// `fail_on` from the config.
    pub fail_on: Option<FailOn>,
    /// Rule levels after `[severity]`.
    pub levels: RuleLevels,
    /// `[[paths]]` in order.
    pub paths: Vec<PathClass>,
    /// `[script]` labels.
    pub speakers: Speakers,
    /// Placeholder and URL masking.
    pub masker: Masker,
    /// Front-matter fields checked as copy.
    pub frontmatter_fields: Vec<String>,
}

/// The file patterns checked when walking directories, unless `include` says otherwise.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.md", "**/*.mdx", "**/*.markdown", "**/*.txt"];

impl Settings {
    /// The settings without a config: the embedded `core` ruleset, relative to `root`.
    pub fn defaults(root: &Path) -> Result<Settings, SetupError> {
        let mut loader = GlossaryLoader::new();
        add_embedded(&mut loader, "core");
        let glossary = loader.finish().map_err(SetupError::Config)?;
        Ok(Settings::with_glossary(root, glossary))
    }

    /// Default settings with this glossary instead of the embedded ruleset.
    pub fn with_glossary(root: &Path, glossary: Glossary) -> Settings {
        let cwd = std::env::current_dir().unwrap_or_default();
        Settings {
            config_path: None,
            root: root.to_path_buf(),
            root_abs: normalise(&cwd.join(root)),
            cwd,
            matcher: Matcher::new(&glossary),
            glossary,
            include: globset(DEFAULT_INCLUDE.iter().copied()).expect("default globs are valid"),
            exclude: GlobSet::empty(),
            fail_on: None,
            levels: RuleLevels::default(),
            paths: Vec::new(),
            speakers: Speakers::default(),
            masker: Masker::default(),
            frontmatter_fields: vec!["title".into(), "description".into()],
        }
    }

    /// Loads `path` and everything it names. Every problem is reported, each pointing at
    /// its span. Glossaries must lie inside the config's repository, and no cache is
    /// used (see [`Settings::load_with`]).
    pub fn load(path: &Path) -> Result<Settings, SetupError> {
        Settings::load_with(path, &LoadOptions::default())
    }

    /// Like [`Settings::load`], with the [`LoadOptions`] given.
    pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Settings, SetupError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            SetupError::usage(
                format!("cannot read config {}: {e}", path.display()),
                Some("check the path given to --config"),
            )
        })?;
        let name = path.display().to_string();
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut config: ConfigToml = toml::from_str(&text)
            .map_err(|e| SetupError::Config(vec![toml_error(&name, &text, &e)]))?;
        let mut errors = Vec::new();
        let err = |span: std::ops::Range<usize>, message: String, label: &str, help: &str| {
            ConfigError::new(&name, &text, span, message, label, Some(help.to_string()))
        };

        // Everything the glossary is built from, in loading order (display name, text):
        // read first, so that the glossary cache can be asked before anything is parsed.
        let mut glossary_files: Vec<(String, Cow<'static, str>)> = Vec::new();
        let rulesets = config
            .check
            .rulesets
            .clone()
            .unwrap_or_else(|| vec![Spanned::new(0..0, "core".to_string())]);
        for r in &rulesets {
            if let Some(text) = embedded_ruleset(r.get_ref()) {
                glossary_files.push((embedded_name(r.get_ref()), Cow::Borrowed(text)));
            } else {
                errors.push(err(
                    r.span(),
                    format!("unknown ruleset `{}`", r.get_ref()),
                    "unknown ruleset",
                    &format!(
                        "embedded rulesets: {}; for your own files use `glossaries`",
                        EMBEDDED_RULESETS.join(", ")
                    ),
                ));
            }
        }
        for g in &config.check.glossaries {
            match expand_glob(&root, g.get_ref()) {
                Ok(files) if files.is_empty() => errors.push(err(
                    g.span(),
                    format!("`{}` matches no glossary file", g.get_ref()),
                    "no such file",
                    &format!(
                        "paths are relative to the config's directory ({})",
                        root.display()
                    ),
                )),
                Ok(files) => {
                    for file in files {
                        // A content repository's config arrives through pull requests:
                        // it may only read glossaries inside its own repository.
                        if !options.allow_external && !inside_repository(&root, &file) {
                            errors.push(err(
                                g.span(),
                                format!(
                                    "glossary {} is outside this repository; songsheet reads glossaries only from the config's directory or its git repository",
                                    file.display()
                                ),
                                "outside the repository",
                                "move the glossary into the repository, or pass --allow-external-glossaries if you trust this config",
                            ));
                            continue;
                        }
                        match std::fs::read_to_string(&file) {
                            Ok(gtext) => glossary_files
                                .push((normalise(&file).display().to_string(), Cow::Owned(gtext))),
                            Err(e) => errors.push(err(
                                g.span(),
                                format!("cannot read glossary {}: {e}", file.display()),
                                "unreadable",
                                "check the file's permissions and that it is UTF-8 text",
                            )),
                        }
                    }
                }
                Err(message) => {
                    errors.push(err(g.span(), message, "bad glob", "fix the glob pattern"))
                }
            }
        }
        let entries = config.take_entries();
        let mut sources: Vec<GlossarySource> = glossary_files
            .iter()
            .map(|(name, text)| GlossarySource {
                kind: SourceKind::File,
                name,
                text,
            })
            .collect();
        if !entries.is_empty() {
            sources.push(GlossarySource {
                kind: SourceKind::ConfigEntries,
                name: &name,
                text: &text,
            });
        }
        // Only a complete set of sources may be looked up or stored.
        let cache = options.cache.as_ref().filter(|_| errors.is_empty());
        let cwd = std::env::current_dir().unwrap_or_default();
        let config_abs = normalise(&cwd.join(path));
        let compiled = match cache.and_then(|c| c.load(&config_abs, &sources)) {
            Some(cached) => Some(cached),
            None => {
                let mut loader = GlossaryLoader::new();
                for (name, text) in &glossary_files {
                    loader.add_file(name, text);
                }
                if !entries.is_empty() {
                    loader.add_entries(&name, &text, entries);
                }
                match loader.finish() {
                    Ok(g) => {
                        let compiled = Compiled::new(g);
                        if let Some(cache) = cache {
                            // A cache that cannot be written is only a slower next run.
                            let _ = cache.store(&config_abs, &sources, &compiled);
                        }
                        Some(compiled)
                    }
                    Err(mut es) => {
                        errors.append(&mut es);
                        None
                    }
                }
            }
        };

        let include = match &config.check.include {
            Some(list) => compile_globs(list, &name, &text, &mut errors),
            None => globset(DEFAULT_INCLUDE.iter().copied()).ok(),
        };
        let exclude = compile_globs(&config.check.exclude, &name, &text, &mut errors);

        let fail_on = config.check.fail_on.as_ref().and_then(|f| {
            let parsed = FailOn::parse(f.get_ref());
            if parsed.is_none() {
                errors.push(err(
                    f.span(),
                    format!("fail_on = \"{}\" is not a level", f.get_ref()),
                    "unknown level",
                    "use \"error\", \"warning\", \"info\" or \"never\"",
                ));
            }
            parsed
        });

        let mut levels = RuleLevels::default();
        for (rule, level) in &config.severity {
            let Some(id) = RuleId::from_name(rule) else {
                let hint = match RuleId::suggest(rule) {
                    Some(s) => {
                        format!("did you mean `{s}`? `songsheet explain --list` lists the rules")
                    }
                    None => "`songsheet explain --list` lists the rules".to_string(),
                };
                errors.push(err(
                    level.span(),
                    format!("[severity] names an unknown rule `{rule}`"),
                    "unknown rule",
                    &hint,
                ));
                continue;
            };
            match level.get_ref().as_str() {
                "off" => levels.set(id, None),
                other => match Severity::parse(other) {
                    Some(s) => levels.set(id, Some(s)),
                    None => errors.push(err(
                        level.span(),
                        format!("[severity] {rule} = \"{other}\" is not a level"),
                        "unknown level",
                        "use \"error\", \"warning\", \"info\" or \"off\"",
                    )),
                },
            }
        }

        let mut paths = Vec::new();
        for p in &config.paths {
            let matcher = match glob(p.glob.get_ref()) {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    errors.push(err(
                        p.glob.span(),
                        format!("bad glob: {e}"),
                        "bad glob",
                        "fix the glob pattern",
                    ));
                    continue;
                }
            };
            let kind = match &p.kind {
                None => None,
                Some(k) => match DocKind::parse(k.get_ref()) {
                    Some(kind) => Some(kind),
                    None => {
                        errors.push(err(
                            k.span(),
                            format!("[[paths]] kind = \"{}\" is not a kind", k.get_ref()),
                            "unknown kind",
                            "use \"collateral\" or \"script\"",
                        ));
                        None
                    }
                },
            };
            let mut personas = Vec::new();
            for persona in p.persona.iter().chain(p.personas.iter()) {
                let known = compiled
                    .as_ref()
                    .map(|c| c.glossary.persona(persona.get_ref()).is_some())
                    .unwrap_or(true);
                if !known {
                    errors.push(err(
                        persona.span(),
                        format!(
                            "[[paths]] names persona `{}`, which no glossary defines",
                            persona.get_ref()
                        ),
                        "unknown persona",
                        "add a [[personas]] entry with this id, or fix the spelling",
                    ));
                }
                personas.push(persona.get_ref().clone());
            }
            paths.push(PathClass {
                matcher,
                kind,
                personas,
            });
        }

        let speakers = match &config.script {
            Some(s) => {
                let defaults = crate::markdown::script::default_labels();
                Speakers::new(
                    s.rep.as_deref().unwrap_or(&defaults.0),
                    s.other.as_deref().unwrap_or(&defaults.1),
                )
            }
            None => Speakers::default(),
        };

        let mut delimiters = vec![("{{".to_string(), "}}".to_string())];
        for p in config.check.placeholders.iter().flatten() {
            let s = p.get_ref();
            match s.split_once('…').or_else(|| s.split_once("...")) {
                Some((open, close)) if !open.is_empty() && !close.is_empty() => {
                    delimiters.push((open.to_string(), close.to_string()))
                }
                _ => errors.push(err(
                    p.span(),
                    format!("placeholder \"{s}\" does not show where the name goes"),
                    "no `…`",
                    "write the delimiters around an ellipsis, for example \"{…}\" or \"[...]\"",
                )),
            }
        }

        if !errors.is_empty() {
            return Err(SetupError::Config(errors));
        }
        let Compiled { glossary, matcher } =
            compiled.unwrap_or_else(|| Compiled::new(Glossary::default()));
        Ok(Settings {
            config_path: Some(path.to_path_buf()),
            root_abs: normalise(&cwd.join(&root)),
            cwd,
            root,
            matcher,
            glossary,
            include: include.unwrap_or_else(GlobSet::empty),
            exclude: exclude.unwrap_or_else(GlobSet::empty),
            fail_on,
            levels,
            paths,
            speakers,
            masker: Masker::new(&delimiters),
            frontmatter_fields: config
                .check
                .frontmatter
                .clone()
                .unwrap_or_else(|| vec!["title".into(), "description".into()]),
        })
    }

    /// The same settings with another glossary (to run one entry's examples alone).
    pub fn with_other_glossary(&self, glossary: Glossary) -> Settings {
        Settings {
            config_path: self.config_path.clone(),
            root: self.root.clone(),
            root_abs: self.root_abs.clone(),
            cwd: self.cwd.clone(),
            matcher: Matcher::new(&glossary),
            glossary,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            fail_on: self.fail_on,
            levels: self.levels.clone(),
            paths: self.paths.clone(),
            speakers: self.speakers.clone(),
            masker: self.masker.clone(),
            frontmatter_fields: self.frontmatter_fields.clone(),
        }
    }

    /// `path` relative to the config's directory, for matching globs.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = normalise(&self.cwd.join(path));
        match absolute.strip_prefix(&self.root_abs) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => normalise(path),
        }
    }

    /// Whether a file found while walking a directory is checked (`include`, not `exclude`).
    pub fn wants(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        // One candidate for both sets: building it normalises the path again.
        let candidate = Candidate::new(&rel);
        self.include.is_match_candidate(&candidate) && !self.exclude.is_match_candidate(&candidate)
    }

    /// Whether the config's `exclude` matches `path` (for `--force-exclude`).
    pub fn excludes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.exclude.is_match(&rel)
    }

    /// Whether a directory is excluded (so the walk skips it).
    pub fn excludes_dir(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.exclude.is_match(&rel) || self.exclude.is_match(rel.join("x"))
    }

    /// The first `[[paths]]` entry matching `path`.
    pub fn classify(&self, path: &Path) -> Option<&PathClass> {
        // Most configs have no `[[paths]]`: no need to make the path relative then.
        if self.paths.is_empty() {
            return None;
        }
        let rel = self.relative(path);
        let candidate = Candidate::new(&rel);
        self.paths
            .iter()
            .find(|p| p.matcher.is_match_candidate(&candidate))
    }
}

fn add_embedded(loader: &mut GlossaryLoader, name: &str) {
    if let Some(text) = embedded_ruleset(name) {
        loader.add_file(&embedded_name(name), text);
    }
}

/// How an embedded ruleset is named in findings and errors.
fn embedded_name(name: &str) -> String {
    format!("<embedded ruleset {name}>")
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

fn globset<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(glob(p)?);
    }
    b.build()
}

fn compile_globs(
    list: &[Spanned<String>],
    name: &str,
    text: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in list {
        match glob(p.get_ref()) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => errors.push(ConfigError::new(
                name,
                text,
                p.span(),
                format!("bad glob \"{}\": {e}", p.get_ref()),
                "bad glob",
                Some("globs use *, ** and {a,b}".into()),
            )),
        }
    }
    b.build().ok()
}

/// Whether `file` lies in the config's directory `root` or in the git repository that
/// holds it (compared after resolving symbolic links and `..`).
fn inside_repository(root: &Path, file: &Path) -> bool {
    let Ok(root) = std::fs::canonicalize(root) else {
        return false;
    };
    let Ok(file) = std::fs::canonicalize(file) else {
        return false;
    };
    let git_root = root.ancestors().find(|d| d.join(".git").exists());
    file.starts_with(&root) || git_root.is_some_and(|g| file.starts_with(g))
}

/// Expands a `glossaries` entry (a path or a glob) relative to `root`, sorted.
fn expand_glob(root: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    if !is_glob {
        let path = root.join(pattern);
        return Ok(if path.is_file() {
            vec![path]
        } else {
            Vec::new()
        });
    }
    let matcher = glob(pattern)
        .map_err(|e| format!("bad glob \"{pattern}\": {e}"))?
        .compile_matcher();
    // Walk only below the literal directory prefix of the glob.
    let literal: PathBuf = Path::new(pattern)
        .components()
        .take_while(|c| {
            !c.as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect();
    let base = root.join(&literal);
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(&base)
        .standard_filters(false)
        .build()
        .flatten()
    {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            if matcher.is_match(rel) {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Removes `.` components and leading `./` lexically, so globs match. A `..` takes
/// away the name before it; with none before it, it stays (`../../x`), except right
/// after the root, where there is nothing to go up to (`/../x` is `/x`).
pub fn normalise(path: &Path) -> PathBuf {
    #[cfg(unix)]
    {
        // What pushing the components onto a `PathBuf` gives, joined once: this runs
        // for every file a check reads (globs match relative paths), and a push per
        // component cost more than the rest of the walk.
        let mut root = false;
        let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
        for c in path.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => match parts.last() {
                    Some(&last) if last != ".." => {
                        parts.pop();
                    }
                    _ if root => {}
                    _ => parts.push("..".as_ref()),
                },
                Component::RootDir => root = true,
                Component::Normal(part) => parts.push(part),
                // Windows only.
                Component::Prefix(_) => {}
            }
        }
        let len = path.as_os_str().len() + 3;
        let mut out = std::ffi::OsString::with_capacity(len);
        if root {
            out.push("/");
        }
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push("/");
            }
            out.push(part);
        }
        PathBuf::from(out)
    }
    #[cfg(not(unix))]
    {
        normalise_by_pushing(path)
    }
}

/// [`normalise`] component by component onto a `PathBuf`: the definition, and what
/// other platforms (prefixes, two separators) use.
#[cfg_attr(unix, allow(dead_code))]
fn normalise_by_pushing(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Joining the components once gives what pushing them one by one gives.
        #[test]
        fn normalising_joins_what_pushing_components_gives(
            absolute in proptest::bool::ANY,
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", "é", ".", "..", "", "x.md"]),
                0..8,
            ),
            trailing in proptest::bool::ANY,
        ) {
            let mut text = if absolute { "/".to_string() } else { String::new() };
            text.push_str(&parts.join("/"));
            if trailing {
                text.push('/');
            }
            let path = Path::new(&text);
            proptest::prop_assert_eq!(normalise(path), normalise_by_pushing(path), "{:?}", text);
        }
    }

    #[test]
    fn normalising_removes_dots_lexically() {
        assert_eq!(normalise(Path::new("./a/./b/")), Path::new("a/b"));
        assert_eq!(
            normalise(Path::new("/w/main/../shared/x.md")),
            Path::new("/w/shared/x.md")
        );
        assert_eq!(normalise(Path::new("../x")), Path::new("../x"));
        // Going up twice from outside the config's directory is not going nowhere: a
        // file there must not match the config's own globs ("docs/**").
        assert_eq!(
            normalise(Path::new("../../docs/a.md")),
            Path::new("../../docs/a.md")
        );
        assert_eq!(normalise(Path::new("a/../../x")), Path::new("../x"));
        assert_eq!(normalise(Path::new("/../x")), Path::new("/x"));
        assert_eq!(normalise(Path::new("/..")), Path::new("/"));
    }
}
