#!/usr/bin/env bash
# Limits and faults that need the release binary and real processes (issue: reliability):
#   1. a 100 MB file: bounded time and memory;
#   2. 100,000 small files: bounded memory;
#   3. files deleted while a run reads them: findings, never a crash;
#   4. Ctrl-C (SIGINT) during `fix`: every file is either original or fully fixed.
# Bounds are generous (this machine is shared); the figures are printed for
# docs/reliability.md. Run from the repository root after `cargo build --release`.
set -euo pipefail
unset RUST_BACKTRACE
bin="$PWD/target/release/songsheet"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "limits: FAIL: $*" >&2; exit 1; }

config() {
  cat > "$1/songsheet.toml" <<'TOML'
[check]
rulesets = []

[[terms]]
id = "brewline"
use = "Brewline"
avoid = ["Brew Line"]

[[banned]]
id = "risk-free"
phrases = ["risk-free"]
TOML
}

# measure DIR -- ARGS: runs songsheet in DIR, sets $status $seconds $rss_mb.
measure() {
  local dir="$1"; shift 2
  set +e
  ( cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time" "$bin" "$@" > "$work/out" 2> "$work/err" )
  status=$?
  set -e
  read -r seconds rss_kb < <(tail -n 1 "$work/time")
  rss_mb=$((rss_kb / 1024))
}

# 1. A 100 MB file.
big="$work/big"; mkdir "$big"; config "$big"
python3 - "$big/big.md" <<'PY'
import sys
para = ("Teams switching to Brew Line say the onboarding took a week. Our risk-free trial "
        "lets a café of any size try it, and 73% of buyers renew. ") * 3 + "\n\n"
with open(sys.argv[1], "w") as f:
    n = 0
    while n < 100_000_000:
        f.write(para); n += len(para.encode())
PY
measure "$big" -- check --format compact big.md
[ "$status" = 1 ] || fail "100 MB file: exit $status: $(head -c 300 "$work/err")"
findings=$(wc -l < "$work/out")
echo "limits: 100 MB file: exit $status, $findings findings, ${seconds}s, ${rss_mb} MB peak"
[ "$rss_mb" -lt 4096 ] || fail "100 MB file used ${rss_mb} MB"
[ "${seconds%.*}" -lt 300 ] || fail "100 MB file took ${seconds}s"

# 2. 100,000 small files.
many="$work/many"; mkdir "$many"; config "$many"
python3 - "$many" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.mkdir(f"{root}/d{d}")
    for i in range(1000):
        with open(f"{root}/d{d}/f{i}.md", "w") as f:
            f.write("# Notes\n\nBrew Line is our product.\n" if i % 10 == 0 else "# Notes\n\nBrewline is our product.\n")
PY
measure "$many" -- check --format compact --quiet .
# Term findings are warnings: the run passes.
[ "$status" = 0 ] || fail "100k files: exit $status: $(head -c 300 "$work/err")"
findings=$(wc -l < "$work/out")
[ "$findings" = 10000 ] || fail "100k files: $findings findings, expected 10000"
echo "limits: 100,000 files: $findings findings, ${seconds}s, ${rss_mb} MB peak"
[ "$rss_mb" -lt 2048 ] || fail "100k files used ${rss_mb} MB"

# 3. Files deleted during the run.
( sleep 0.2; find "$many" -name 'f5*.md' -delete ) &
measure "$many" -- check --format compact --quiet .
wait
# 1 when a deleted file was reported unreadable (an error), 0 when the run won the race.
case "$status" in 0|1) ;; *) fail "deleted files: exit $status: $(head -c 300 "$work/err")" ;; esac
if grep -q panicked "$work/err"; then fail "deleted files: panic: $(cat "$work/err")"; fi
bad=$(grep -v -E 'warning\[term\]|error\[unreadable\] the file cannot be read' "$work/out" || true)
[ -z "$bad" ] || fail "deleted files: unexpected output: $(echo "$bad" | head -3)"
gone=$(grep -c 'error\[unreadable\]' "$work/out" || true)
echo "limits: files deleted mid-run: exit $status, $gone reported as unreadable, no crash"

# 4. Ctrl-C during fix.
fixdir="$work/fix"; mkdir "$fixdir"; config "$fixdir"
python3 - "$fixdir" <<'PY'
import sys
for i in range(5000):
    with open(f"{sys.argv[1]}/f{i:04}.md", "w") as f:
        f.write(f"# File {i}\n\nTry Brew Line today (file {i}).\n")
PY
( cd "$fixdir" && exec "$bin" fix --quiet . > /dev/null 2> "$work/err" ) &
pid=$!
# Interrupt once the first files are written.
for _ in $(seq 1 200); do
  if grep -lq "Try Brewline" "$fixdir"/f000*.md 2>/dev/null; then break; fi
  sleep 0.01
done
kill -INT "$pid" 2>/dev/null || true
set +e; wait "$pid"; status=$?; set -e
python3 - "$fixdir" "$status" <<'PY'
import os, sys
root, status = sys.argv[1], sys.argv[2]
fixed = original = 0
for i in range(5000):
    text = open(f"{root}/f{i:04}.md").read()
    if text == f"# File {i}\n\nTry Brewline today (file {i}).\n":
        fixed += 1
    elif text == f"# File {i}\n\nTry Brew Line today (file {i}).\n":
        original += 1
    else:
        sys.exit(f"limits: FAIL: f{i:04}.md is neither original nor fixed: {text!r}")
stray = [n for n in os.listdir(root) if n.endswith(".tmp")]
if stray:
    sys.exit(f"limits: FAIL: temporary files left behind: {stray[:3]}")
print(f"limits: Ctrl-C during fix: exit {status}, {fixed} files fixed, {original} original, none mixed, no temporary file left")
PY
echo "limits: all passed"
