//! `songsheet fix`: applies safe fixes in place (or prints them as a diff), then reports
//! what is left.

use super::check::{check_files, fail_on, read_stdin, render_setup_error};
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::cli::FixArgs;
use crate::fix::{fix_source, write_if_unchanged};
use crate::report::{self, ReportOptions};
use crate::rules::RuleId;
use similar::TextDiff;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Exit code after Ctrl-C, as shells report a SIGINT death (128 + 2).
const EXIT_INTERRUPTED: u8 = 130;

/// Runs `fix`; returns the exit code.
pub fn run(args: &FixArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let stdin = match read_stdin(&args.input, stderr) {
        Ok(stdin) => stdin,
        Err(code) => return code,
    };
    let mut outcome = match check_files(
        &args.input,
        args.fail_on,
        stdin.as_deref(),
        false,
        false,
        super::check::Retain::WholeFiles,
    ) {
        Ok(o) => o,
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    let stdin_name = args
        .input
        .stdin_filename
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    let mut fixed_files = 0;
    let mut fixed_findings = 0;
    let mut conflicts = 0;
    let mut not_written = Vec::new();
    let mut would_change = false;
    // Ctrl-C while files are written: finish the file being written, write no other, and
    // say so. (Each file is replaced atomically, so none is ever half-fixed; stopping
    // here also leaves no temporary file behind.)
    let interrupted = Arc::new(AtomicBool::new(false));
    if !args.diff {
        let flag = interrupted.clone();
        // Fails only if a handler is already set, which songsheet never does twice.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    for i in 0..outcome.files.len() {
        if interrupted.load(Ordering::SeqCst) {
            let _ = writeln!(
                stderr,
                "Interrupted: fixed {fixed_files} file(s); the others were left exactly as they were."
            );
            return EXIT_INTERRUPTED;
        }
        let Some(source) = outcome.files[i].source.clone() else {
            continue;
        };
        let path = outcome.files[i].path.clone();
        let is_stdin = stdin.is_some() && path == stdin_name && !Path::new(&path).is_file();
        let has_fix = outcome.files[i].diagnostics.iter().any(|d| d.fix.is_some());
        if !has_fix {
            if is_stdin {
                let _ = stdout.write_all(source.as_bytes());
            }
            continue;
        }
        let settings = outcome.file_settings[i].clone();
        let result = fix_source(
            Path::new(&path),
            &source,
            &settings,
            &outcome.options,
            args.unsafe_fixes,
        );
        conflicts += result.conflicts;
        // Drift is judged across the run and has no fixes: keep what the run found.
        let drift: Vec<_> = outcome.files[i]
            .diagnostics
            .iter()
            .filter(|d| d.rule == RuleId::Drift)
            .cloned()
            .collect();
        let changed = result.changed(&source);
        if is_stdin {
            let _ = stdout.write_all(result.text.as_bytes());
        } else if changed && args.diff {
            would_change = true;
            let diff = TextDiff::from_lines(source.as_str(), result.text.as_str());
            let _ = write!(
                stdout,
                "{}",
                diff.unified_diff()
                    .header(&format!("a/{path}"), &format!("b/{path}"))
            );
        } else if changed {
            match write_if_unchanged(Path::new(&path), source.as_bytes(), result.text.as_bytes()) {
                Ok(()) => {}
                Err(e) => {
                    not_written.push(format!("{path}: {e}"));
                    continue;
                }
            }
        }
        if changed {
            fixed_files += 1;
            fixed_findings += result.applied;
        }
        let file = &mut outcome.files[i];
        file.source = Some(result.text);
        file.diagnostics = result.remaining;
        file.diagnostics.extend(drift);
        crate::engine::sort(&mut file.diagnostics);
    }
    // What is left goes to standard output, unless it carries the fixed text or a diff.
    let report_to_stderr = args.diff || stdin.is_some();
    let to_terminal = if report_to_stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let options = ReportOptions {
        color: !args.no_color && std::env::var_os("NO_COLOR").is_none() && to_terminal,
        quiet: args.quiet,
        fail_on: fail_on(args.fail_on, None),
        baseline: None,
    };
    let remaining = outcome
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let written = if report_to_stderr {
        report::write_report(args.format, &outcome.files, options, stderr)
    } else {
        report::write_report(args.format, &outcome.files, options, stdout)
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            return EXIT_ERROR;
        }
    }
    if !args.quiet {
        let verb = if args.diff { "Would fix" } else { "Fixed" };
        let _ = writeln!(
            stderr,
            "{verb} {fixed_findings} finding(s) in {fixed_files} file(s); {remaining} file(s) still have findings."
        );
        if conflicts > 0 {
            let _ = writeln!(
                stderr,
                "Skipped {conflicts} fix(es) that overlapped another; run fix again or edit by hand."
            );
        }
        if !args.unsafe_fixes
            && outcome
                .files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.fix.is_some())
        {
            let _ = writeln!(
                stderr,
                "Some findings have fixes that are unsafe (headings, link text, front matter): review them, or run with --unsafe-fixes."
            );
        }
    }
    for problem in &not_written {
        let _ = writeln!(stderr, "error: not written: {problem}");
    }
    if outcome.failed() || !not_written.is_empty() || would_change {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
