"""An edit made to ARCHITECTURE.md or DEV_LOG.md while `run` works is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.workflow.config import project_paths
from pydev_workflow.workflow.fs import changed_since_read, read_document
from pydev_workflow.workflow.run import RunOptions, run_step


def test_changed_since_read_on_the_file_system(tmp_path: Path) -> None:
    doc_path = tmp_path / "A.md"
    doc_path.write_text("one\n", encoding="utf-8")
    doc = read_document(doc_path)
    assert not changed_since_read(doc)
    doc_path.write_text("two\n", encoding="utf-8")  # same size, another text
    assert changed_since_read(doc)
    doc = read_document(doc_path)
    doc_path.unlink()
    assert changed_since_read(doc)
    missing = read_document(tmp_path / "B.md", missing_ok=True)
    assert not changed_since_read(missing)
    (tmp_path / "B.md").write_text("new\n", encoding="utf-8")
    assert changed_since_read(missing)


def _editing(path: Path, at_phase: str) -> tuple[str, object]:
    mine = path.read_text(encoding="utf-8") + "\nA line I typed while the run worked.\n"

    def report(kind: str, text: str) -> None:
        if kind == "phase" and text == at_phase:  # the user saves in an editor
            path.write_text(mine, encoding="utf-8")

    return mine, report


def test_an_edit_after_the_read_stops_the_run_and_nothing_is_written(project: Path) -> None:
    """ARCHITECTURE.md is read at the pre-flight: an edit after it is not written over."""
    arch, log = project / "ARCHITECTURE.md", project / "DEV_LOG.md"
    log_before = log.read_bytes()
    mine, report = _editing(arch, "Phase 4: Output")
    options = RunOptions(paths=project_paths(project), date="2026-01-01", commit=False)
    with pytest.raises(InputError, match="ARCHITECTURE.md changed on disk while the run"):
        run_step(options, report)  # type: ignore[arg-type]
    assert arch.read_text(encoding="utf-8") == mine
    assert log.read_bytes() == log_before


def test_an_edit_before_the_read_is_kept(project: Path) -> None:
    """DEV_LOG.md is read when the output is written: an edit before that is in the result."""
    log = project / "DEV_LOG.md"
    _, report = _editing(log, "Phase 4: Output")
    options = RunOptions(paths=project_paths(project), date="2026-01-01", commit=False)
    run_step(options, report)  # type: ignore[arg-type]
    text = log.read_text(encoding="utf-8")
    assert "A line I typed while the run worked." in text and "Data Models" in text
