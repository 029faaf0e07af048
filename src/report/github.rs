//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation
//! per finding, escaped as the runner expects.

use super::FileResult;
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Escapes a message (the data after `::`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(files: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let positions = file.positions();
        for d in &file.diagnostics {
            let start = positions.at(d.offset);
            let end = positions.at(d.offset + d.length);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = match &d.entry {
                Some(entry) => format!("songsheet {} ({entry})", d.rule.name()),
                None => format!("songsheet {}", d.rule.name()),
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.path),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&title),
                data(&d.message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a,b: c"), "a%2Cb%3A c");
    }
}
