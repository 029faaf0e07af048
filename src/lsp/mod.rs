//! `songsheet lsp`: a language server over standard input and output. Diagnostics on
//! open, change (debounced) and save; quick fixes for every fix and "fix all"; hovers on
//! matched claims, promises and terms; the config and glossaries reload when they change,
//! and their errors appear as diagnostics on the config file.

pub mod position;
mod transport;

use crate::diagnostic::{Applicability, Diagnostic as Finding, Severity};
use crate::engine::{self, RunOptions};
use crate::error::{ConfigError, SetupError};
use crate::glossary::cache::GlossaryCache;
use crate::settings::{LoadOptions, Settings};
use crate::walk::SettingsResolver;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use position::{Encoding, Text};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long typing must pause before a changed document is checked again.
const DEBOUNCE: Duration = Duration::from_millis(150);

struct Document {
    text: String,
    version: i32,
}

struct Server {
    connection: Connection,
    encoding: Encoding,
    documents: HashMap<lsp::Uri, Document>,
    resolver: Option<SettingsResolver>,
    /// Documents changed since they were last checked, and when to check them.
    pending: HashMap<lsp::Uri, Instant>,
    /// Config files that currently show errors (to clear them once fixed).
    config_errors: HashSet<lsp::Uri>,
    shutdown: bool,
}

/// Runs the server until the client says `exit`. Returns the process exit code: 0 after
/// a proper shutdown, 1 otherwise (as the protocol asks).
pub fn run() -> u8 {
    let (connection, writer) = transport::stdio();
    let code = serve(connection).unwrap_or(1);
    let _ = writer.join();
    code
}

fn serve(connection: Connection) -> Result<u8, Box<dyn std::error::Error>> {
    // The handshake: answer `initialize`, then wait for `initialized`.
    let (id, params) = loop {
        match connection.receiver.recv()? {
            Message::Request(r) if r.method == "initialize" => break (r.id, r.params),
            Message::Request(r) => {
                let error = Response::new_err(
                    r.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "not initialized".into(),
                );
                connection.sender.send(error.into())?;
            }
            Message::Notification(n) if n.method == "exit" => return Ok(1),
            _ => {}
        }
    };
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    let encoding = if offers_utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "songsheet", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .sender
        .send(Response::new_ok(id, result).into())?;
    let mut server = Server {
        connection,
        encoding,
        documents: HashMap::new(),
        resolver: None,
        pending: HashMap::new(),
        config_errors: HashSet::new(),
        shutdown: false,
    };
    server.main_loop()
}

impl Server {
    fn main_loop(&mut self) -> Result<u8, Box<dyn std::error::Error>> {
        loop {
            let next = self.pending.values().min().copied();
            let message = match next {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(1),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(1),
                },
            };
            match message {
                None => self.check_due(),
                Some(Message::Request(r)) => self.request(r)?,
                Some(Message::Notification(n)) => {
                    if n.method == "exit" {
                        return Ok(if self.shutdown { 0 } else { 1 });
                    }
                    self.notification(n)
                }
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn request(&mut self, r: Request) -> Result<(), Box<dyn std::error::Error>> {
        if self.shutdown {
            self.send(
                Response::new_err(
                    r.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                )
                .into(),
            );
            return Ok(());
        }
        let response = match r.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Response::new_ok(r.id, Value::Null)
            }
            "textDocument/codeAction" => {
                match serde_json::from_value::<lsp::CodeActionParams>(r.params) {
                    Ok(p) => Response::new_ok(r.id, self.code_actions(&p)),
                    Err(e) => invalid_params(r.id, e),
                }
            }
            "textDocument/hover" => match serde_json::from_value::<lsp::HoverParams>(r.params) {
                Ok(p) => Response::new_ok(r.id, self.hover(&p)),
                Err(e) => invalid_params(r.id, e),
            },
            other => Response::new_err(
                r.id,
                ErrorCode::MethodNotFound as i32,
                format!("songsheet does not handle {other}"),
            ),
        };
        self.send(response.into());
        Ok(())
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    self.documents.insert(
                        uri.clone(),
                        Document {
                            text: p.text_document.text,
                            version: p.text_document.version,
                        },
                    );
                    self.check(&uri);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                {
                    let uri = p.text_document.uri;
                    let encoding = self.encoding;
                    if let Some(doc) = self.documents.get_mut(&uri) {
                        for change in p.content_changes {
                            match change.range {
                                None => doc.text = change.text,
                                Some(range) => {
                                    let text = Text::new(&doc.text, encoding);
                                    let (start, end) =
                                        (text.offset(range.start), text.offset(range.end));
                                    let (start, end) = (start.min(end), end.max(start));
                                    doc.text.replace_range(start..end, &change.text);
                                }
                            }
                        }
                        doc.version = p.text_document.version;
                        self.pending.insert(uri, Instant::now() + DEBOUNCE);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) {
                    let path = uri_path(&p.text_document.uri);
                    if path
                        .as_ref()
                        .is_some_and(|p| p.extension().is_some_and(|e| e == "toml"))
                    {
                        self.reload();
                    } else {
                        self.check(&p.text_document.uri);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    self.documents.remove(&p.text_document.uri);
                    self.pending.remove(&p.text_document.uri);
                    self.publish(&p.text_document.uri, Vec::new(), None);
                }
            }
            "workspace/didChangeWatchedFiles" => self.reload(),
            _ => {}
        }
    }

