#!/usr/bin/env bash
# Install pydev-workflow into a virtual environment and run step 03 (Data Models) on the bundled
# example project, in a temporary copy that is a fresh git repository (the repo stays clean).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$here/.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here"

work="$(mktemp -d "${TMPDIR:-/tmp}/pydev-workflow-example.XXXXXX")"
cp -R "$here/examples/blog" "$work/blog"
cd "$work/blog"
git init -q -b main
git -c user.name=Example -c user.email=example@example.com add .
git -c user.name=Example -c user.email=example@example.com commit -q -m "step 02: system architecture"

export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Example}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-example@example.com}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-Example}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-example@example.com}"
"$venv/bin/pydev-workflow" data-models run --verify sqlite
echo
echo "The example project, with its new commit, is in $work/blog:"
git --no-pager log --oneline -n 2
git --no-pager show --stat --format='%s' HEAD | tail -n 3
