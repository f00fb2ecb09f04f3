"""What README and CONTRIBUTING claim about the CLI is true: every command and option they show
exists in `--help`, and every `--format` choice they name is accepted."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache

import pytest
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _shown_commands() -> list[str]:
    """Every `pydev-workflow data-models …` line of a code block or inline code in the docs."""
    text = README + CONTRIBUTING
    lines = re.findall(r"pydev-workflow data-models [^\n`#]*", text)
    return sorted({line.strip() for line in lines})


@cache
def _help(command: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "pydev_workflow", "data-models", *command.split(), "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
    ).stdout


@pytest.mark.parametrize("line", _shown_commands())
def test_every_documented_command_and_option_exists(line: str) -> None:
    words = line.split()[2:]
    assert words, line
    command = words[0]
    if command == "import":
        command = (
            f"import {words[1]}" if len(words) > 1 and not words[1].startswith("-") else command
        )
    help_text = _help(command)
    for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line):
        assert option in help_text, f"{line!r}: {option} is not an option of `{command}`"


def test_documented_render_formats_exist() -> None:
    shown = re.search(r"render --format ([a-z|]+)", README)
    assert shown
    help_text = _help("render")
    for name in shown.group(1).split("|"):
        assert name in help_text, f"render --format {name} is not a renderer"
