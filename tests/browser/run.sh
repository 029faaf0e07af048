#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's chromium) loads the
# fixtures' report, runs its script, and the DOM it dumps must hold one highlighted
# finding per finding of the JSON output; the filters (preset from the address) must
# change what is shown. Also writes docs/report.png when given --screenshot.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="${SONGSHEET_BIN:-$root/target/debug/songsheet}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
"$bin" check fixtures --today 2026-11-23 --format html --output "$work/report.html" || true
"$bin" check fixtures --today 2026-11-23 --format json > "$work/report.json" || true
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" "$@" 2>/dev/null
}
chrome --dump-dom "file://$work/report.html" > "$work/all.html"
chrome --dump-dom "file://$work/report.html#severity=error" > "$work/errors.html"
chrome --dump-dom "file://$work/report.html#rule=term&path=collateral" > "$work/terms.html"
chrome --dump-dom "file://$work/report.html#persona=cfo" > "$work/cfo.html"
python3 - "$work" <<'PY'
import json, sys
from html.parser import HTMLParser
work = sys.argv[1]

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.findings = []   # (severity, rule, hidden)
        self.marks = set()
        self.scripts = 0
        self.shown = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "finding" in (a.get("class") or "").split():
            self.findings.append((a["data-severity"], a["data-rule"], "hidden" in a))
        if tag == "mark" and "data-ids" in a:
            self.marks.update(a["data-ids"].split())
        if tag == "script":
            self.scripts += 1
        if tag == "body":
            self.shown = a.get("data-shown")

def dom(name):
    d = Dom()
    d.feed(open(f"{work}/{name}", encoding="utf-8").read())
    return d

report = json.load(open(f"{work}/report.json"))["diagnostics"]
checks = []
def check(ok, what):
    checks.append(ok)
    print(("ok   " if ok else "FAIL ") + what)

all_ = dom("all.html")
check(all_.shown is not None, "the page's script ran (body[data-shown] set)")
check(len(all_.findings) == len(report), f"one listed finding per JSON finding ({len(all_.findings)} vs {len(report)})")
with_span = [d for d in report if d["length"] > 0]
check(len(all_.marks) == len(with_span), f"every finding with a span is highlighted ({len(all_.marks)} vs {len(with_span)})")
check(all_.scripts == 1, "the only script is the report's own (document text is escaped)")
check(int(all_.shown) == len(report), "everything is shown without filters")
errors = dom("errors.html")
n_errors = sum(1 for d in report if d["severity"] == "error")
check(int(errors.shown) == n_errors and all(h == (s != "error") for s, _, h in errors.findings), f"#severity=error shows the {n_errors} errors only")
terms = dom("terms.html")
n_terms = sum(1 for d in report if d["rule"] == "term" and "collateral" in d["path"])
check(int(terms.shown) == n_terms, f"#rule=term&path=collateral shows {n_terms} findings")
cfo = dom("cfo.html")
cfo_docs = {"fixtures/collateral/cfo-brief.md", "fixtures/rules/claim-persona/fail.md", "fixtures/rules/persona-avoid/fail.md",
            "fixtures/rules/readability/fail.md"}
n_cfo = sum(1 for d in report if d["path"] in cfo_docs)
check(int(cfo.shown) == n_cfo, f"#persona=cfo shows the findings of the documents for the CFO ({cfo.shown} vs {n_cfo})")
passed = sum(checks)
print(f"browser: {passed} passed, {len(checks) - passed} failed")
sys.exit(0 if all(checks) else 1)
PY
if [ "${1:-}" = "--screenshot" ]; then
  chrome --window-size=1280,1500 --screenshot="$root/docs/report.png" "file://$work/report.html#path=collateral/one-pager"
fi
