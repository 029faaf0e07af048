#!/usr/bin/env bash
# The HTML report at the benchmark's scale: how long songsheet takes to write it, how
# large it is, and how long headless Chromium takes to load it (parse, lay out, run the
# page's script, hand back the DOM), for this build and, optionally, an earlier one.
#   bash benches/html_report.sh [OLD_BINARY] [--rounds N] [--corpus DIR]
# Installs Debian's chromium and hyperfine if missing. Rounds alternate the builds, so
# that a shared machine's slow minutes fall on both.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
old="" rounds=3 corpus=../shared/corpus
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    *) old="$1"; shift ;;
  esac
done
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_glossary.py "$corpus" "$work/glossary" >/dev/null
bash benches/scale.sh "$corpus" 1 "$work/x1" >/dev/null 2>&1
export SONGSHEET_CACHE_DIR="$work/cache"
builds=("new:target/release/songsheet")
[ -n "$old" ] && builds+=("old:$old")
load() { # the seconds Chromium takes to load a page and dump its DOM
  rm -rf "$work/profile"
  local start end
  start=$(date +%s.%N)
  timeout 900 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --dump-dom "file://$1" 2>/dev/null >"$work/dom.html"
  end=$(date +%s.%N)
  grep -q 'data-shown=' "$work/dom.html" || { echo "the page's script did not run: $1" >&2; exit 1; }
  python3 -c "print(f'{$end - $start:.1f}')"
}
echo "| Build | Writing the report | Peak memory | Size | Chromium loads it (each round) |"
echo "|---|---:|---:|---:|---|"
declare -A loads
for round in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    name="${build%%:*}" bin="${build#*:}"
    "$bin" check --config "$work/glossary/songsheet.toml" "$work/x1" --format html \
      --output "$work/$name.html" >/dev/null 2>&1 || true
    loads[$name]="${loads[$name]:-}$(load "$work/$name.html") s, "
  done
done
for build in "${builds[@]}"; do
  name="${build%%:*}" bin="${build#*:}"
  cmd="$bin check --config $work/glossary/songsheet.toml $work/x1 --format html --output $work/$name.html"
  mean=$(hyperfine -N -i -r 5 --export-json "$work/h.json" "$cmd" >/dev/null 2>&1 && python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print(f\"{r['mean']:.2f} s ± {r['stddev']:.2f}\")")
  # Exit code 1 means findings; GNU time's last line is the peak in KB.
  peak=$( (/usr/bin/time -f "%M" $cmd >/dev/null || true) 2>&1 | tail -1)
  size=$(python3 -c "import os; print(f'{os.path.getsize(\"$work/$name.html\") / 1e6:.1f} MB')")
  echo "| $name ($bin) | $mean | $((peak / 1024)) MB | $size | ${loads[$name]%, } |"
done
