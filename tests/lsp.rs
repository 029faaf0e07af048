//! The language server over stdio, driven by a small JSON-RPC client: handshake and
//! position encodings, diagnostics on open/change/save, quick fixes, hover, config
//! errors, malformed input, shutdown and exit.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;
use tempfile::TempDir;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// A server in `dir`, with its glossary cache in `dir/.cache` (never the user's).
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_songsheet"))
            .arg("lsp")
            .current_dir(dir)
            .env("SONGSHEET_CACHE_DIR", dir.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.raw(&json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.raw(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string(),
        );
        self.wait(|m| m["id"] == json!(id))
    }

    fn wait(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answered");
            if wanted(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, encodings: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"capabilities": {"general": {"positionEncodings": encodings}}}),
        );
        self.notify("initialized", json!({}));
        r
    }
}

fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nglossaries = [\"g.toml\"]\nrulesets = []\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("g.toml"),
        "[[terms]]\nid = \"pro\"\nuse = \"Brewline Pro\"\navoid = [\"BrewLine Pro\"]\n\n[[promises]]\nid = \"guarantee\"\ntext = \"30-day satisfaction guarantee\"\npatterns = [\"{value} satisfaction guarantee\"]\nvalue = \"30-day\"\nsource = \"https://example.com/terms\"\n",
    )
    .unwrap();
    dir
}

fn uri(dir: &TempDir, name: &str) -> String {
    format!("file://{}/{name}", dir.path().display())
}

#[test]
fn positions_in_utf16_and_utf8() {
    let dir = repo();
    let text = "Caf\u{e9} \u{1f600} BrewLine Pro.\n";
    // "Café 😀 ": é is 2 UTF-8 bytes and 1 UTF-16 unit; the emoji 4 bytes and 2 units.
    for (offer, encoding, column) in [
        (json!(["utf-16"]), "utf-16", 8),
        (json!(["utf-8", "utf-16"]), "utf-8", 11),
    ] {
        let mut c = Client::start(dir.path());
        let init = c.initialize(offer);
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], encoding);
        let u = uri(&dir, "a.md");
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": text}}));
        let d = c.diagnostics(&u);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0]["code"], "term");
        assert_eq!(d[0]["severity"], 2);
        let href = d[0]["codeDescription"]["href"].as_str().unwrap();
        assert!(
            href.starts_with("file://") && href.ends_with("/docs/rules/term.md"),
            "{href}"
        );
        assert_eq!(
            d[0]["range"]["start"],
            json!({"line": 0, "character": column}),
            "{encoding}"
        );
    }
}

#[test]
fn diagnostics_follow_incremental_and_full_changes() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(json!(["utf-16"]));
    let u = uri(&dir, "a.md");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": "Fine.\n"}}));
    assert!(c.diagnostics(&u).is_empty());
    // Incremental: insert a violation after "Fine."
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}}, "text": " A 60-day satisfaction guarantee."}
    ]}));
    let d = c.diagnostics(&u);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "promise-mismatch");
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 8}));
    // Full sync replaces everything.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": "All good now.\n"}]}));
    assert!(c.diagnostics(&u).is_empty());
}

#[test]
fn quick_fix_fix_all_and_hover() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(json!(["utf-16"]));
    let u = uri(&dir, "a.md");
    let text = "The BrewLine Pro has a 60-day satisfaction guarantee.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": text}}),
    );
    assert_eq!(c.diagnostics(&u).len(), 2);
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": u},
        "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}}, "context": {"diagnostics": []}}));
    let actions = r["result"].as_array().unwrap();
    let quick = actions.iter().find(|a| a["kind"] == "quickfix").unwrap();
    assert_eq!(quick["title"], "Write “Brewline Pro”");
    let edit = &quick["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "Brewline Pro");
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 4}));
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll")
        .unwrap();
    assert_eq!(
        all["edit"]["changes"][&u][0]["newText"],
        "The Brewline Pro has a 30-day satisfaction guarantee.\n"
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 26}}),
    );
    let hover = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        hover.contains("promise `guarantee`") && hover.contains("https://example.com/terms"),
        "{hover}"
    );
}

