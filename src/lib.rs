//! songsheet keeps marketing and sales singing from the same song sheet: it checks
//! Markdown collateral and sales scripts against a shared glossary of approved claims,
//! promises, personas, terms and disclaimers.
//!
//! Data flows one way: [`walk`] finds files → [`markdown`] parses each into prose blocks
//! with byte spans → [`glossary::Matcher`] and [`rules`] produce [`diagnostic::Diagnostic`]s
//! in [`engine`] → [`report`] prints them.

#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

pub mod atomic;
pub mod audit;
pub mod baseline;
pub mod cli;
pub mod commands;
pub mod coverage;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod fix;
pub mod git;
pub mod glossary;
pub mod invariants;
pub mod lsp;
pub mod markdown;
pub mod quantity;
pub mod readability;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod walk;

#[cfg(test)]
mod testing;
