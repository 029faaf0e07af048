//! `path:line:column: severity[rule] message`, one line per finding.

use super::FileResult;
use std::io::{self, Write};

pub fn write(files: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        let positions = file.positions();
        for d in &file.diagnostics {
            let p = positions.at(d.offset);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path,
                p.line,
                p.column,
                d.severity,
                d.rule.name(),
                d.message.replace('\n', " ")
            )?;
        }
    }
    Ok(())
}
