//! One module per subcommand. Each returns the process exit code.

pub mod check;
pub mod coverage;
pub mod explain;
pub mod fix;
pub mod glossary;
pub mod init;
pub mod progress;

/// Exit code: no finding at or above `--fail-on`.
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one finding at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, config or glossary error; nothing was linted.
pub const EXIT_ERROR: u8 = 2;
