//! `songsheet check`: discover, check in parallel, report, exit code.

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::atomic::{write_atomically, Durability};
use crate::baseline::Baseline;
use crate::cli::{BaselineArgs, CheckArgs, FailOnArg, InputArgs, KindArg};
use crate::diagnostic::Severity;
use crate::engine::{self, Analysis, RunOptions};
use crate::error::SetupError;
use crate::glossary::cache::GlossaryCache;
use crate::report::excerpt::Excerpt;
use crate::report::{self, FileResult, ReportOptions};
use crate::rules::DocKind;
use crate::settings::{FailOn, LoadOptions, Settings};
use crate::source::LineIndex;
use crate::walk::{self, SettingsResolver};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How much of each file's text a run keeps for its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// The whole text (reports that quote the source, `fix`).
    WholeFiles,
    /// The text of the findings, with context for baseline fingerprints when asked.
    Findings {
        /// Keep [`BASELINE_CONTEXT`] bytes on each side of a finding, within its line.
        with_context: bool,
    },
}

/// Bytes kept on each side of a finding for a baseline fingerprint, which takes up
/// to 24 characters of context (`baseline::FindingKey`).
pub const BASELINE_CONTEXT: usize = 100;

/// What a finished check run produced.
pub struct Outcome {
    /// Per-file results, sorted by path.
    pub files: Vec<FileResult>,
    /// Whether some file was checked without a config.
    pub used_defaults: bool,
    /// Per file (same order as `files`): the level at which its findings fail the run.
    pub fail_on: Vec<FailOn>,
    /// Per file (same order as `files`): uses of glossary entries, when asked for.
    pub coverage: Vec<Vec<crate::coverage::EntryUse>>,
    /// Every distinct set of settings the files were checked under.
    pub settings: Vec<Arc<Settings>>,
    /// Per file (same order as `files`): the settings it was checked under.
    pub file_settings: Vec<Arc<Settings>>,
    /// The options every file was checked with.
    pub options: RunOptions,
}

/// Runs `check` and writes the report. Returns the exit code.
pub fn run(args: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    let stdin = match read_stdin(&args.input, stderr) {
        Ok(stdin) => stdin,
        Err(code) => return code,
    };
    // A progress bar only for people: pretty output, a terminal, not --quiet.
    let show_progress = args.format == report::OutputFormat::Pretty
        && !args.quiet
        && std::io::stderr().is_terminal();
    let html = args.format == report::OutputFormat::Html;
    // Only the human formats quote the source around a finding; the others need the
    // text of the findings (and, for a baseline's fingerprints, a little around it),
    // not whole files kept until the report is written.
    let retain = if matches!(
        args.format,
        report::OutputFormat::Pretty | report::OutputFormat::Html
    ) {
        Retain::WholeFiles
    } else {
        // GitLab's fingerprints are baseline keys, which read the context.
        Retain::Findings {
            with_context: args.baseline.is_some() || args.format == report::OutputFormat::Gitlab,
        }
    };
    let mut outcome = match check_files(
        &args.input,
        args.fail_on,
        stdin.as_deref(),
        html,
        show_progress,
        retain,
    ) {
        Ok(o) => o,
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    let baseline_stats = baseline.map(|b| b.apply(&mut outcome.files));
    if outcome.used_defaults && !args.quiet {
        let _ = writeln!(
            stderr,
            "note: no songsheet.toml found; checking with the embedded `core` ruleset only (run with --config FILE, or add a songsheet.toml)"
        );
    }
    let color = !args.no_color
        && args.output.is_none()
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::stdout().is_terminal();
    let options = ReportOptions {
        color,
        quiet: args.quiet,
        fail_on: fail_on(args.fail_on, None),
        baseline: baseline_stats,
    };
    // The HTML report also shows which claims and promises each document uses.
    let coverage = html.then(|| {
        let documents: Vec<(String, Vec<crate::coverage::EntryUse>)> = outcome
            .files
            .iter()
            .map(|f| f.path.clone())
            .zip(outcome.coverage.iter().cloned())
            .collect();
        report::coverage::Coverage::build(outcome.settings.iter().map(|s| &s.glossary), &documents)
    });
    let write = |w: &mut dyn Write| match &coverage {
        Some(c) => report::html::write(&outcome.files, c, w),
        None => report::write_report(args.format, &outcome.files, options, w),
    };
    let written = match &args.output {
        Some(path) => write_atomically(path, Durability::Regenerable, write),
        None => write(stdout),
    };
    if let Err(e) = written {
        // A reader that stopped early (`| head`) is not an error; the exit code still
        // says whether there were findings.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            return EXIT_ERROR;
        }
    }
    let code = if outcome.failed() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends next: freeing a large glossary and every finding piece by piece
    // takes longer than checking a small file, and the system reclaims it all at once.
    drop(coverage);
    std::mem::forget(outcome);
    code
}

