"""The seed's pre-flight on real project directories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.workflow.config import project_paths
from pydev_workflow.workflow.preflight import claude_info, preflight

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "blog"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    dest = tmp_path / "blog"
    shutil.copytree(EXAMPLE, dest)
    return dest


def test_example_passes_and_reports_what_it_read(blog: Path) -> None:
    pf = preflight(project_paths(blog))
    assert pf.ok
    pf.raise_if_failed()
    names = [i.name for i in pf.items]
    assert names == ["Read CLAUDE.md", "Read ARCHITECTURE.md", "Check DEV_LOG.md"]
    claude, arch, log = pf.items
    assert pf.claude is not None and pf.claude.title.startswith("CLAUDE.md")
    assert f"{len(pf.claude.practices)} practices" in claude.detail
    assert [c.name for c in pf.components][:2] == ["Accounts", "Publishing"]
    assert "4 components" in arch.detail
    assert log.detail.startswith("step 02 (System Architecture) complete")
    assert log.loc.line > 1


def test_everything_missing_reports_every_item_at_once(tmp_path: Path) -> None:
    pf = preflight(project_paths(tmp_path))
    assert not pf.ok and len(pf.failed) == 3
    with pytest.raises(InputError) as exc:
        pf.raise_if_failed()
    lines = str(exc.value).splitlines()
    assert lines[0] == (
        "CLAUDE.md:1:1: error: CLAUDE.md not found (create it with the project's best "
        "practices, as in step 01, project init)"
    )
    assert lines[1].startswith("ARCHITECTURE.md:1:1: error: ARCHITECTURE.md not found")
    assert lines[2].startswith("DEV_LOG.md:1:1: error: DEV_LOG.md not found (finish step 02")


def test_architecture_without_components_names_the_three_shapes(blog: Path) -> None:
    (blog / "ARCHITECTURE.md").write_text("# Architecture\n\nSome prose.\n")
    pf = preflight(project_paths(blog))
    item = pf.items[1]
    assert not item.ok and item.detail == "ARCHITECTURE.md names no components"
    for shape in ("sub-headings", "'Component' column", "bullet list"):
        assert shape in item.hint


@pytest.mark.parametrize(
    "text",
    [
        "# A\n\n## Components\n\n### Auth\n\n### Billing\n",
        "# A\n\n| Component | Purpose |\n|---|---|\n| Auth | login |\n",
        "# A\n\n## Components\n\n- **Auth**: login\n- Billing — money\n",
    ],
)
def test_three_component_shapes_pass(blog: Path, text: str) -> None:
    (blog / "ARCHITECTURE.md").write_text(text)
    item = preflight(project_paths(blog)).items[1]
    assert item.ok, item.detail
    assert "Auth" in item.detail


def test_devlog_without_step_02(blog: Path) -> None:
    (blog / "DEV_LOG.md").write_text(
        "# Log\n\n### 2026-01-01 Project Initialized {#project-init}\n\n---\n"
    )
    pf = preflight(project_paths(blog))
    assert [i.ok for i in pf.items] == [True, True, False]
    with pytest.raises(InputError) as exc:
        pf.raise_if_failed()
    assert str(exc.value) == (
        "DEV_LOG.md:1:1: error: DEV_LOG.md does not show step 02 (System Architecture) complete "
        "(finish step 02, system architecture, and log it as "
        "'### YYYY-MM-DD System Architecture Defined {#system-architecture}')"
    )


def test_devlog_step_02_by_title_words(blog: Path) -> None:
    (blog / "DEV_LOG.md").write_text("# Log\n\n## System architecture done\n")
    assert preflight(project_paths(blog)).ok


def test_unreadable_and_empty_files(blog: Path) -> None:
    (blog / "CLAUDE.md").write_text("")
    (blog / "DEV_LOG.md").write_bytes(b"# Log\n\xff\n")
    pf = preflight(project_paths(blog))
    claude, _, log = pf.items
    assert not claude.ok and claude.detail == "CLAUDE.md is empty"
    assert not log.ok and str(log.loc) == "DEV_LOG.md:2:1" and "UTF-8" in log.detail


def test_claude_info_counts_practices() -> None:
    info = claude_info("# Rules\n\n- one\n- two\n  - nested\n\n1. three\n")
    assert info.title == "Rules"
    assert info.practices == ("one", "two", "nested", "three")
    assert claude_info("no heading", "CLAUDE.md").title == "CLAUDE.md"
