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


def test_add_a_dialect_names_every_flag_a_new_engine_sets() -> None:
    """CONTRIBUTING's recipe lists every Dialect/Limits field and adapter flag a new engine
    may have to set, so a flag added in code cannot go missing from the recipe."""
    import dataclasses

    from pydev_workflow.dialects.adapter import EngineAdapter, ServerAdapter
    from pydev_workflow.dialects.base import Dialect, Limits

    recipe = CONTRIBUTING.split("## Add a dialect", 1)[1].split("\n## ", 1)[0]
    skip = {"name", "display", "sqlalchemy_name", "max_identifier_length", "reserved_words_ref",
            "url_example", "driver_extra", "notes", "limits", "decimal_precision",
            "decimal_scale", "scale_within_precision", "float_precision", "varchar_length",
            "char_length", "bytes_per_char", "identifier_bytes"}  # fmt: skip
    fields = {f.name for f in dataclasses.fields(Dialect)} | {
        f.name for f in dataclasses.fields(Limits)
    }
    flags = {
        name
        for cls in (EngineAdapter, ServerAdapter)
        for name, value in vars(cls).items()
        if isinstance(value, bool) and not name.startswith("_")
    }
    missing = sorted(n for n in (fields | flags) - skip if f"`{n}`" not in recipe)
    assert missing == []
