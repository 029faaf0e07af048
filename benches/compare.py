#!/usr/bin/env python3
"""Whole-process benchmark of `songsheet check` against its peers, on the real corpus.

    python3 benches/compare.py [--corpus ../shared/corpus] [--runs 5] [--out FILE]
                               [--skip-textlint] [--textlint-corpus] [--scales 1,4,16]

Run through benches/compare.sh, which installs the peers first. Everything is
measured in the same run, on this machine: ratios are only meaningful within one run.

Measured, with the large generated glossary (benches/gen_glossary.py: 2,000 terms x 3
variants, 200 claims, 100 promises, 20 personas):

- songsheet check --format json --output FILE on the corpus copied x1, x4 and x16
  (benches/scale.sh): wall time (hyperfine mean), MB/s, peak memory (/usr/bin/time);
- ripgrep with the 6,000 variants as case-sensitive literals (rg -F -f): the raw-scan
  floor, no Markdown, no rules;
- typos with the single-word variants as extra words (it cannot match phrases);
- textlint with textlint-rule-prh configured with the same terms, on a 10% subset
  (every tenth file, copied as `.md`: textlint skips `.mdx`) because it is slow;
  songsheet is timed on the same subset; with --textlint-corpus, also once on the
  whole corpus copied as `.md` (about five minutes);
- one 20 KB file, process start to exit, for every tool; songsheet both with its
  glossary cache warm (every run but the first after a glossary edit) and with
  --no-cache (the first run after an edit);
- `songsheet lsp` on the same file, as an editor uses it (benches/editor_latency.py):
  opening it, a save after each edit, typing, quick fixes and hovers.

Before a tool is timed, one untimed run must report findings (textlint's timed run
is checked afterwards): a tool that fails to load its configuration is not timed
doing nothing. The counts are printed with the results.

songsheet's glossary cache lives in the benchmark's temporary directory
(SONGSHEET_CACHE_DIR), never in the user's.

Glossary compilation is measured by the criterion bench (cargo bench --bench
hot_paths -- compile), whose result this script reads when --criterion is given.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

import editor_latency

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def tree_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def hyperfine(commands, runs, warmup=1):
    """Mean and stddev of each command's wall time (seconds), in one hyperfine run."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = ["hyperfine", "-N", "-i", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "--export-json", out]
    cmd += commands
    run(cmd)
    with open(out) as f:
        data = json.load(f)["results"]
    os.unlink(out)
    return [(r["mean"], r["stddev"] or 0.0) for r in data]


def peak_kb(command):
    """Peak resident memory of one run, from GNU time."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, text=True, capture_output=True)
    last = proc.stderr.strip().splitlines()[-1]
    return int(last)


def wall_once(command):
    """Wall seconds of one run (for tools too slow to repeat)."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, text=True, capture_output=True)
    secs, kb = proc.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb)


def copy_as_md(files, dest):
    """Copies `files` into `dest` as `.md` (textlint without an MDX plugin skips `.mdx`
    files, and both tools must read the same text); returns the bytes copied."""
    os.makedirs(dest)
    for i, f in enumerate(files):
        stem = os.path.splitext(os.path.basename(f))[0]
        shutil.copy(f, os.path.join(dest, f"{i:04}-{stem}.md"))
    return tree_bytes(dest)


def textlint_messages(report):
    """How many messages a textlint JSON report holds."""
    with open(report) as f:
        return sum(len(result["messages"]) for result in json.load(f))


def checked_textlint_messages(report, what):
    """The messages of a timed textlint run, which must have written its report with
    findings (textlint is too slow to run twice, so this is checked afterwards)."""
    try:
        count = textlint_messages(report)
    except (OSError, ValueError, KeyError):
        count = 0
    if not count:
        sys.exit(f"benchmark: textlint reported nothing on {what}; its time would not be of the job")
    return count