#[test]
fn config_errors_show_on_the_config_and_clear_after_a_fix() {
    let dir = repo();
    std::fs::write(
        dir.path().join("g.toml"),
        "[[terms]]\nid = \"pro\"\nuse = \"x\"\navod = [\"y\"]\n",
    )
    .unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(json!(["utf-16"]));
    let u = uri(&dir, "a.md");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": "Hello.\n"}}));
    let g = uri(&dir, "g.toml");
    let d = c.diagnostics(&g);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `avod`"),
        "{d:?}"
    );
    assert_eq!(d[0]["range"]["start"], json!({"line": 3, "character": 0}));
    // The server keeps running; fixing the glossary and saving it clears the error.
    std::fs::write(
        dir.path().join("g.toml"),
        "[[terms]]\nid = \"pro\"\nuse = \"x\"\navoid = [\"y\"]\n",
    )
    .unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": g}}));
    assert!(c.diagnostics(&g).is_empty());
    assert!(c.diagnostics(&u).is_empty());
}

#[test]
fn malformed_messages_get_errors_and_the_server_lives_on() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(json!(["utf-16"]));
    c.raw("{this is not json");
    let e = c.wait(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700);
    c.raw(r#"{"jsonrpc": "2.0", "id": 77}"#);
    let e = c.wait(|m| m["id"] == 77);
    assert_eq!(e["error"]["code"], -32600);
    let r = c.request("textDocument/unknownThing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(r["error"]["code"], -32602);
    // Still alive: shutdown, then exit with code 0.
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_1() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    c.initialize(json!(["utf-16"]));
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

/// The glossary cache file of `dir`'s config, and its inode (a cache file is replaced,
/// never rewritten in place, so a new inode means it was written again).
#[cfg(unix)]
fn cache_file(dir: &TempDir) -> (std::path::PathBuf, u64) {
    use std::os::unix::fs::MetadataExt;
    let files: Vec<_> = std::fs::read_dir(dir.path().join(".cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let inode = std::fs::metadata(&files[0]).unwrap().ino();
    (files[0].clone(), inode)
}

#[cfg(unix)]
#[test]
fn the_glossary_cache_is_shared_with_check_and_never_stale() {
    let dir = repo();
    let u = uri(&dir, "a.md");
    let open = |c: &mut Client| {
        c.initialize(json!(["utf-16"]));
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": "BrewLine Pro and the Brewline Max.\n"}}));
        c.diagnostics(&u)
    };
    // The first server finds no cache: it loads the glossary and writes the cache.
    let mut first = Client::start(dir.path());
    let cold = open(&mut first);
    assert_eq!(cold.len(), 1, "{cold:?}");
    let written = cache_file(&dir);
    first.request("shutdown", Value::Null);
    first.notify("exit", Value::Null);
    first.child.wait().unwrap();
    // `check` with the same cache reads what the server wrote, and so does a new
    // server: both report the same and leave the file alone.
    std::fs::write(
        dir.path().join("a.md"),
        "BrewLine Pro and the Brewline Max.\n",
    )
    .unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_songsheet"))
        .args(["check", "a.md", "--format", "compact"])
        .current_dir(dir.path())
        .env("SONGSHEET_CACHE_DIR", dir.path().join(".cache"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&check.stdout);
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert!(printed.contains("BrewLine Pro"), "{printed}");
    assert_eq!(cache_file(&dir), written);
    let mut second = Client::start(dir.path());
    assert_eq!(open(&mut second), cold);
    assert_eq!(cache_file(&dir), written);
    // An edited glossary is seen at the next reload, and the cache is replaced.
    std::fs::write(
        dir.path().join("g.toml"),
        "[[terms]]\nid = \"max\"\nuse = \"BrewLine Max\"\navoid = [\"Brewline Max\"]\n",
    )
    .unwrap();
    second.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&dir, "g.toml")}}),
    );
    let d = second.diagnostics(&u);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 21}));
    assert_ne!(cache_file(&dir).1, written.1);
}
