#!/usr/bin/env python3
"""How long an editor waits for `songsheet lsp`, with the large benchmark glossary.

    python3 benches/editor_latency.py SONGSHEET GLOSSARY_DIR FILE [--rounds 60]

GLOSSARY_DIR holds the benchmark's songsheet.toml and glossary.toml (written by
benches/gen_glossary.py); FILE is the document to edit (compare.py passes the same
20 KB file it times `songsheet check` on). The config, glossary and a copy of FILE
go into a temporary directory, where the server runs, as an editor would start it
in a content repository.

The script speaks the protocol itself (JSON-RPC over standard input and output, with
Content-Length headers) and times, on the wall clock of this process:

- start: from starting the process to the answer to `initialize`;
- first check: from `didOpen` to its diagnostics, where the config and the glossary
  are loaded: five servers find the glossary cache (in the temporary directory)
  empty, so they read and compile the glossary and write the cache, and five read
  the cache.

The rest is timed in the last server:

- check after an edit: from `didSave` to the diagnostics of the edited version,
  for ROUNDS edits that alternately add and remove a sentence at the top (`didChange`
  sent just before, so the debounce never fires: `didSave` checks at once);
- while typing: from `didChange` to the diagnostics, without a save, which includes
  the 150 ms pause the server waits for typing to stop;
- quick fixes: a `textDocument/codeAction` request over the whole document (it checks
  the document and computes "fix all", which checks again until nothing changes);
- hover: a `textDocument/hover` request on the first finding of a term.

It prints a Markdown table (median and slowest of each) and, with --json, the same
numbers as JSON. Timings are of a pipe between two processes on a shared machine:
read the medians, not the slowest.
"""

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# How many times the server is started (half with the glossary cache empty).
SESSIONS = 10

ADDED = "Our guarantee is 60 days, and we are the fastest tool on the market.\n\n"


class Server:
    """One `songsheet lsp` process and the messages it sends, with their arrival times."""

    def __init__(self, binary, cwd, cache):
        env = dict(os.environ)
        env.pop("RUST_BACKTRACE", None)
        env["SONGSHEET_CACHE_DIR"] = cache
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "lsp"], cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = out.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        """Sends a request and returns (seconds until its answer, the answer's result)."""
        self.next_id += 1
        sent = self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        at, message = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        if "error" in message:
            sys.exit(f"editor_latency: {method} failed: {message['error']}")
        return at - sent, message.get("result")

    def wait(self, wanted, timeout=30.0):
        """The first message `wanted` accepts, and when it arrived; others are dropped."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                sys.exit(f"editor_latency: the server did not answer within {timeout:.0f} s")
            try:
                at, message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                sys.exit(f"editor_latency: the server exited (code {self.proc.wait()})")
            if wanted(message):
                return at, message

    def diagnostics(self, uri, version):
        """When the diagnostics of `version` of `uri` arrived, and how many there were."""
        at, message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )
        return at, message["params"]["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def summary(seconds):
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[-1], len(ms)


def measure(binary, glossary_dir, document, rounds):
    work = tempfile.mkdtemp(prefix="songsheet-editor-")
    try:
        for name in ("songsheet.toml", "glossary.toml"):
            shutil.copy(os.path.join(glossary_dir, name), work)
        path = os.path.join(work, "document.md")
        shutil.copy(document, path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # The glossary cache of this measurement only: emptied before each of the
        # first half of the sessions (each loads the glossary and writes the cache),
        # then read by the second half.
        cache = os.path.join(work, "cache")
        cold, starts, warm = [], [], []
        for session in range(SESSIONS):
            if session:
                server.close()
            # Sessions that find the glossary cache empty, then sessions that read it.
            if session < SESSIONS // 2:
                shutil.rmtree(cache, ignore_errors=True)
            server, start, first = open_document(binary, work, cache, path, text)
            starts.append(start)
            (cold if session < SESSIONS // 2 else warm).append(first)
        results = {
            "document_bytes": len(text.encode("utf-8")),
            "start": summary(starts),
            "first check, glossary cache cold": summary(cold),
            "first check, glossary cache warm": summary(warm),
        }
        results.update(edit_and_ask(server, "file://" + path, text, rounds))
        server.close()
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def open_document(binary, work, cache, path, text):
    """Starts a server in `work` and opens `path` in it: the server, the seconds until
    `initialize` was answered, and the seconds from `didOpen` to the diagnostics."""
    server = Server(binary, work, cache)
    server.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + work, "capabilities": {}})
    start = time.perf_counter() - server.started
    server.notify("initialized", {})
    uri = "file://" + path
    sent = server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    at, found = server.diagnostics(uri, 1)
    if not found:
        sys.exit("editor_latency: the first check found nothing; the glossary did not load")
    return server, start, at - sent


def edit_and_ask(server, uri, text, rounds):
    """Times checks after edits, typing, quick fixes and hovers on the open document
    (version 1)."""
    version = 1

    def edit(version):
        """didChange for `version`: even versions add the sentence, odd remove it."""
        if version % 2 == 0:
            change = {"range": {"start": {"line": 0, "character": 0},
                                "end": {"line": 0, "character": 0}}, "text": ADDED}
        else:
            change = {"range": {"start": {"line": 0, "character": 0},
                                "end": {"line": 2, "character": 0}}, "text": ""}
        return server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )

    after_edit = []
    counts = set()
    for _ in range(rounds):
        version += 1
        edit(version)
        sent = server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        at, found = server.diagnostics(uri, version)
        after_edit.append(at - sent)
        counts.add(len(found))
    if len(counts) < 2:
        sys.exit("editor_latency: adding the sentence changed no finding; the edits were not checked")

    typing = []
    for _ in range(max(3, rounds // 10)):
        version += 1
        sent = edit(version)
        at, found = server.diagnostics(uri, version)
        typing.append(at - sent)

    whole = {"start": {"line": 0, "character": 0}, "end": {"line": text.count("\n") + 2, "character": 0}}
    fixes = []
    for _ in range(max(5, rounds // 4)):
        seconds, _ = server.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}},
        )
        fixes.append(seconds)
    # A term's finding: hovering over a glossary match describes its entry.
    terms = [f for f in found if f.get("code") == "term"]
    if not terms:
        sys.exit("editor_latency: the document has no term finding to hover over")
    first_finding = terms[0]["range"]["start"]
    hovers = []
    for _ in range(rounds):
        seconds, answer = server.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": first_finding}
        )
        hovers.append(seconds)
    if not answer:
        sys.exit("editor_latency: hovering over a finding showed nothing")
    return {
        "findings": sorted(counts),
        "check after an edit": summary(after_edit),
        "while typing (150 ms pause included)": summary(typing),
        "quick fixes (codeAction, whole document)": summary(fixes),
        "hover": summary(hovers),
    }


def table(results):
    rows = [
        "| Editor request | Median | Slowest | Times |",
        "|---|---:|---:|---:|",
    ]
    for name, value in results.items():
        if isinstance(value, tuple):
            median, slowest, n = value
            rows.append(f"| {name} | {median:.1f} ms | {slowest:.1f} ms | {n} |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("songsheet")
    ap.add_argument("glossary_dir")
    ap.add_argument("file")
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = measure(os.path.abspath(args.songsheet), args.glossary_dir, args.file, args.rounds)
    print(json.dumps(results) if args.json else table(results))


if __name__ == "__main__":
    main()
