//! `songsheet glossary check` and `songsheet glossary show`.

use super::check::render_setup_error;
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::audit::{audit, NoteLevel};
use crate::cli::{GlossaryCommand, ShowFormat};
use crate::error::SetupError;
use crate::glossary::{EntryMeta, Glossary, Statement};
use crate::settings::Settings;
use crate::walk::SettingsResolver;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Runs a `glossary` subcommand; returns the exit code.
pub fn run(command: &GlossaryCommand, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let config = match command {
        GlossaryCommand::Check(a) => a.config.as_deref(),
        GlossaryCommand::Show(a) => a.config.as_deref(),
    };
    let settings = match settings_here(config) {
        Ok((settings, used_defaults)) => {
            if used_defaults {
                let _ = writeln!(
                    stderr,
                    "note: no songsheet.toml found; showing the embedded `core` ruleset only"
                );
            }
            settings
        }
        Err(e) => {
            render_setup_error(&e, stderr);
            return EXIT_ERROR;
        }
    };
    let written = match command {
        GlossaryCommand::Check(args) => {
            let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
            check(&settings, today, stdout)
        }
        GlossaryCommand::Show(args) => match args.format {
            ShowFormat::Text => show_text(&settings.glossary, stdout).map(|_| EXIT_OK),
            ShowFormat::Json => {
                let v = show_json(&settings.glossary);
                serde_json::to_writer_pretty(&mut *stdout, &v)
                    .map_err(std::io::Error::from)
                    .and_then(|_| writeln!(stdout))
                    .map(|_| EXIT_OK)
            }
        },
    };
    written.unwrap_or_else(|e| {
        // A reader that stopped early (`| head`) is not an error.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return EXIT_OK;
        }
        let _ = writeln!(stderr, "error: cannot write the output: {e}");
        EXIT_ERROR
    })
}

/// The settings for the current directory (or `--config`), and whether none was found.
fn settings_here(config: Option<&Path>) -> Result<(Arc<Settings>, bool), SetupError> {
    let cwd = std::env::current_dir()
        .map_err(|e| SetupError::usage(format!("cannot read the working directory: {e}"), None))?;
    let mut resolver = SettingsResolver::new(config, &cwd)?;
    let settings = resolver.for_dir(Path::new("."))?;
    Ok((settings, resolver.used_defaults))
}

