#!/usr/bin/env python3
"""Writes the shared corpus's Markdown and MDX files as seeds for the `document` and
`fix` fuzz targets, so that fuzzing starts from real documents (front matter, MDX,
tables, HTML) of up to 64 KB instead of growing inputs from a few fixtures.

Each seed is the file's bytes after one selector byte, the byte the targets read first
to pick a path (fuzz_targets/common.rs): 0 for Markdown collateral, 1 for MDX, 3 for
the sales scripts that SALES_SUBSET.txt lists. Seeds are named by a hash of their
content, so running this twice writes the same files.

Usage: fuzz/corpus_seeds.py CORPUS OUT
"""

import hashlib
import os
import sys

# libFuzzer's -max_len for these runs: larger files are left out.
MAX_SEED_BYTES = 65535


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: corpus_seeds.py CORPUS OUT", file=sys.stderr)
        return 2
    corpus, out = sys.argv[1], sys.argv[2]
    if not os.path.isdir(corpus):
        print(f"error: no corpus at {corpus}", file=sys.stderr)
        return 2
    scripts = set()
    listing = os.path.join(corpus, "SALES_SUBSET.txt")
    if os.path.exists(listing):
        with open(listing, encoding="utf-8") as f:
            scripts = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    os.makedirs(out, exist_ok=True)
    seeds = set()
    skipped = 0
    for directory, _, files in sorted(os.walk(corpus)):
        for name in sorted(files):
            if not name.endswith((".md", ".mdx")):
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                data = f.read()
            if len(data) > MAX_SEED_BYTES:
                skipped += 1
                continue
            relative = os.path.relpath(path, corpus)
            selector = 1 if name.endswith(".mdx") else 3 if relative in scripts else 0
            seed = bytes([selector]) + data
            digest = hashlib.sha1(seed).hexdigest()[:16]
            if digest not in seeds:
                seeds.add(digest)
                with open(os.path.join(out, digest), "wb") as f:
                    f.write(seed)
    print(f"{out}: {len(seeds)} seeds (files with the same bytes are one), "
          f"{skipped} files over {MAX_SEED_BYTES} bytes left out", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