impl Outcome {
    /// Whether some remaining finding is at or above its file's fail-on level.
    pub fn failed(&self) -> bool {
        self.files
            .iter()
            .zip(&self.fail_on)
            .any(|(f, level)| f.diagnostics.iter().any(|d| level.fails(d.severity)))
    }
}

/// Standard input's bytes when "-" is among the paths; on failure, the exit code.
pub fn read_stdin(input: &InputArgs, stderr: &mut dyn Write) -> Result<Option<Vec<u8>>, u8> {
    if !input.paths.iter().any(|p| p == Path::new("-")) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    match std::io::stdin().read_to_end(&mut bytes) {
        Ok(_) => Ok(Some(bytes)),
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot read standard input: {e}");
            Err(EXIT_ERROR)
        }
    }
}

thread_local! {
    /// The buffer each checking thread reads every file into ([`read_reusing`]).
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A checking thread keeps its read buffer up to this size; one grown past it for a
/// very large file is freed after that file, not held for the rest of the run.
const KEPT_READ_BUFFER: usize = 4 << 20;

/// Reads the file at `path` into `buffer` and returns its bytes. The buffer is reused
/// from file to file: no allocation per file once it is as large as the largest file
/// so far, and no query of the file's size first (which `std::fs::read` makes to size
/// a new one) but for files past [`KEPT_READ_BUFFER`]. It stays initialised, so reads
/// go straight into it.
fn read_reusing<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    const STEP: usize = 64 << 10;
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            let more = if buffer.len() < KEPT_READ_BUFFER {
                buffer.len().max(STEP)
            } else {
                // A very large file: room for the rest of it at once, not doubling
                // past its size (and a little more, to read its end).
                let size = file.metadata().map_or(0, |m| m.len());
                usize::try_from(size).map_or(0, |size| size.saturating_sub(filled)) + STEP
            };
            buffer.resize(buffer.len() + more, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(&buffer[..filled]),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Discovers and checks every file (and standard input), runs the run-wide rules, and
/// collects coverage when asked; nothing is printed. `retain` says how much of each
/// file's text its [`FileResult`] keeps for the report.
pub fn check_files(
    input: &InputArgs,
    fail_on_arg: Option<FailOnArg>,
    stdin: Option<&[u8]>,
    collect_coverage: bool,
    show_progress: bool,
    retain: Retain,
) -> Result<Outcome, SetupError> {
    // Building the automata the checks share takes about as long as loading a large
    // glossary: a second thread does it meanwhile (not when one thread was asked for).
    // Reading today's date in the system time zone is part of it (jiff reads the
    // zone's rules).
    let today_later = if input.jobs != Some(1) {
        let (send, receive) = std::sync::mpsc::channel();
        let date_needed = input.today.is_none();
        rayon::spawn(move || {
            if date_needed {
                let _ = send.send(jiff::Zoned::now().date());
            }
            engine::warm_up();
        });
        Some(receive)
    } else {
        None
    };
    let cwd = std::env::current_dir()
        .map_err(|e| SetupError::usage(format!("cannot read the working directory: {e}"), None))?;
    let options = LoadOptions {
        allow_external: input.allow_external_glossaries,
        cache: match input.no_cache {
            true => None,
            false => GlossaryCache::user_default(),
        },
    };
    let mut resolver = SettingsResolver::with_options(input.config.as_deref(), &cwd, options)?;
    let files: Vec<PathBuf> = input
        .paths
        .iter()
        .filter(|p| *p != Path::new("-"))
        .cloned()
        .collect();
    let changes = match (&input.changed, input.changed_lines) {
        (None, false) => None,
        (base, _) => Some(crate::git::Changes::new(
            &cwd,
            base.as_deref().filter(|b| !b.is_empty()),
        )?),
    };
    let stdin_target = match stdin {
        Some(bytes) => {
            let name = input
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            // DESIGN §2: standard input is checked under the current directory's config;
            // --stdin-filename still picks the format and the [[paths]] classification.
            let settings = resolver.for_dir(Path::new("."))?;
            Some((name, bytes, settings))
        }
        None => None,
    };
    let options = RunOptions {
        kind: input.kind.map(|k| match k {
            KindArg::Collateral => DocKind::Collateral,
            KindArg::Script => DocKind::Script,
        }),
        personas: input.persona.clone(),
        today: input.today.unwrap_or_else(|| {
            today_later
                .and_then(|r| r.recv().ok())
                .unwrap_or_else(|| jiff::Zoned::now().date())
        }),
        coverage: collect_coverage,
    };
    /// One checked file before the run-wide comparison.
    struct Checked {
        path: String,
        source: Option<String>,
        excerpt: Option<Excerpt>,
        fail_on: FailOn,
        drift_level: Option<Severity>,
        settings: Arc<Settings>,
        analysis: Analysis,
    }
    let check_target = |path: &Path, settings: &Arc<Settings>, bytes: std::io::Result<&[u8]>| {
        let unreadable = |message: String| Analysis {
            diagnostics: engine::unreadable(settings, message).into_iter().collect(),
            ..Analysis::default()
        };
        let (source, excerpt, analysis) = match bytes {
            Ok(bytes) => match engine::decode(bytes) {
                Ok(text) => {
                    // One line index for the checks and the report's excerpts.
                    let index = LineIndex::new(text);
                    // A bug in songsheet must not take the whole run down: the file gets
                    // a finding saying so, and the other files are still checked.
                    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        engine::analyze(path, text, &index, settings, &options)
                    }));
                    let analysis = checked.unwrap_or_else(|_| {
                        unreadable(
                            "songsheet failed on this file (an internal error); please report it with the file".into(),
                        )
                    });
                    // Findings are kept until the report: without spare capacity.
                    let mut analysis = analysis;
                    analysis.diagnostics.shrink_to_fit();
                    for d in &mut analysis.diagnostics {
                        d.message.shrink_to_fit();
                        if let Some(help) = &mut d.help {
                            help.shrink_to_fit();
                        }
                    }
                    analysis.drift.shrink_to_fit();
                    if let Retain::Findings { with_context } = retain {
                        // Keep the lines a finding can be on: this file's findings and
                        // the statements the run-wide drift comparison may flag.
                        let spans = analysis
                            .diagnostics
                            .iter()
                            .map(|d| d.offset..d.offset + d.length)
                            .chain(analysis.drift.iter().map(|c| c.offset..c.offset + c.length));
                        let context = if with_context { BASELINE_CONTEXT } else { 0 };
                        let excerpt = Excerpt::of(text, &index, spans, context);
                        if excerpt.size() < text.len() {
                            (None, Some(excerpt), analysis)
                        } else {
                            // Findings on nearly every line: the file itself is smaller.
                            (Some(text.to_string()), None, analysis)
                        }
                    } else {
                        (Some(text.to_string()), None, analysis)
                    }
                }
                Err(message) => (None, None, unreadable(message)),
            },
            Err(e) => (
                None,
                None,
                unreadable(format!("the file cannot be read: {e}")),
            ),
        };
        Checked {
            path: path.display().to_string(),
            source,
            excerpt,
            fail_on: fail_on(fail_on_arg, settings.fail_on),
            settings: settings.clone(),
            drift_level: settings.levels.get(crate::rules::RuleId::Drift),
            analysis,
        }
    };
    let progress = super::progress::Progress::new(show_progress);
    let count_found = || {
        if let Some(p) = &progress {
            p.found();
        }
    };
    let check_walked = |target: walk::Target| {
        // Taken out of the cell, not borrowed: a check that ran another on this thread
        // (work stealing) would find the cell empty and read into a buffer of its own.
        let mut buffer = READ_BUFFER.take();
        let read = read_reusing(&target.path, &mut buffer);
        let checked = check_target(&target.path, &target.settings, read);
        if buffer.len() <= KEPT_READ_BUFFER {
            READ_BUFFER.set(buffer);
        }
        if let Some(p) = &progress {
            p.tick();
        }
        checked
    };
    let mut run_all = || -> Result<Vec<Checked>, SetupError> {
        let mut results = if input.jobs == Some(1) {
            // One thread: find every file, then check them.
            let mut targets = Vec::new();
            walk::discover(&files, &mut resolver, input.force_exclude, |t| {
                count_found();
                targets.push(t)
            })?;
            targets.into_iter().map(check_walked).collect()
        } else {
            // Files are checked as the walk finds them: the walk (a few per cent of a
            // run, one thread) overlaps the checks on the others. Each check is a task
            // of this pool; the walk runs on one of its threads, which joins the
            // checks when the walk is done.
            let checked = std::sync::Mutex::new(Vec::new());
            let lock = || {
                checked
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            };
            rayon::scope(|scope| {
                let mut found: usize = 0;
                walk::discover(&files, &mut resolver, input.force_exclude, |target| {
                    count_found();
                    found += 1;
                    scope.spawn(move |_| {
                        let one = check_walked(target);
                        lock().push(one);
                    });
                })?;
                // The walk ends early in the run: room for every result now, so that
                // the results (kept to the end) are not copied as the vector doubles,
                // which on 49,000 files briefly held twice their memory.
                let mut results = lock();
                let more = found.saturating_sub(results.len());
                results.reserve_exact(more);
                Ok::<(), SetupError>(())
            })?;
            checked
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some((name, bytes, settings)) = &stdin_target {
            results.push(check_target(name, settings, Ok(bytes)));
        }
        Ok(results)
    };
    let mut results = match input.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build()
        {
            Ok(pool) => pool.install(run_all),
            Err(_) => run_all(),
        },
        None => run_all(),
    }?;
    if let Some(p) = &progress {
        p.finish();
    }
    results.sort_by(|a, b| a.path.cmp(&b.path));
    // The run-wide rules see every document of the run, in path order.
    let mut documents: Vec<(String, Option<Severity>, Analysis)> = results
        .iter_mut()
        .map(|r| {
            (
                std::mem::take(&mut r.path),
                r.drift_level,
                std::mem::take(&mut r.analysis),
            )
        })
        .collect();
    engine::compare_documents(&mut documents);
    let mut settings: Vec<Arc<Settings>> = Vec::new();
    for r in &results {
        if !settings.iter().any(|s| Arc::ptr_eq(s, &r.settings)) {
            settings.push(r.settings.clone());
        }
    }
    let mut fail_levels = Vec::with_capacity(results.len());
    let mut file_settings = Vec::with_capacity(results.len());
    let mut coverage = Vec::with_capacity(results.len());
    // --changed and --changed-lines narrow what is reported, after every file (and the
    // run-wide comparison) has been read.
    let reported = |path: &str| match &changes {
        Some(c) if input.changed.is_some() => c.touches_file(Path::new(path)),
        _ => true,
    };
    let files = results
        .into_iter()
        .zip(documents)
        .filter(|(_, (path, _, _))| reported(path))
        .map(|(r, (path, _, mut analysis))| {
            let file = FileResult {
                path,
                source: r.source,
                excerpt: r.excerpt,
                diagnostics: Vec::new(),
                personas: Vec::new(),
            };
            if let (Some(c), true) = (&changes, input.changed_lines) {
                let positions = file.positions();
                analysis.diagnostics.retain(|d| {
                    let first = positions.at(d.offset).line;
                    let last = positions.at(d.offset + d.length).line;
                    (first..=last).any(|line| c.touches_line(Path::new(&file.path), line))
                });
            }
            fail_levels.push(r.fail_on);
            file_settings.push(r.settings.clone());
            coverage.push(analysis.coverage);
            FileResult {
                diagnostics: analysis.diagnostics,
                personas: analysis.personas,
                ..file
            }
        })
        .collect();
    Ok(Outcome {
        files,
        used_defaults: resolver.used_defaults,
        fail_on: fail_levels,
        coverage,
        settings,
        file_settings,
        options,
    })
}