fn check(
    settings: &Settings,
    today: jiff::civil::Date,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let notes = audit(settings, today);
    for n in &notes {
        let level = match n.level {
            NoteLevel::Warning => "warning",
            NoteLevel::Error => "error",
        };
        writeln!(
            out,
            "{}:{}: {level}[{}] {}",
            n.origin, n.line, n.entry, n.message
        )?;
    }
    let entries = settings.glossary.entries();
    let examples: usize = entries
        .iter()
        .map(|(m, _)| m.flag_examples.len() + m.pass_examples.len())
        .sum();
    let failed = notes.iter().filter(|n| n.level == NoteLevel::Error).count();
    let warnings = notes.len() - failed;
    writeln!(
        out,
        "Checked {} entries from {} file(s), ran {examples} example(s): {failed} failed, {warnings} warning(s).",
        entries.len(),
        settings.glossary.sources.len(),
    )?;
    Ok(if failed > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn show_text(g: &Glossary, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Loaded from:")?;
    for source in &g.sources {
        let count = g
            .entries()
            .iter()
            .filter(|(m, _)| &*m.origin == source.as_str())
            .count();
        writeln!(out, "  {source} ({count} entries)")?;
    }
    let at = |m: &EntryMeta| format!("{}:{}", m.origin, m.line);
    writeln!(out, "\nTerms ({})", g.terms.len())?;
    for t in &g.terms {
        writeln!(
            out,
            "  {}: use \u{201c}{}\u{201d}, not {}  [{}]",
            t.meta.id,
            t.use_form,
            list(&t.avoid),
            at(&t.meta)
        )?;
    }
    writeln!(out, "\nBanned ({})", g.banned.len())?;
    for b in &g.banned {
        writeln!(
            out,
            "  {}: {}  [{}]",
            b.meta.id,
            list(&b.phrases),
            at(&b.meta)
        )?;
    }
    for (title, statements) in [("Claims", &g.claims), ("Promises", &g.promises)] {
        writeln!(out, "\n{title} ({})", statements.len())?;
        for s in statements.iter() {
            writeln!(
                out,
                "  {}: \u{201c}{}\u{201d}  [{}]",
                s.meta.id,
                s.text,
                at(&s.meta)
            )?;
            let mut details = Vec::new();
            if let Some(v) = &s.value {
                details.push(format!("value {}", v.text));
            }
            if let Some(e) = s.expires {
                details.push(format!("expires {e}"));
            }
            if !s.personas.is_empty() {
                details.push(format!("for {}", s.personas.join(", ")));
            }
            if s.cite {
                details.push("needs a citation".into());
            }
            if let Some(d) = &s.disclaimer {
                details.push(format!("disclaimer {d}"));
            }
            if let Some(src) = &s.source {
                details.push(format!("source {src}"));
            }
            if !details.is_empty() {
                writeln!(out, "      {}", details.join("; "))?;
            }
        }
    }
    writeln!(out, "\nDisclaimers ({})", g.disclaimers.len())?;
    for d in &g.disclaimers {
        writeln!(
            out,
            "  {}: \u{201c}{}\u{201d}  [{}]",
            d.meta.id,
            d.text,
            at(&d.meta)
        )?;
    }
    writeln!(out, "\nPersonas ({})", g.personas.len())?;
    for p in &g.personas {
        let grade = p
            .max_grade
            .map(|g| format!("; max grade {g}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} ({}): messages {}; avoid {}{grade}  [{}]",
            p.meta.id,
            p.display_name(),
            list(&p.messages),
            list(&p.avoid),
            at(&p.meta)
        )?;
    }
    Ok(())
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "(none)".into();
    }
    crate::rules::quote_list(items)
}

fn meta_json(m: &EntryMeta) -> Value {
    json!({
        "id": m.id,
        "origin": &*m.origin,
        "line": m.line,
        "severity": m.severity.map(|s| s.as_str()),
        "message": m.message,
        "examples": {"flag": m.flag_examples, "pass": m.pass_examples},
    })
}

fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

fn statement_json(s: &Statement) -> Value {
    with(
        meta_json(&s.meta),
        json!({
            "text": s.text,
            "patterns": s.patterns.iter().map(|p| p.written.as_str()).collect::<Vec<_>>(),
            "value": s.value.as_ref().map(|v| v.text.as_str()),
            "source": s.source,
            "expires": s.expires.map(|d| d.to_string()),
            "personas": s.personas,
            "cite": s.cite,
            "disclaimer": s.disclaimer,
        }),
    )
}

/// The loaded glossary as JSON: sources and every entry with its origin.
pub fn show_json(g: &Glossary) -> Value {
    json!({
        "version": 1,
        "sources": g.sources,
        "terms": g.terms.iter().map(|t| with(meta_json(&t.meta), json!({"use": t.use_form, "avoid": t.avoid}))).collect::<Vec<_>>(),
        "banned": g.banned.iter().map(|b| with(meta_json(&b.meta), json!({"phrases": b.phrases}))).collect::<Vec<_>>(),
        "claims": g.claims.iter().map(statement_json).collect::<Vec<_>>(),
        "promises": g.promises.iter().map(statement_json).collect::<Vec<_>>(),
        "disclaimers": g.disclaimers.iter().map(|d| with(meta_json(&d.meta), json!({"text": d.text}))).collect::<Vec<_>>(),
        "personas": g.personas.iter().map(|p| with(meta_json(&p.meta), json!({
            "name": p.name, "messages": p.messages, "avoid": p.avoid, "max_grade": p.max_grade,
        }))).collect::<Vec<_>>(),
    })
}
