#!/usr/bin/env bash
# Copies the corpus N times into DEST (DEST/copy-1 ... DEST/copy-N), for the
# benchmarks' x1, x4 and x16 runs.  Usage: benches/scale.sh CORPUS N DEST
set -euo pipefail
corpus="$1"; n="$2"; dest="$3"
[ -d "$corpus" ] || { echo "error: no corpus at $corpus" >&2; exit 2; }
rm -rf "$dest"
mkdir -p "$dest"
for i in $(seq 1 "$n"); do
  cp -r "$corpus" "$dest/copy-$i"
done
echo "$dest: $n copies, $(du -sb "$dest" | cut -f1) bytes" >&2
