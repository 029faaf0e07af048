//! The command line, as typed: clap structs and nothing else.

use crate::report::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Keeps marketing and sales singing from the same song sheet.
#[derive(Debug, Parser)]
#[command(name = "songsheet", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown, MDX and text files against the glossary.
    Check(CheckArgs),
    /// Print a rule's documentation; --list lists every rule.
    Explain(ExplainArgs),
    /// Validate the glossary, or show what was loaded.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    /// Write a commented starter songsheet.toml and glossary (never overwrites).
    Init(InitArgs),
    /// Where each claim, promise, disclaimer and persona message is used, and which are never used.
    Coverage(CoverageArgs),
    /// Record today's findings, so `check --baseline FILE` reports only new ones.
    Baseline(BaselineArgs),
    /// Apply safe fixes in place (--diff: print a unified diff, change nothing).
    Fix(FixArgs),
    /// Run the language server over standard input and output.
    Lsp,
}

/// `songsheet glossary …`.
#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Validate every entry, run every entry's examples, and warn about entries that
    /// cannot work as written. Exit 2 on config errors, 1 when an example fails.
    Check(GlossaryCheckArgs),
    /// Print what was loaded, from which files, after merging.
    Show(GlossaryShowArgs),
}

/// `songsheet glossary check`.
#[derive(Debug, Args)]
pub struct GlossaryCheckArgs {
    /// The config to check [default: the nearest songsheet.toml from the current directory].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date expiry is judged against [default: today's local date].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
}

/// Output formats of `glossary show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A readable listing.
    Text,
    /// JSON for tools.
    Json,
}

/// `songsheet glossary show`.
#[derive(Debug, Args)]
pub struct GlossaryShowArgs {
    /// The config to show [default: the nearest songsheet.toml from the current directory].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

/// `songsheet init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The directory to write the starter files into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

/// `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// One-pagers, landing copy, battlecards.
    Collateral,
    /// Talk tracks and call scripts: speaker turns.
    Script,
}

/// What to read and how to classify it: shared by `check` and `coverage`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to check; "-" reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Use this config for every file instead of discovering songsheet.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check every file as written for this persona (repeatable).
    #[arg(long, value_name = "ID")]
    pub persona: Vec<String>,
    /// Check every file as this kind of document.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The date claims' expiry is judged against [default: today's local date].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<jiff::civil::Date>,
    /// The file name to report (and to pick the format and [[paths]]) for "-".
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Number of files checked in parallel [default: the number of CPUs].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Apply the config's `exclude` even to files named on the command line (for
    /// pre-commit and editors, which pass file names).
    #[arg(long)]
    pub force_exclude: bool,
    /// Report only files changed against REF (default: the merge base with the default
    /// branch) and untracked files. Every file is still read, so `drift` compares
    /// against the whole corpus.
    #[arg(long, value_name = "REF", num_args = 0..=1, default_missing_value = "")]
    pub changed: Option<String>,
    /// Report only findings on lines the diff adds or changes (with --changed's base).
    #[arg(long)]
    pub changed_lines: bool,
    /// Let configs read glossaries outside their directory and git repository (only
    /// for configs you trust: a content repository's config comes from pull requests).
    #[arg(long)]
    pub allow_external_glossaries: bool,
    /// Load every glossary from its files, neither reading nor writing the glossary
    /// cache (kept in $SONGSHEET_CACHE_DIR, or songsheet/ in the user's cache
    /// directory).
    #[arg(long)]
    pub no_cache: bool,
}

/// `songsheet check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, classification and date.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "pretty")]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this level is reported [default: error, or the config's fail_on].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Report only findings not in this baseline (see `songsheet baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Never use colour.
    #[arg(long)]
    pub no_color: bool,
    /// Print only findings: no summary, no notices.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `songsheet fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files, classification and date.
    #[command(flatten)]
    pub input: InputArgs,
    /// Also apply unsafe fixes (in headings, link text and front matter, where a change
    /// can break an anchor or a URL).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes and change nothing.
    #[arg(long)]
    pub diff: bool,
    /// Format of the findings that remain.
    #[arg(long, value_enum, default_value = "pretty")]
    pub format: OutputFormat,
    /// Exit 1 when a remaining finding is at or above this level [default: error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Never use colour.
    #[arg(long)]
    pub no_color: bool,
    /// Print only findings: no summary, no notices.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `songsheet baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Files, classification and date.
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the baseline (JSON).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Output formats of `coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// A readable table.
    Table,
    /// JSON for tools.
    Json,
    /// One row per use, for spreadsheets.
    Csv,
}

/// `songsheet coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Files, classification and date.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CoverageFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `songsheet explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule to explain.
    pub rule: Option<String>,
    /// List every rule with its default severity.
    #[arg(long)]
    pub list: bool,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23"))
}
