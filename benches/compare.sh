#!/usr/bin/env bash
# One command for every number in BENCHMARKS.md:
#   bash benches/compare.sh [--skip-textlint] [--textlint-corpus] [--runs N]
#   BASELINE_REV=6073c43 bash benches/compare.sh     # also time an earlier commit
# Installs the peers (hyperfine, ripgrep from Debian; typos from PyPI; textlint and
# textlint-rule-prh from npm into a temporary prefix), builds songsheet, runs the
# criterion benches of the hot paths, then benches/compare.py, which prints the
# tables and writes them to benches/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || need_apt+=(ripgrep)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v typos >/dev/null || pip install -q typos
textlint_args=()
if [[ " $* " != *" --skip-textlint "* ]]; then
  prefix="${TEXTLINT_PREFIX:-/tmp/songsheet-textlint}"
  if [ ! -x "$prefix/node_modules/.bin/textlint" ]; then
    mkdir -p "$prefix"
    (cd "$prefix" && npm install --silent --no-audit --no-fund textlint textlint-rule-prh >/dev/null)
  fi
  textlint_args=(--textlint-bin "$prefix/node_modules/.bin/textlint")
fi
cargo build --release --quiet
# BASELINE_REV=<commit>: also time that commit's build, in the same run.
baseline_args=()
if [ -n "${BASELINE_REV:-}" ]; then
  tree="/tmp/songsheet-baseline-$BASELINE_REV"
  [ -d "$tree" ] || git worktree add --detach "$tree" "$BASELINE_REV" >/dev/null
  (cd "$tree" && cargo build --release --quiet)
  baseline_args=(--old-binary "$tree/target/release/songsheet" --old-label "commit $BASELINE_REV")
fi
# Glossary compilation and the other hot paths, in-process (criterion).
cargo bench --bench hot_paths --quiet -- --noplot 2>&1 | tee /tmp/songsheet-criterion.txt | grep -E "^[a-z].*time:|time:" || true
compile="$(grep -A2 -E "^compile the benchmark glossary" /tmp/songsheet-criterion.txt | grep -oE 'time: +\[[^]]+\]' | head -1 || true)"
python3 benches/compare.py "${textlint_args[@]}" "${baseline_args[@]}" --criterion "compile the benchmark glossary: $compile" --out benches/results.md "$@"
