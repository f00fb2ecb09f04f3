"""`render` through the CLI for every registered renderer, and spec paths from pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from pydev_workflow.cli.app import run_cli
from pydev_workflow.renderers import RENDERERS


@pytest.mark.parametrize("fmt", RENDERERS.names())
def test_every_renderer_renders_the_example(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run_cli(["data-models", "render", "-C", str(EXAMPLE), "-f", fmt, "--date", "2026-11-25"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.strip()


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mysql", "mariadb"])
def test_sql_for_each_dialect(dialect: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["data-models", "render", "-C", str(EXAMPLE), "-f", "sql", "-d", dialect]) == 0
    assert "CREATE TABLE" in capsys.readouterr().out


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "erd.mmd"
    assert (
        run_cli(["data-models", "render", "-C", str(EXAMPLE), "-f", "mermaid", "-o", str(target)])
        == 0
    )
    assert target.read_text(encoding="utf-8").startswith("erDiagram")


def test_unknown_dialect_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["data-models", "render", "-C", str(EXAMPLE), "-f", "sql", "-d", "oracle"]) == 2
    assert "unknown dialect 'oracle'" in capsys.readouterr().err


def test_spec_path_from_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project)
    (project / "design").mkdir()
    (project / "data-models.yaml").rename(project / "design" / "models.yaml")
    (project / "pyproject.toml").write_text(
        '[tool.pydev-workflow]\nspec = "design/models.yaml"\n', encoding="utf-8"
    )
    assert run_cli(["data-models", "render", "-C", str(project), "-f", "mermaid"]) == 0
    assert "USER ||--o{ POST : creates" in capsys.readouterr().out


def test_missing_spec_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["data-models", "render", "-C", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "data-models.yaml" in err and "init" in err
