//! Checkstyle XML, written with `quick-xml` (escaping included).

use super::FileResult;
use crate::diagnostic::Severity;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;
use std::io::{self, Write};

pub fn write(files: &[FileResult], out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("checkstyle");
    root.push_attribute(("version", "4.3"));
    w.write_event(Event::Start(root))?;
    for file in files {
        let mut f = BytesStart::new("file");
        f.push_attribute(("name", file.path.as_str()));
        w.write_event(Event::Start(f))?;
        let positions = file.positions();
        for d in &file.diagnostics {
            let p = positions.at(d.offset);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let line = p.line.to_string();
            let column = p.column.to_string();
            let source = format!("songsheet.{}", d.rule.name());
            let mut e = BytesStart::new("error");
            e.push_attribute(("line", line.as_str()));
            e.push_attribute(("column", column.as_str()));
            e.push_attribute(("severity", severity));
            e.push_attribute(("message", d.message.as_str()));
            e.push_attribute(("source", source.as_str()));
            w.write_event(Event::Empty(e))?;
        }
        w.write_event(Event::End(BytesEnd::new("file")))?;
    }
    w.write_event(Event::End(BytesEnd::new("checkstyle")))?;
    writeln!(out)
}
