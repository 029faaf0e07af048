#!/usr/bin/env python3
"""Print a reproducible random sample of one rule's findings, with context, for reading
by hand (to measure a rule's false-positive rate).

    target/release/songsheet check ../shared/corpus --format json -q > /tmp/corpus.json
    python3 scripts/sample_findings.py /tmp/corpus.json unsourced-stat 100 31337
"""
import json
import random
import sys


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    report, rule, size, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    findings = [d for d in json.load(open(report, encoding="utf-8"))["diagnostics"] if d["rule"] == rule]
    print(f"{len(findings)} {rule} findings in {len({d['path'] for d in findings})} files; sample of {size}, seed {seed}\n")
    random.seed(seed)
    for i, d in enumerate(random.sample(findings, min(size, len(findings))), 1):
        with open(d["path"], encoding="utf-8") as f:
            line = f.read().split("\n")[d["line"] - 1]
        c = d["column"] - 1
        print(f"{i:3}. [{d['matched']}] {d['path']}:{d['line']}")
        print(f"     {line[max(0, c - 80):c + 80]}")


main()