/// `--fail-on` wins over the config's `fail_on`; the default is `error`.
pub fn fail_on(cli: Option<FailOnArg>, config: Option<FailOn>) -> FailOn {
    match cli {
        Some(FailOnArg::Error) => FailOn::At(Severity::Error),
        Some(FailOnArg::Warning) => FailOn::At(Severity::Warning),
        Some(FailOnArg::Info) => FailOn::At(Severity::Info),
        Some(FailOnArg::Never) => FailOn::Never,
        None => config.unwrap_or(FailOn::At(Severity::Error)),
    }
}

/// Renders a setup error with miette (spans into the user's TOML).
pub fn render_setup_error(error: &SetupError, stderr: &mut dyn Write) {
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    // A config may come from a pull request and sit beside secrets: an error quotes only
    // the offending line, never its neighbours.
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(0);
    let mut rendered = String::new();
    match error {
        SetupError::Config(errors) => {
            for e in errors {
                let _ = handler.render_report(&mut rendered, e);
                rendered.push('\n');
            }
            let problems = match errors.len() {
                1 => "1 problem".to_string(),
                n => format!("{n} problems"),
            };
            rendered.push_str(&format!(
                "songsheet: {problems} in the configuration; nothing was checked.\n"
            ));
        }
        other => {
            let _ = handler.render_report(&mut rendered, other);
        }
    }
    let _ = write!(stderr, "{rendered}");
}

