#!/usr/bin/env bash
# Install pydev-workflow with its test dependencies into a virtual environment and run the tests.
# PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) tests run when the servers answer;
# with CI set they must answer.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$here/.venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here[dev]"
cd "$here"
exec "$venv/bin/python" -m pytest "$@"
