//! `songsheet coverage`: where each approved claim, promise, disclaimer and persona
//! message is used, and which are never used.

use super::check::{check_files, read_stdin, render_setup_error};
use super::{EXIT_ERROR, EXIT_OK};
use crate::atomic::{write_atomically, Durability};
use crate::cli::{CoverageArgs, CoverageFormat};
use crate::report::coverage::{write_csv, write_json, write_table, Coverage};
use std::io::Write;

/// Runs `coverage`; returns the exit code (0, or 2 on a usage or config error).
pub fn run(args: &CoverageArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let stdin = match read_stdin(&args.input, stderr) {
        Ok(stdin) => stdin,
        Err(code) => return code,
    };
    let outcome = match check_files(
        &args.input,
        None,
        stdin.as_deref(),
        true,
        false,
        super::check::Retain::Findings {
            with_context: false,
        },
    ) {
        Ok(o) => o,
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    if outcome.used_defaults {
        let _ = writeln!(
            stderr,
            "note: no songsheet.toml found; the embedded `core` ruleset has no claims or promises to cover"
        );
    }
    let documents: Vec<(String, Vec<crate::coverage::EntryUse>)> = outcome
        .files
        .iter()
        .map(|f| f.path.clone())
        .zip(outcome.coverage)
        .collect();
    let coverage = Coverage::build(outcome.settings.iter().map(|s| &s.glossary), &documents);
    let write = |w: &mut dyn Write| match args.format {
        CoverageFormat::Table => write_table(&coverage, w),
        CoverageFormat::Json => write_json(&coverage, w),
        CoverageFormat::Csv => write_csv(&coverage, w),
    };
    let written = match &args.output {
        Some(path) => write_atomically(path, Durability::Regenerable, write),
        None => write(stdout),
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write the report: {e}");
            EXIT_ERROR
        }
    }
}
