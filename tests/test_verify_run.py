"""`data-models run --verify sqlite,postgresql`: the proof in ARCHITECTURE.md and the checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.verify.urls import LOCAL_DEFAULTS, parse_target


def test_engine_names_resolve_to_local_servers() -> None:
    assert parse_target("sqlite").memory
    assert parse_target("postgres").url == "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    assert parse_target("postgresql").dialect == "postgresql"
    for name in ("mariadb", "mysql"):
        target = parse_target(name)
        assert (target.dialect, target.url) == ("mariadb", LOCAL_DEFAULTS[name])
    assert parse_target("postgresql://u@h:1/x").url == "postgresql+psycopg://u@h:1/x"


@pytest.mark.db("postgresql")
def test_run_with_verify_cites_the_engines(
    project: Path,
    postgresql_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the engine name takes its URL from the environment: this session's own database
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", postgresql_url)
    code = run_cli(
        ["data-models", "run", "-C", str(project), "--verify", "sqlite,postgresql",
         "--rows", "500", "--format", "json"]
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    engines = [v["engine"] for v in out["verification"]]
    assert engines == ["sqlite", "postgresql"]
    assert all(v["ok"] for v in out["verification"])
    arch = (project / "ARCHITECTURE.md").read_text()
    table = arch[arch.index("### Query Patterns") :].split("\n\n")[1]
    assert "| O(1) (verified on sqlite: PK, O(1); postgresql: PK, O(1)) | PK |" in table
    assert table.count("verified on") == arch.count("verified on")  # only in that table
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert rows and all("verified on" in ln for ln in rows)
    third = next(a for a in out["checkpoint"] if a["number"] == 3)
    assert "verified on a real engine" in third["summary"]
    assert any(
        line.startswith("Get post by ID (high)") and "postgresql: PK, O(1)" in line
        for line in third["evidence"]
    )


def test_run_with_verify_text_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(
        ["data-models", "run", "-C", str(project), "--verify", "sqlite", "--rows", "200"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "verified on sqlite (sqlite://): round trip 0 difference(s)" in out


def test_a_measured_scan_of_a_frequent_query_fails_the_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    text = spec.read_text(encoding="utf-8")
    # a high-frequency query on an unindexed column: the engine scans, the run must say so
    spec.write_text(
        text.replace(
            "  - {name: Get post by ID, entity: Post, filter: [id], frequency: high}",
            "  - {name: Get post by ID, entity: Post, filter: [id], frequency: high}\n"
            "  - {name: Posts by title, entity: Post, filter: [title], frequency: high}",
        ),
        encoding="utf-8",
    )
    code = run_cli(["data-models", "run", "-C", str(project), "--verify", "sqlite",
                    "--rows", "300", "--no-commit"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "verification found" in out and "V201" in out
    assert "## Data Models" in (project / "ARCHITECTURE.md").read_text(encoding="utf-8")