/// `songsheet baseline`: checks the files and writes every finding to `--output`.
pub fn run_baseline(args: &BaselineArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let stdin = match read_stdin(&args.input, stderr) {
        Ok(stdin) => stdin,
        Err(code) => return code,
    };
    let retain = Retain::Findings { with_context: true };
    let outcome = match check_files(&args.input, None, stdin.as_deref(), false, false, retain) {
        Ok(o) => o,
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    let baseline = Baseline::of(&outcome.files);
    let written = write_atomically(&args.output, Durability::Durable, |w| {
        serde_json::to_writer_pretty(&mut *w, &baseline)?;
        writeln!(w)
    });
    match written {
        Ok(()) => {
            let _ = writeln!(
                stdout,
                "Wrote {} finding(s) from {} file(s) to {}. Check against it with: songsheet check --baseline {}",
                baseline.findings.len(),
                outcome.files.len(),
                args.output.display(),
                args.output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write {}: {e}", args.output.display());
            EXIT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_buffer_gives_each_file_exactly_its_bytes() {
        let dir = tempfile::TempDir::new().unwrap();
        // Larger than the first size of the buffer, then smaller (no bytes of the
        // larger file may show), empty, and larger again.
        let large: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        // Past the size a thread keeps: read to its size, not doubled beyond it.
        let very_large: Vec<u8> = (0..(KEPT_READ_BUFFER as u32 + 100_000))
            .map(|i| (i % 241) as u8)
            .collect();
        let files: [(&str, &[u8]); 5] = [
            ("large.md", &large),
            ("small.md", b"# Small\n"),
            ("empty.md", b""),
            ("larger.md", &[b'x'; 300_000]),
            ("very-large.md", &very_large),
        ];
        let mut buffer = Vec::new();
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(read_reusing(&path, &mut buffer).unwrap(), bytes, "{name}");
        }
        assert!(
            buffer.len() < very_large.len() + (1 << 20),
            "a {} byte file grew the buffer to {} bytes",
            very_large.len(),
            buffer.len()
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_an_error() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut buffer = Vec::new();
        assert!(read_reusing(&dir.path().join("missing.md"), &mut buffer).is_err());
        // A directory opens on Unix but cannot be read.
        assert!(read_reusing(dir.path(), &mut buffer).is_err());
    }
}
