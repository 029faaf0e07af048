//! Human-readable reports rendered by miette: the source line, the span underlined,
//! the rule and entry, and a help line with the approved wording.

use super::{FileResult, ReportOptions};
use crate::diagnostic::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use std::fmt;
use std::io::{self, Write};

/// One finding as a miette diagnostic.
struct Finding<'a> {
    diagnostic: &'a Diagnostic,
    code: String,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let d = self.diagnostic;
        // The label says what to write when there is a fix; otherwise the underline
        // and the message above it say enough.
        let label = d
            .fix
            .as_ref()
            .map(|fix| format!("write {}", fix.replacement));
        Some(Box::new(std::iter::once(LabeledSpan::new(
            label, d.offset, d.length,
        ))))
    }
}

pub fn write(files: &[FileResult], options: ReportOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut all = Vec::new();
    for file in files {
        for d in &file.diagnostics {
            all.push(d.clone());
            let code = match &d.entry {
                Some(entry) => format!("{}({entry})", d.rule.name()),
                None => d.rule.name().to_string(),
            };
            let source = file
                .source
                .as_ref()
                .map(|s| NamedSource::new(file.path.clone(), s.clone()));
            let finding = Finding {
                diagnostic: d,
                code,
                source,
            };
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &finding)
                .map_err(io::Error::other)?;
            if file.source.is_none() {
                rendered = format!("{}: {}", file.path, rendered.trim_start());
            }
            writeln!(out, "{rendered}")?;
        }
    }
    if !options.quiet {
        let (errors, warnings, infos) = crate::engine::count(&all);
        writeln!(out, "{}", summary(files.len(), errors, warnings, infos))?;
        if let Some(b) = options.baseline {
            writeln!(
                out,
                "The baseline hid {} known finding(s); {} baseline entr{} no longer match (fixed or changed).",
                b.known,
                b.stale,
                if b.stale == 1 { "y" } else { "ies" }
            )?;
        }
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "3 errors, 1 warning and 2 infos in 4 files."
fn summary(files: usize, errors: usize, warnings: usize, infos: usize) -> String {
    let in_files = plural(files, "file", "files");
    if errors + warnings + infos == 0 {
        return format!("No findings in {in_files}.");
    }
    format!(
        "Found {}, {} and {} in {in_files}.",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(infos, "info", "infos")
    )
}
