"""One pipeline: `check` and `run` report the same findings for the same spec and configuration
(the examples, the fixture specs and specs imported from the corpus), and [tool.pydev-workflow]
settings reach both."""

from __future__ import annotations

import json
import os
import pickle
import select
import sys
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, ROOT

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import ExitCode
from pydev_workflow.findings import Finding

EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/data-models.yaml"))
FIXTURE_SPECS = sorted(
    p
    for folder in ("specs", "verify")
    for p in (ROOT / "tests" / "fixtures" / folder).glob("*.yaml")
)
#: (importer, corpus file): real schemas written by other people, imported into a spec
CORPUS_SOURCES = [
    ("sql", "postgresql/pagila-schema.sql"),
    ("sql", "mysql/sakila-schema.sql"),
    ("sql", "sqlite/chinook-schema.sql"),
    ("dbml", "dbml/ecommerce.dbml"),
]
#: every engine's dialect-aware rules (DM701 above all) judged by both commands
ALL_DIALECTS = '[tool.pydev-workflow]\ndialects = ["all"]\n'


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    run_cli(["data-models", "check", "-C", str(project), "-f", "json"])
    doc = json.loads(capsys.readouterr().out)
    return [(f["code"], f["location"]) for f in doc["findings"]]


def _run(project: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    run_cli(["data-models", "run", "-C", str(project), "-f", "json", "--no-commit"])
    doc = json.loads(capsys.readouterr().out)
    return [(f["code"], f["location"]) for f in doc["findings"]]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_check_and_run_report_identical_findings(
    example: Path, project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = project_copy(example)
    assert _check(dest, capsys) == _run(dest, capsys)


def _with_docs(spec_text: str, root: Path) -> Path:
    """A project holding `spec_text` and the blog example's three documents."""
    root.mkdir()
    for doc in ("CLAUDE.md", "ARCHITECTURE.md", "DEV_LOG.md"):
        (root / doc).write_text((EXAMPLE / doc).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "data-models.yaml").write_text(spec_text, encoding="utf-8")
    (root / "pyproject.toml").write_text(ALL_DIALECTS, encoding="utf-8")
    return root


@pytest.mark.parametrize("spec", FIXTURE_SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_and_run_agree_on_the_fixture_specs(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = _with_docs(spec.read_text(encoding="utf-8"), tmp_path / "p")
    checked = _check(dest, capsys)
    assert checked == _run(dest, capsys)


@pytest.mark.parametrize(("kind", "source"), CORPUS_SOURCES, ids=lambda x: x)
def test_check_and_run_agree_on_specs_imported_from_the_corpus(
    kind: str, source: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = tmp_path / "imported.yaml"
    code = run_cli(["data-models", "import", kind, str(corpus / source), "-o", str(imported)])
    capsys.readouterr()
    assert code == ExitCode.OK
    dest = _with_docs(imported.read_text(encoding="utf-8"), tmp_path / "p")
    checked = _check(dest, capsys)
    # real schemas have findings: the comparison is not of two empty lists
    assert checked
    assert checked == _run(dest, capsys)


def test_a_dialect_aware_rule_fires_in_check_and_run_alike(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    text = spec.read_text(encoding="utf-8").replace("dialect: postgresql", "dialect: sqlite", 1)
    # `verbose` is reserved on some engines only: both commands must judge it for the same targets
    (project / "pyproject.toml").write_text(
        '[tool.pydev-workflow]\ndialects = ["sqlite", "postgresql"]\n', encoding="utf-8"
    )
    spec.write_text(text, encoding="utf-8")
    checked = _check(project, capsys)
    assert checked == _run(project, capsys)


def test_settings_select_and_ignore_reach_check_and_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    text = spec.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if "name: idx_comments_user_id," in x)
    assert line in text
    spec.write_text(text.replace(line, ""), encoding="utf-8")  # an unindexed FK: DM301
    assert [c for c, _ in _check(project, capsys) if c.startswith("DM3")]
    (project / "pyproject.toml").write_text(
        '[tool.pydev-workflow]\nignore = ["DM3"]\n', encoding="utf-8"
    )
    assert not [c for c, _ in _check(project, capsys) if c.startswith("DM3")]
    assert not [c for c, _ in _run(project, capsys) if c.startswith("DM3")]


def test_unknown_setting_is_an_input_error_with_a_suggestion(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.pydev-workflow]\nselct = ["DM1"]\n', encoding="utf-8"
    )
    code = run_cli(["data-models", "check", "-C", str(project)])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "pyproject.toml: error: unknown key 'selct'" in err and "did you mean 'select'" in err


@pytest.fixture
def project_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    import shutil

    def copy(example: Path) -> Path:
        dest = tmp_path / example.name
        shutil.copytree(example, dest)
        return dest

    return copy


@pytest.mark.parametrize(
    "spec",
    [*(p / "data-models.yaml" for p in EXAMPLES), *FIXTURE_SPECS],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_one_ddl_build_serves_the_block_verify_and_dm701(spec: Path) -> None:
    # what `run` shares from its one build equals what each reader would compile for itself
    from pydev_workflow.dialects.metadata import cannot_hold, statements
    from pydev_workflow.spec import load
    from pydev_workflow.workflow.pipeline import ddl_block, prepare

    for dialect in ("postgresql", "sqlite", "mysql", "mariadb"):
        prepared = prepare(load(spec, spec.name))
        schema, ddl = prepared.schema, prepared.ddl
        ddl.compile_block_ahead(dialect)
        assert ddl.block(dialect) == ddl_block(schema, dialect)
        assert ddl.statements(schema, dialect) == statements(schema, dialect)
        assert ddl.notes(dialect) == cannot_hold(schema, dialect)


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork worker: Linux")
#: (spec, dialect): DM701 notes in many entities of both slices, and the spec's own sequences
WORKER_CASES = [
    *((ROOT / "examples" / "shop" / "data-models.yaml", d) for d in ("sqlite", "mysql", "mariadb")),
    *(
        (ROOT / "tests" / "fixtures" / "engine-specs" / "sequences.yaml", d)
        for d in ("sqlite", "mysql")
    ),
]


def _dm701(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == "DM701"]


@linux_only
@pytest.mark.parametrize(("spec", "dialect"), WORKER_CASES, ids=lambda x: getattr(x, "stem", x))
def test_dm701_from_the_ddl_workers_is_dm701_of_check(spec: Path, dialect: str) -> None:
    """`run` on a model above the worker threshold takes DM701's notes from the workers that
    compile the block in slices: the same findings as `check`, which translates in-process."""
    from pydev_workflow.dialects.metadata import cannot_hold
    from pydev_workflow.spec import load
    from pydev_workflow.workflow.pipeline import DDL_WORKERS, Ddl, ddl_block, prepare

    checked = prepare(load(spec, spec.name), dialects=[dialect])
    want = _dm701(checked.findings)
    assert want  # the case says something: notes of its entities (or of its sequences)
    prepared = replace(checked, ddl=Ddl(checked.schema, ahead_from=1))
    ddl = prepared.ddl
    ddl.compile_block_ahead(dialect)
    try:
        assert ddl.has_workers and len(ddl._jobs) == DDL_WORKERS
        assert _dm701(prepared.findings) == want
        assert ddl.notes(dialect) == cannot_hold(checked.schema, dialect)
        block = ddl.block(dialect)
        assert isinstance(block, Future)
        assert block.result(timeout=60) == ddl_block(checked.schema, dialect)
    finally:
        ddl.close()
    # a model below the threshold forks nothing: DM701 translates in-process
    small = Ddl(checked.schema, ahead_from=len(checked.schema.entities) + 1)
    small.compile_block_ahead(dialect)
    assert not small.has_workers
    assert small.notes(dialect) == cannot_hold(checked.schema, dialect)


@linux_only
def test_dm701_notes_without_the_workers_answers() -> None:
    """Workers stopped before they answered, or a child forked from the run while they work
    (whose futures no thread completes): the notes are translated there, nothing waits."""
    from pydev_workflow.dialects.metadata import cannot_hold
    from pydev_workflow.spec import load
    from pydev_workflow.workflow.pipeline import Ddl

    schema = load(WORKER_CASES[0][0])
    want = cannot_hold(schema, "mysql")
    stopped = Ddl(schema, ahead_from=1)
    stopped.compile_block_ahead("mysql")
    stopped.close()
    assert stopped.has_workers and stopped.notes("mysql") == want

    ddl = Ddl(schema, ahead_from=1)
    ddl.compile_block_ahead("mysql")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its copies of the futures are never completed
        code = 1
        try:
            os.close(read_fd)
            os.write(write_fd, pickle.dumps(ddl.notes("mysql")))
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 60)
        assert ready, "the forked child waited for the workers' futures"
        data = b""
        while chunk := os.read(read_fd, 1 << 16):
            data += chunk
        assert pickle.loads(data) == want
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
        ddl.close()
