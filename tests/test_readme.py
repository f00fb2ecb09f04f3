"""The README's two commands exist, CI runs them, and the example job they run works."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The shell commands under 'The two commands' (one per ```sh block)."""
    part = README.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", part, re.S)]


def test_readme_has_exactly_two_commands_and_ci_runs_both() -> None:
    commands = readme_commands()
    assert commands == ["./scripts/run-example.sh", "./scripts/test.sh"]
    for command in commands:
        assert (ROOT / command).is_file()
        assert command in CI, f".ci/run does not run {command}"


def test_the_scripts_are_valid_shell() -> None:
    for script in ("scripts/run-example.sh", "scripts/test.sh", ".ci/run"):
        subprocess.run(["bash", "-n", str(ROOT / script)], check=True)


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pydev_workflow", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("pydev-workflow ")


def test_help_lists_every_data_models_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pydev_workflow", "data-models", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in (
        "init",
        "check",
        "run",
        "render",
        "schema",
        "verify",
        "import",
        "lint-doc",
        "rules",
    ):
        assert re.search(rf"^\s+{command}\b", out, re.M), command


def test_readme_links_exist() -> None:
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
