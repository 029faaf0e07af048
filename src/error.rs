//! Errors in configs and glossaries: rendered by miette, pointing at the exact span.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::ops::Range;

/// A problem in a user's TOML (or a path it names). Nothing is linted when one occurs.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct ConfigError {
    /// What is wrong, naming the entry where there is one.
    pub message: String,
    /// The file the span points into.
    #[source_code]
    pub src: NamedSource<String>,
    /// The offending text.
    #[label("{label}")]
    pub span: SourceSpan,
    /// Short text shown under the span.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    /// An error at `span` of the file `name` with contents `text`.
    pub fn new(
        name: &str,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> ConfigError {
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        ConfigError {
            message: message.into(),
            src: NamedSource::new(name, text.to_string()),
            span: (start, end - start).into(),
            label: label.into(),
            help,
        }
    }

    /// The 1-based line the error points at (for tests and plain output).
    pub fn line(&self) -> usize {
        use miette::SourceCode;
        self.src
            .read_span(&self.span, 0, 0)
            .map(|s| s.line() + 1)
            .unwrap_or(1)
    }
}

/// Any error that stops a run before linting (exit code 2).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum SetupError {
    /// One or more problems in config or glossary files.
    #[error("the configuration has problems")]
    Config(#[related] Vec<ConfigError>),
    /// A file or directory could not be read, or a usage problem.
    #[error("{message}")]
    Usage {
        /// What went wrong.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
}

impl SetupError {
    /// A usage error with an optional hint.
    pub fn usage(message: impl Into<String>, help: Option<&str>) -> SetupError {
        SetupError::Usage {
            message: message.into(),
            help: help.map(str::to_string),
        }
    }
}