    /// The config or a glossary changed: forget every loaded config and check again.
    fn reload(&mut self) {
        self.resolver = None;
        let uris: Vec<lsp::Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.check(&uri);
        }
    }

    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<lsp::Uri> = self
            .pending
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.check(&uri);
        }
    }

    /// The settings for a file, or the config errors to show.
    fn settings_for(&mut self, path: &Path) -> Result<Arc<Settings>, SetupError> {
        if self.resolver.is_none() {
            let cwd = std::env::current_dir().unwrap_or_default();
            // The same glossary cache as `check`: opening the first document then
            // reads the compiled glossary instead of parsing it (a cache is validated by
            // content, so an edited glossary is never served stale).
            let options = LoadOptions {
                allow_external: false,
                cache: GlossaryCache::user_default(),
            };
            self.resolver = Some(SettingsResolver::with_options(None, &cwd, options)?);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        match &mut self.resolver {
            Some(r) => r.for_dir(dir),
            None => Err(SetupError::usage("no settings", None)),
        }
    }

    fn findings(&mut self, uri: &lsp::Uri) -> Option<(PathBuf, Arc<Settings>, Vec<Finding>)> {
        let path = uri_path(uri)?;
        let settings = match self.settings_for(&path) {
            Ok(s) => s,
            Err(e) => {
                self.show_config_errors(&e);
                return None;
            }
        };
        self.clear_config_errors();
        let text = &self.documents.get(uri)?.text;
        let options = run_options();
        let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine::check_source(&path, text, &settings, &options)
        }))
        .unwrap_or_default();
        Some((path, settings, findings))
    }

    fn check(&mut self, uri: &lsp::Uri) {
        self.pending.remove(uri);
        let version = self.documents.get(uri).map(|d| d.version);
        let Some((_, _, findings)) = self.findings(uri) else {
            return;
        };
        let Some(doc) = self.documents.get(uri) else {
            return;
        };
        let text = Text::new(&doc.text, self.encoding);
        let diagnostics = findings.iter().map(|f| to_lsp(f, &text)).collect();
        self.publish(uri, diagnostics, version);
    }

    fn publish(&self, uri: &lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        let params = lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".into(), params).into());
    }

    fn show_config_errors(&mut self, error: &SetupError) {
        let errors: Vec<&ConfigError> = match error {
            SetupError::Config(errors) => errors.iter().collect(),
            SetupError::Usage { .. } => Vec::new(),
        };
        let mut by_file: HashMap<String, Vec<lsp::Diagnostic>> = HashMap::new();
        for e in errors {
            use miette::SourceCode;
            let name = e.src.name().to_string();
            let Ok(contents) = e.src.read_span(&(0, 0).into(), 0, usize::MAX) else {
                continue;
            };
            let source = String::from_utf8_lossy(contents.data()).into_owned();
            let text = Text::new(&source, self.encoding);
            let start = e.span.offset();
            let mut message = e.message.clone();
            if let Some(help) = &e.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            by_file.entry(name).or_default().push(lsp::Diagnostic {
                range: text.range(start, start + e.span.len()),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("songsheet".into()),
                message,
                ..Default::default()
            });
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        for (name, diagnostics) in by_file {
            if let Some(uri) = path_uri(&cwd.join(name)) {
                self.publish(&uri, diagnostics, None);
                self.config_errors.insert(uri);
            }
        }
    }

    fn clear_config_errors(&mut self) {
        for uri in std::mem::take(&mut self.config_errors) {
            self.publish(&uri, Vec::new(), None);
        }
    }

    fn code_actions(&mut self, p: &lsp::CodeActionParams) -> Value {
        let uri = &p.text_document.uri;
        let Some((path, settings, findings)) = self.findings(uri) else {
            return Value::Array(Vec::new());
        };
        let Some(doc) = self.documents.get(uri) else {
            return Value::Array(Vec::new());
        };
        let text = Text::new(&doc.text, self.encoding);
        let (start, end) = (text.offset(p.range.start), text.offset(p.range.end));
        let mut actions = Vec::new();
        for f in &findings {
            let Some(fix) = &f.fix else { continue };
            let overlaps = f.offset <= end && start <= f.offset + f.length;
            if !overlaps {
                continue;
            }
            let edit = lsp::TextEdit::new(
                text.range(fix.offset, fix.offset + fix.length),
                fix.replacement.clone(),
            );
            let safe = fix.applicability == Applicability::Safe;
            actions.push(lsp::CodeAction {
                title: format!(
                    "Write \u{201c}{}\u{201d}{}",
                    fix.replacement,
                    if safe {
                        ""
                    } else {
                        " (changes a heading or link)"
                    }
                ),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(f, &text)]),
                edit: Some(workspace_edit(uri, vec![edit])),
                is_preferred: Some(safe),
                ..Default::default()
            });
        }
        // Fix all: every safe fix, re-checked until stable, as one edit of the whole text.
        let outcome = crate::fix::fix_source(&path, &doc.text, &settings, &run_options(), false);
        if outcome.changed(&doc.text) {
            let whole = text.range(0, doc.text.len());
            actions.push(lsp::CodeAction {
                title: format!(
                    "Fix all songsheet findings in this file ({})",
                    outcome.applied
                ),
                kind: Some(lsp::CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(workspace_edit(
                    uri,
                    vec![lsp::TextEdit::new(whole, outcome.text)],
                )),
                ..Default::default()
            });
        }
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }

    fn hover(&mut self, p: &lsp::HoverParams) -> Value {
        let uri = &p.text_document_position_params.text_document.uri;
        let Some(path) = uri_path(uri) else {
            return Value::Null;
        };
        let Ok(settings) = self.settings_for(&path) else {
            return Value::Null;
        };
        let Some(doc) = self.documents.get(uri) else {
            return Value::Null;
        };
        let text = Text::new(&doc.text, self.encoding);
        let offset = text.offset(p.text_document_position_params.position);
        let entries = engine::describe_entries_at(&path, &doc.text, &settings, offset);
        if entries.is_empty() {
            return Value::Null;
        }
        let hover = lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: entries.join("\n\n---\n\n"),
            }),
            range: None,
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }
}

