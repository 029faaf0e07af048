#!/usr/bin/env bash
# A quick check, run by .ci/run, that the benchmark inputs still work: the glossary
# generator is deterministic, its glossary loads without errors or warnings that
# entries cannot work, and songsheet checks a scaled copy with it. Timing is not
# checked here (CI machines are shared); benches/compare.sh measures.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
bin="${SONGSHEET_BIN:-target/release/songsheet}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 benches/gen_glossary.py "$corpus" "$work/a" 2>/dev/null
python3 benches/gen_glossary.py "$corpus" "$work/b" 2>/dev/null
diff -r "$work/a" "$work/b" >/dev/null || { echo "bench smoke: the glossary generator is not deterministic" >&2; exit 1; }
[ "$(grep -c '^\[\[terms\]\]' "$work/a/glossary.toml")" = 2000 ] || { echo "bench smoke: expected 2,000 terms" >&2; exit 1; }
[ "$(wc -l < "$work/a/phrases.txt")" = 6000 ] || { echo "bench smoke: expected 6,000 variants" >&2; exit 1; }
"$bin" glossary check --config "$work/a/songsheet.toml" > "$work/glossary-check.txt" 2>&1 \
  || { echo "bench smoke: the generated glossary does not check:" >&2; head -20 "$work/glossary-check.txt" >&2; exit 1; }
bash benches/scale.sh "$corpus" 2 "$work/x2" 2>/dev/null
status=0
"$bin" check --config "$work/a/songsheet.toml" "$work/x2" --format json --output "$work/report.json" || status=$?
[ "$status" = 1 ] || { echo "bench smoke: check exited $status" >&2; exit 1; }
python3 - "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rules = {d["rule"] for d in report["diagnostics"]}
# The generated glossary must exercise terms, claims and promises on the corpus.
missing = {"term", "claim-mismatch", "promise-mismatch"} - rules
assert not missing, f"no {missing} findings with the benchmark glossary"
print(f"bench smoke: {len(report['diagnostics'])} findings on 2 copies of the corpus")
PY
# The language-server timing script must still drive the server (its numbers are not
# checked; it stops with an error if the glossary did not load, the edits changed no
# finding or a hover showed nothing). The same 20 KB file compare.py picks.
one="$(python3 - "$corpus" <<'PY'
import os, sys
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".md"))
print(min(files, key=lambda f: abs(os.path.getsize(f) - 20_000)))
PY
)"
python3 benches/editor_latency.py "$bin" "$work/a" "$one" --rounds 4 > "$work/editor.txt" \
  || { echo "bench smoke: benches/editor_latency.py failed" >&2; exit 1; }
grep -q '^| check after an edit |' "$work/editor.txt" || { echo "bench smoke: no editor timings" >&2; cat "$work/editor.txt" >&2; exit 1; }
echo "bench smoke: the language server answered every editor request"
# The HTML report at the benchmark's scale: its claims-and-promises matrix is too large
# for a table, so the page lists it by document; and the script that times the report
# in Chromium still runs (its numbers are not checked).
"$bin" check --config "$work/a/songsheet.toml" "$work/x2" --format html --output "$work/report.html" >/dev/null 2>&1 || true
grep -q '<details class="by-document">' "$work/report.html" \
  || { echo "bench smoke: the benchmark's HTML report does not list the matrix by document" >&2; exit 1; }
bash benches/html_report.sh --rounds 1 --corpus "$corpus" > "$work/html.txt" \
  || { echo "bench smoke: benches/html_report.sh failed" >&2; cat "$work/html.txt" >&2; exit 1; }
grep -q '^| new ' "$work/html.txt" || { echo "bench smoke: no HTML report timings" >&2; cat "$work/html.txt" >&2; exit 1; }
echo "bench smoke: the HTML report lists a large matrix by document, and Chromium loaded it"