def reported(tool, command, output=None):
    """How many findings one untimed run of `command` reports, stopping the benchmark
    when it reports none: a tool that cannot load its configuration may exit at once
    (textlint did, for every file, when prh could not compile a pattern) and would
    otherwise be timed doing nothing."""
    if output and os.path.exists(output):
        os.unlink(output)
    proc = subprocess.run(command, text=True, capture_output=True)
    count = 0
    try:
        if tool == "songsheet":
            with open(output) as f:
                count = len(json.load(f)["diagnostics"])
        elif tool == "ripgrep":
            count = len(proc.stdout.splitlines())
        elif tool == "typos":
            # The benchmark's terms only (their corrections are two words), not the
            # misspellings of typos' own dictionary.
            count = sum(
                1
                for line in proc.stdout.splitlines()
                if " " in " ".join(json.loads(line).get("corrections") or [])
            )
        elif tool == "textlint":
            count = textlint_messages(output)
    except (OSError, ValueError, KeyError):
        count = 0
    if count == 0:
        sys.exit(f"benchmark: {tool} reported nothing (exit {proc.returncode}), so its time would not "
                 f"be of the job: {' '.join(command)}\n{proc.stderr[-2000:]}")
    return count


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem}, Linux {platform.release()}"


def version(cmd):
    try:
        return run(cmd).stdout.strip().splitlines()[0]
    except (OSError, subprocess.CalledProcessError):
        return "not installed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--skip-textlint", action="store_true")
    ap.add_argument("--textlint-corpus", action="store_true",
                    help="also time textlint on the whole corpus (one run, about five minutes)")
    ap.add_argument("--textlint-bin", default=shutil.which("textlint") or "")
    ap.add_argument("--criterion", default="", help="criterion's output of the compile bench, to quote")
    ap.add_argument("--out", default="")
    ap.add_argument("--old-binary", default="", help="an earlier songsheet build, timed in the same run as a baseline")
    ap.add_argument("--old-label", default="earlier build")
    args = ap.parse_args()
    os.environ.pop("RUST_BACKTRACE", None)

    songsheet = os.path.join(ROOT, "target", "release", "songsheet")
    work = tempfile.mkdtemp(prefix="songsheet-bench-")
    os.environ["SONGSHEET_CACHE_DIR"] = os.path.join(work, "cache")
    gloss = os.path.join(work, "glossary")
    run([sys.executable, os.path.join(ROOT, "benches", "gen_glossary.py"), args.corpus, gloss])
    config = os.path.join(gloss, "songsheet.toml")
    phrases = os.path.join(gloss, "phrases.txt")
    rows = []
    lines = []

    def say(text=""):
        lines.append(text)
        print(text, flush=True)

    say(f"Machine: {machine()}")
    say(f"songsheet: {version([songsheet, '--version'])}; {version(['rg', '--version'])}; "
        f"{version(['typos', '--version'])}; hyperfine {version(['hyperfine', '--version'])}")
    say("")

    # Scaled corpora.
    scales = [int(s) for s in args.scales.split(",")]
    trees = {}
    for n in scales:
        dest = os.path.join(work, f"x{n}")
        run([os.path.join(ROOT, "benches", "scale.sh"), args.corpus, str(n), dest])
        trees[n] = dest
    out_json = os.path.join(work, "report.json")

    def songsheet_cmd(path, jobs=None, binary=None, no_cache=False):
        cmd = [binary or songsheet, "check", "--config", config, path, "--format", "json", "--output", out_json]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        if no_cache:
            cmd += ["--no-cache"]
        return cmd

    results = {}
    found = {}
    say("| Input | Tool | Wall time | MB/s | Peak memory |")
    say("|---|---|---:|---:|---:|")
    for n in scales:
        tree = trees[n]
        size = tree_bytes(tree)
        # (row name, tool, command)
        rows = [("songsheet check (2 threads)", "songsheet", songsheet_cmd(tree))]
        if n == 1:
            rows += [
                ("songsheet check --jobs 1", "songsheet", songsheet_cmd(tree, jobs=1)),
                ("ripgrep -F -f (6,000 literals)", "ripgrep", ["rg", "-F", "-f", phrases, tree]),
                ("typos (+2,000 words)", "typos", ["typos", "--config", os.path.join(gloss, "typos.toml"), tree]),
            ]
            if args.old_binary:
                rows.append((f"songsheet, {args.old_label} (2 threads)", "songsheet",
                             songsheet_cmd(tree, binary=args.old_binary)))
            # Every command, the earlier build's too; each tool's count is shown once.
            for _, tool, cmd in rows:
                json_cmd = cmd + ["--format", "json"] if tool == "typos" else cmd
                found.setdefault(tool, reported(tool, json_cmd, out_json))
        names = [name for name, _, _ in rows]
        cmds = [cmd for _, _, cmd in rows]
        times = hyperfine([" ".join(f"'{c}'" for c in cmd) for cmd in cmds], args.runs if n < 16 else max(2, args.runs // 2))
        for name, cmd, (mean, sd) in zip(names, cmds, times):
            kb = peak_kb(cmd)
            results[(n, name)] = (mean, sd, kb, size)
            say(f"| corpus x{n} ({size / 1e6:.1f} MB) | {name} | {mean * 1000:.0f} ms ± {sd * 1000:.0f} | "
                f"{size / 1e6 / mean:.0f} | {kb / 1024:.0f} MB |")

    # textlint on a 10% subset, and songsheet on the same subset.
    subset = os.path.join(work, "subset")
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(args.corpus) for f in fs if f.endswith((".md", ".mdx"))
    )
    subset_size = copy_as_md(files[::10], subset)
    found["songsheet, 10% subset"] = reported("songsheet", songsheet_cmd(subset), out_json)
    # A 30 ms run: as many runs as the one-file case, so that one slow run on a shared
    # machine does not decide the mean.
    (s_mean, s_sd), = hyperfine([" ".join(f"'{c}'" for c in songsheet_cmd(subset))], max(args.runs, 20), warmup=3)
    say(f"| 10% subset ({subset_size / 1e6:.1f} MB) | songsheet check | {s_mean * 1000:.0f} ms ± {s_sd * 1000:.0f} | "
        f"{subset_size / 1e6 / s_mean:.0f} | {peak_kb(songsheet_cmd(subset)) / 1024:.0f} MB |")
    textlint = None
    if not args.skip_textlint and args.textlint_bin:
        rc = os.path.join(work, "textlintrc.json")
        with open(rc, "w") as f:
            json.dump({"rules": {"prh": {"rulePaths": [os.path.join(gloss, "prh.yml")]}}}, f)
        textlint_out = os.path.join(work, "textlint.json")
        t, kb = wall_once([args.textlint_bin, "--config", rc, "--format", "json", "--output-file",
                           textlint_out, subset])
        textlint = (t, kb)
        found["textlint, 10% subset"] = checked_textlint_messages(textlint_out, "the subset")
        say(f"| 10% subset ({subset_size / 1e6:.1f} MB) | textlint + prh (one run) | {t * 1000:.0f} ms | "
            f"{subset_size / 1e6 / t:.2f} | {kb / 1024:.0f} MB |")

    # textlint on the whole corpus (opt-in: minutes), against songsheet on the same copy.
    textlint_corpus = None
    if textlint is not None and args.textlint_corpus:
        whole = os.path.join(work, "corpus-md")
        whole_size = copy_as_md(files, whole)
        found["songsheet, corpus as .md"] = reported("songsheet", songsheet_cmd(whole), out_json)
        (w_mean, w_sd), = hyperfine([" ".join(f"'{c}'" for c in songsheet_cmd(whole))], args.runs)
        t, kb = wall_once([args.textlint_bin, "--config", rc, "--format", "json", "--output-file",
                           textlint_out, whole])
        found["textlint, corpus as .md"] = checked_textlint_messages(textlint_out, "the corpus")
        textlint_corpus = (t, w_mean)
        say(f"| corpus as .md ({whole_size / 1e6:.1f} MB) | songsheet check | {w_mean * 1000:.0f} ms ± {w_sd * 1000:.0f} | "
            f"{whole_size / 1e6 / w_mean:.0f} | |")
        say(f"| corpus as .md ({whole_size / 1e6:.1f} MB) | textlint + prh (one run) | {t:.1f} s | "
            f"{whole_size / 1e6 / t:.2f} | {kb / 1024:.0f} MB |")

    # One ~20 KB file.
    # A `.md` file, which every tool reads (textlint skips `.mdx`).
    one = min((f for f in files if f.endswith(".md")), key=lambda f: abs(os.path.getsize(f) - 20_000))
    single = [songsheet_cmd(one), songsheet_cmd(one, no_cache=True), ["rg", "-F", "-f", phrases, one],
              ["typos", "--config", os.path.join(gloss, "typos.toml"), one]]
    names = ["songsheet check (glossary cache warm)", "songsheet check --no-cache", "ripgrep -F -f", "typos"]
    if args.old_binary:
        single.append(songsheet_cmd(one, binary=args.old_binary))
        names.append(f"songsheet, {args.old_label}")
    found["songsheet, one file"] = reported("songsheet", songsheet_cmd(one), out_json)
    times = hyperfine([" ".join(f"'{c}'" for c in cmd) for cmd in single], max(args.runs, 20), warmup=3)
    for name, (mean, sd) in zip(names, times):
        say(f"| one file ({os.path.getsize(one) / 1000:.1f} KB) | {name} | {mean * 1000:.1f} ms ± {sd * 1000:.1f} | | |")
    if textlint is not None:
        one_cmd = [args.textlint_bin, "--config", rc, "--format", "json", "--output-file", textlint_out, one]
        found["textlint, one file"] = reported("textlint", one_cmd, textlint_out)
        t, _ = wall_once(one_cmd)
        say(f"| one file ({os.path.getsize(one) / 1000:.1f} KB) | textlint + prh (one run) | {t * 1000:.0f} ms | | |")
    say("")

    # The language server, as an editor uses it, on the same file.
    editor = editor_latency.measure(songsheet, gloss, one, 60)
    say(f"The language server on the same file ({editor['document_bytes'] / 1000:.1f} KB; "
        "benches/editor_latency.py):")
    say("")
    say(editor_latency.table(editor))
    say("")
    if args.old_binary:
        old_editor = editor_latency.measure(args.old_binary, gloss, one, 60)
        say(f"The same, {args.old_label}:")
        say("")
        say(editor_latency.table(old_editor))
        say("")

    # What each tool reported, so that a tool timed doing nothing shows.
    say("Findings reported (one untimed run each; each tool finds a different set): "
        + "; ".join(f"{name} {count:,}" for name, count in found.items()))
    say("")

    # Ratios and targets.
    x1 = results[(1, "songsheet check (2 threads)")]
    rg = results[(1, "ripgrep -F -f (6,000 literals)")]
    say(f"- songsheet / ripgrep on the corpus: {x1[0] / rg[0]:.2f}x the time")
    if args.old_binary:
        old = results[(1, f"songsheet, {args.old_label} (2 threads)")]
        say(f"- {args.old_label} / songsheet on the corpus: {old[0] / x1[0]:.1f}x")
    if textlint is not None:
        say(f"- textlint / songsheet on the 10% subset: {textlint[0] / s_mean:.0f}x")
    if textlint_corpus is not None:
        say(f"- textlint / songsheet on the whole corpus: {textlint_corpus[0] / textlint_corpus[1]:.0f}x")
    if 16 in scales and 1 in scales:
        x16 = results[(16, "songsheet check (2 threads)")]
        say(f"- x16 / x1 time: {x16[0] / x1[0]:.1f} (linear would be 16)")
    say(f"- corpus throughput: {x1[3] / 1e6 / x1[0]:.0f} MB/s (target 150)")
    if 16 in scales:
        say(f"- peak memory on x16: {results[(16, 'songsheet check (2 threads)')][2] / 1024:.0f} MB (target < 100)")
    say(f"- one file: {times[0][0] * 1000:.1f} ms with the glossary cache, {times[1][0] * 1000:.1f} ms "
        "without (target < 15)")
    say(f"- editor: {editor['check after an edit'][0]:.1f} ms from a save to its diagnostics, "
        f"{editor['first check, glossary cache warm'][0]:.1f} ms for the first document "
        "(medians; no target in the issue)")
    if args.criterion:
        say(f"- glossary compilation (criterion): {args.criterion}")

    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