fn invalid_params(id: RequestId, e: serde_json::Error) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        format!("invalid params: {e}"),
    )
}

fn run_options() -> RunOptions {
    RunOptions {
        kind: None,
        personas: Vec::new(),
        today: jiff::Zoned::now().date(),
        coverage: false,
    }
}

fn workspace_edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    #[allow(clippy::mutable_key_type)]
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

fn to_lsp(f: &Finding, text: &Text<'_>) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: text.range(f.offset, f.offset + f.length),
        severity: Some(match f.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(f.rule.name().to_string())),
        code_description: rule_doc(f.rule.name()).map(|href| lsp::CodeDescription { href }),
        source: Some("songsheet".into()),
        message: match &f.help {
            Some(help) => format!("{}\n{help}", f.message),
            None => f.message.clone(),
        },
        data: f.entry.as_ref().map(|e| serde_json::json!({"entry": e})),
        ..Default::default()
    }
}

/// A link to the rule's documentation: `docs/rules/RULE.md` of the source songsheet was
/// built from, when it is still there (there is no published web page to link to; the
/// same text is what `songsheet explain RULE` prints).
fn rule_doc(rule: &str) -> Option<lsp::Uri> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/rules")
        .join(format!("{rule}.md"));
    if path.is_file() {
        path_uri(&path)
    } else {
        None
    }
}

/// The file path of a `file:` URI.
fn uri_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    Some(PathBuf::from(percent_decode(rest)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `file:` URI of an absolute path.
fn path_uri(path: &Path) -> Option<lsp::Uri> {
    let absolute = crate::settings::normalise(path);
    let encoded = crate::report::sarif::uri(&absolute.display().to_string());
    format!("file://{encoded}").parse().ok()
}
