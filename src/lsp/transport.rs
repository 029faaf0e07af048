//! JSON-RPC over standard input and output with `Content-Length` framing. Unlike a
//! transport that stops at the first bad message, a payload that is not JSON is
//! answered with a JSON-RPC parse error (-32700) and one that is not a message with an
//! invalid-request error (-32600); the server keeps running.

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread;

/// Writes one framed JSON text.
fn write_framed(out: &Mutex<io::Stdout>, json: &str) -> io::Result<()> {
    let mut out = out
        .lock()
        .map_err(|_| io::Error::other("stdout lock poisoned"))?;
    write!(out, "Content-Length: {}\r\n\r\n{json}", json.len())?;
    out.flush()
}

/// Reads one frame's body; `Ok(None)` at the end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut length: Option<usize> = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok();
        }
    }
    let Some(length) = length.filter(|&l| l <= 64 * 1024 * 1024) else {
        return Ok(Some(String::new()));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(String::from_utf8_lossy(&body).into_owned()))
}

/// The error response for a frame that is not a message, if it is one.
fn error_for(body: &str) -> Result<Message, String> {
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => {
            return Err(error_json(
                &serde_json::Value::Null,
                -32700,
                &format!("parse error: {e}"),
            ));
        }
    };
    // A request or notification has a method; a response has an id and a result or
    // an error. Anything else is not a JSON-RPC message.
    let object = value.as_object();
    let shaped = object.is_some_and(|o| {
        o.get("method").is_some_and(|m| m.is_string())
            || (o.contains_key("id") && (o.contains_key("result") || o.contains_key("error")))
    });
    if !shaped {
        let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
        return Err(error_json(
            &id,
            -32600,
            "invalid request: not a request, notification or response",
        ));
    }
    match serde_json::from_value::<Message>(value.clone()) {
        Ok(message) => Ok(message),
        Err(e) => {
            let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
            Err(error_json(&id, -32600, &format!("invalid request: {e}")))
        }
    }
}

fn error_json(id: &serde_json::Value, code: i32, message: &str) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
        .to_string()
}

/// A connection over standard input and output, and a handle to join its threads.
pub fn stdio() -> (Connection, thread::JoinHandle<()>) {
    let out = Arc::new(Mutex::new(io::stdout()));
    let (writer_sender, writer_receiver): (Sender<Message>, Receiver<Message>) = bounded(0);
    let writer_out = out.clone();
    let writer = thread::spawn(move || {
        for message in writer_receiver {
            // lsp-server's messages serialise without the "jsonrpc" member; every
            // JSON-RPC 2.0 message must carry it.
            let Ok(mut value) = serde_json::to_value(&message) else {
                continue;
            };
            if let Some(object) = value.as_object_mut() {
                object.insert("jsonrpc".into(), serde_json::Value::from("2.0"));
            }
            if write_framed(&writer_out, &value.to_string()).is_err() {
                break;
            }
        }
    });
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        while let Ok(Some(body)) = read_frame(&mut input) {
            match error_for(&body) {
                Ok(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if reader_sender.send(message).is_err() || exit {
                        break;
                    }
                }
                Err(error) => {
                    let _ = write_framed(&out, &error);
                }
            }
        }
    });
    (
        Connection {
            sender: writer_sender,
            receiver: reader_receiver,
        },
        writer,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_and_errors() {
        let mut input =
            io::Cursor::new(b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\nabc".to_vec());
        let first = read_frame(&mut input).unwrap().unwrap();
        assert!(error_for(&first).unwrap_err().contains("-32600"));
        let second = read_frame(&mut input).unwrap().unwrap();
        assert!(error_for(&second).unwrap_err().contains("-32700"));
        assert!(read_frame(&mut input).unwrap().is_none());
    }
}
