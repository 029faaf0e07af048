#!/usr/bin/env bash
# Builds the fuzz targets and runs each for SECONDS (default 20), starting from the
# regression inputs in fuzz/regressions/ and the fixtures. cargo fuzz needs a nightly
# toolchain (for -Zsanitizer); this installs it and cargo-fuzz when missing.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
unset RUST_BACKTRACE
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cargo +nightly fuzz build -O
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
  echo "fuzz: $target for ${seconds}s"
  # Regression inputs first (each must pass), then a short run from the seeds.
  if [ -n "$(ls -A "regressions/$target")" ]; then
    cargo +nightly fuzz run -O "$target" "regressions/$target"/* -- -runs=1 > /dev/null
  fi
  cargo +nightly fuzz run -O "$target" "$seeds" -- -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=3000 2>&1 | tail -1
  rm -rf "$seeds"
done
