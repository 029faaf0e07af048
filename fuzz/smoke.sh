#!/usr/bin/env bash
# Builds the fuzz targets, replays the regression inputs in fuzz/regressions/ and every
# document of the shared corpus (when ../shared/corpus is there), and runs each target
# for SECONDS (default 20) from the fixtures. cargo fuzz needs a nightly toolchain (for
# -Zsanitizer); this installs it and cargo-fuzz when missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
unset RUST_BACKTRACE
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cargo +nightly fuzz build -O
# Every Markdown and MDX file of the shared corpus (up to 64 KB), replayed once through
# the document and fix targets: real documents that the fuzzer's short inputs never
# reach. About 20 s and 70 s with the sanitizer.
corpus="../../shared/corpus"
corpus_seeds=""
if [ -d "$corpus" ]; then
  corpus_seeds="$(mktemp -d)"
  python3 corpus_seeds.py "$corpus" "$corpus_seeds"
fi
for target in document fix pattern config; do
  seeds="$(mktemp -d)"
  case "$target" in
    document|fix) find ../fixtures \( -name '*.md' -o -name '*.mdx' -o -name '*.txt' \) -exec cp {} "$seeds/" \; ;;
    config) cp ../rulesets/*.toml "$seeds/"; cp ../fixtures/songsheet.toml "$seeds/config.toml" ;;
    pattern) printf 'cuts energy use by {value}\nIt cuts energy use by 40%%.' > "$seeds/p1"
             printf '{value} (satisfaction|money-back) guarantee\na 60-day money back guarantee' > "$seeds/p2"
             printf '[up to] {value}-day free trial\nup to 14-day free trial' > "$seeds/p3" ;;
  esac
  mkdir -p "regressions/$target"
  # Regression inputs first (each must pass), then the corpus, then a short run from
  # the seeds.
  if [ -n "$(ls -A "regressions/$target")" ]; then
    cargo +nightly fuzz run -O "$target" "regressions/$target"/* -- -runs=1 > /dev/null
  fi
  if [ -n "$corpus_seeds" ] && [[ "$target" == document || "$target" == fix ]]; then
    echo "fuzz: $target on every corpus document once"
    cargo +nightly fuzz run -O "$target" "$corpus_seeds" -- -runs=0 -max_len=65536 -timeout=30 -rss_limit_mb=3000 2>&1 | tail -1
  fi
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run -O "$target" "$seeds" -- -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=3000 2>&1 | tail -1
  rm -rf "$seeds"
done
[ -z "$corpus_seeds" ] || rm -rf "$corpus_seeds"
