#!/usr/bin/env bash
# The pre-commit hook, for real: a throwaway content repository uses this repository's
# hook (pre-commit try-repo, then the README's .pre-commit-config.yaml snippet with the
# repository swapped for this checkout), and the hook must fail on a violating file and
# pass on a clean one. Needs pre-commit (`pip install pre-commit`), git and cargo.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$work/cache}"
# pre-commit builds the hook with `cargo install` for each new environment; one shared
# target directory lets the second build reuse the first's dependencies.
export CARGO_TARGET_DIR="$here/target/pre-commit-test"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com

# try-repo and a local `repo:` need the hook manifest in a commit: use a snapshot of
# this checkout (committed or not) as its own small repository.
snapshot="$work/songsheet"
mkdir -p "$snapshot"
(cd "$here" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents {} "$snapshot/")
(cd "$snapshot" && git init -q && git add -A && git commit -q -m snapshot)
rev=$(cd "$snapshot" && git rev-parse HEAD)

content="$work/content"
mkdir -p "$content" && cd "$content"
git init -q
cat > songsheet.toml <<'TOML'
[check]
rulesets = []
exclude = ["drafts/**"]

[[banned]]
id = "risk-free"
phrases = ["risk-free"]
message = "Say what the guarantee covers instead."
TOML
printf '# Offer\n\nTry it risk-free.\n' > bad.md
printf '# Offer\n\nTry it for 30 days.\n' > clean.md
mkdir -p drafts && printf 'Draft: risk-free.\n' > drafts/wip.md
git add -A && git commit -q -m content

fail() { echo "pre-commit test FAILED: $*" >&2; exit 1; }

echo "-- try-repo: fails on the violating file, says nothing of the clean and excluded ones"
if out=$(pre-commit try-repo "$snapshot" songsheet --files bad.md clean.md drafts/wip.md 2>&1); then
  echo "$out"; fail "the hook passed although bad.md breaks the glossary"
fi
echo "$out" | grep -q "banned(risk-free)" && echo "$out" | grep -q "bad.md:3:8" || { echo "$out"; fail "no banned finding at bad.md:3:8"; }
echo "$out" | grep -q "clean.md" && { echo "$out"; fail "clean.md was reported"; }
echo "$out" | grep -q "wip.md" && { echo "$out"; fail "the excluded draft was reported (--force-exclude)"; }
echo "$out" | grep -q "in 2 files" || { echo "$out"; fail "expected bad.md and clean.md checked, the draft excluded"; }

echo "-- the README snippet, pointed at this checkout"
sed -e "s|repo: .*|repo: $snapshot|" -e "s|rev: .*|rev: $rev|" "$here/docs/ci/pre-commit-config.yaml" > .pre-commit-config.yaml
if out=$(pre-commit run --all-files 2>&1); then
  echo "$out"; fail "the README snippet's hook passed on a repository with bad.md"
fi
echo "$out" | grep -q "bad.md" || { echo "$out"; fail "bad.md not reported"; }
git rm -q bad.md && git commit -q -m "fix the copy"
out=$(pre-commit run --all-files 2>&1) || { echo "$out"; fail "the README snippet's hook failed on clean content"; }

echo "pre-commit: 3 passed, 0 failed"
