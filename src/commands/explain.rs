//! `songsheet explain [RULE]` and `--list`.

use super::{EXIT_ERROR, EXIT_OK};
use crate::cli::ExplainArgs;
use crate::rules::{RuleId, RULES};
use std::io::Write;

/// Prints a rule's documentation, or the list of rules.
pub fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match (&args.rule, args.list) {
        (Some(name), false) => match RuleId::from_name(name) {
            Some(id) => {
                write!(out, "{}", id.info().doc)?;
                Ok(EXIT_OK)
            }
            None => {
                write!(err, "error: there is no rule `{name}`")?;
                if let Some(s) = RuleId::suggest(name) {
                    write!(err, "; did you mean `{s}`?")?;
                }
                writeln!(err, "\nhelp: `songsheet explain --list` lists every rule")?;
                Ok(EXIT_ERROR)
            }
        },
        _ => {
            let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in RULES {
                writeln!(
                    out,
                    "{:width$}  {:7}  {}",
                    r.name,
                    r.default.as_str(),
                    r.summary
                )?;
            }
            Ok(EXIT_OK)
        }
    }
}
