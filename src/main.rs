use clap::Parser;
use songsheet::cli::{Cli, Command};
use songsheet::commands;
use std::process::ExitCode;

/// jemalloc rather than the system allocator: loading a large glossary allocates
/// hundreds of thousands of small strings, which glibc's malloc serves slowly, and large
/// runs keep less memory (BENCHMARKS.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    // Not locked: the progress bar writes to standard error from worker threads, and a
    // lock held here for the whole run would block it forever.
    let mut stderr = std::io::stderr();
    let code = match &cli.command {
        Command::Check(args) => commands::check::run(args, &mut stdout, &mut stderr),
        Command::Explain(args) => {
            commands::explain::run(args, &mut stdout, &mut stderr).unwrap_or(commands::EXIT_ERROR)
        }
        Command::Glossary(command) => commands::glossary::run(command, &mut stdout, &mut stderr),
        Command::Init(args) => commands::init::run(args, &mut stdout, &mut stderr),
        Command::Coverage(args) => commands::coverage::run(args, &mut stdout, &mut stderr),
        Command::Baseline(args) => commands::check::run_baseline(args, &mut stdout, &mut stderr),
        Command::Fix(args) => commands::fix::run(args, &mut stdout, &mut stderr),
        Command::Lsp => {
            // The server owns standard output.
            drop(stdout);
            songsheet::lsp::run()
        }
    };
    ExitCode::from(code)
}
