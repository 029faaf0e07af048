#!/usr/bin/env bash
# Neovim (headless) with the README's set-up (docs/editors/neovim.lua) opens a fixture:
# it must show the same findings as `songsheet check` at the same positions, and a code
# action must fix a term. Needs nvim (Debian's neovim) and a built songsheet.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin_dir=$(cd "$(dirname "${SONGSHEET_BIN:-$root/target/debug/songsheet}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixture=fixtures/rules/term/fail.md
export PATH="$bin_dir:$PATH" SONGSHEET_NVIM_OUT="$work/out"
cd "$root"
timeout 60 nvim --headless -u docs/editors/neovim.lua -c "luafile tests/editor/neovim_test.lua" "$fixture" >/dev/null 2>&1 || true
songsheet check --format json "$fixture" | python3 -c '
import json, sys
for d in sorted(json.load(sys.stdin)["diagnostics"], key=lambda d: (d["line"], d["column"])):
    print("%d:%d:%s" % (d["line"], d["column"], d["rule"]))' > "$work/expected"
fail() { echo "neovim test FAILED: $*" >&2; exit 1; }
[ -s "$work/out.diagnostics" ] || fail "Neovim wrote no diagnostics"
diff -u "$work/expected" "$work/out.diagnostics" || fail "Neovim's findings differ from songsheet check"
grep -q "^# Why offices pick the BrewLine Pro$" "$work/out.fixed" || fail "the heading changed (its fix is unsafe)"
grep -q "The Brewline Pro is our flagship" "$work/out.fixed" || fail "the code action did not fix the term: $(cat "$work/out.fixed")"
grep -qx "updated" "$work/out.updated" || fail "the findings did not update after the edit: $(cat "$work/out.updated")"
echo "neovim: 3 passed, 0 failed"
