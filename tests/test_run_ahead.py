"""`run` forks the review's child in the same batch as the DDL workers (Prepared.compile_ahead),
and runs its pre-flight in a child while a big spec loads: real processes, and the findings,
the certainty score, the SQL block and the pre-flight are exactly those of one in-process pass,
also when the child is killed or no fork is possible."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import ROOT, reaped

from pydev_workflow.errors import InputError
from pydev_workflow.forked import ForkedCallFailed, fork_batch
from pydev_workflow.model import Schema
from pydev_workflow.spec import load
from pydev_workflow.workflow import splice
from pydev_workflow.workflow.config import ProjectPaths, project_paths
from pydev_workflow.workflow.pipeline import (
    CHECKS_AHEAD,
    DDL_WORKERS,
    Ddl,
    Prepared,
    ddl_block,
    load_spec,
    prepare,
    prepare_project,
    review,
)
from pydev_workflow.workflow.preflight import preflight
from pydev_workflow.workflow.run import RunOptions, _preflight_and_load, run_step

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")

#: (spec, dialect): DM701 notes in many entities, the spec's own sequences, enums
CASES = [
    (ROOT / "examples" / "shop" / "data-models.yaml", "mysql"),
    (ROOT / "examples" / "shop" / "data-models.yaml", "postgresql"),
    (ROOT / "tests" / "fixtures" / "engine-specs" / "sequences.yaml", "sqlite"),
]


def _twice(x: int) -> int:
    return 2 * x


def _text(x: int) -> str:
    return "x" * x


def _boom() -> None:
    raise ValueError("in the child")


def test_a_batch_of_unlike_calls_answers_each_in_order() -> None:
    jobs = fork_batch([(_twice, (21,)), (_text, (3,)), (_boom, ()), (_text, (200_000,))])
    assert len(jobs) == 4
    try:
        assert jobs[0].future.result(timeout=30) == 42
        assert jobs[1].result() == "xxx"
        with pytest.raises(ForkedCallFailed):
            jobs[2].future.result(timeout=30)
        assert jobs[3].result() == "x" * 200_000  # more than a pipe buffer holds
    finally:
        for job in jobs:
            job.stop()
    assert all(reaped(job.pid) for job in jobs)


def test_no_batch_from_a_threaded_process() -> None:
    with _a_thread_running():
        assert fork_batch([(_twice, (1,)), (_twice, (2,))]) == []


@contextmanager
def _a_thread_running() -> Iterator[None]:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        yield
    finally:
        stop.set()
        t.join()


def _prepared(spec: Path, dialect: str) -> Prepared:
    """The spec prepared for `dialect`, with DDL workers and the review's child from 1 entity."""
    prepared = prepare(load(spec, spec.name), dialects=[dialect])
    return replace(prepared, ddl=Ddl(prepared.schema, ahead_from=1))


def _same_as_one_pass(prepared: Prepared, dialect: str) -> None:
    here = review(prepared.schema, prepared.components, dialects=[dialect], fork_from=None)
    assert prepared.findings == here.findings
    assert [f.to_json() for f in prepared.findings] == [f.to_json() for f in here.findings]
    assert prepared.certainty == here.certainty
    block = prepared.ddl.block(dialect)
    assert isinstance(block, Future)
    assert block.result(timeout=60) == ddl_block(prepared.schema, dialect)


@pytest.mark.parametrize(("spec", "dialect"), CASES, ids=lambda x: getattr(x, "stem", x))
def test_the_review_child_forked_with_the_workers_gives_the_one_pass_review(
    spec: Path, dialect: str
) -> None:
    assert threading.active_count() == 1  # else no child is forked and nothing is compared
    prepared = _prepared(spec, dialect)
    try:
        prepared.compile_ahead(dialect, review_from=1)
        assert prepared.ddl.has_workers and len(prepared.ddl._jobs) == DDL_WORKERS
        (started,) = prepared._started
        # DM701 runs in the child: it translates the notes itself, never waiting for the
        # workers' futures (only this process's reader threads complete them)
        assert "DM701" in started.codes and set(started.codes) <= CHECKS_AHEAD
        assert any(f.code == "DM701" for f in prepared.findings) == (dialect != "postgresql")
        assert reaped(started.job.pid)  # the review stopped its child
        _same_as_one_pass(prepared, dialect)
    finally:
        prepared.ddl.close()
    assert all(reaped(job.pid) for job in prepared.ddl._jobs)


def test_a_killed_review_child_runs_its_rules_here() -> None:
    spec, dialect = CASES[0]
    prepared = _prepared(spec, dialect)
    try:
        prepared.compile_ahead(dialect, review_from=1)
        (started,) = prepared._started
        started.job.stop()  # killed before it answered (or it had answered: either way)
        _same_as_one_pass(prepared, dialect)
    finally:
        prepared.ddl.close()


def test_closing_the_run_stops_a_review_child_never_read() -> None:
    spec, dialect = CASES[0]
    prepared = _prepared(spec, dialect)
    prepared.compile_ahead(dialect, review_from=1)
    (started,) = prepared._started
    prepared.ddl.close()  # the run ended early (an error) before reading the review
    assert reaped(started.job.pid)


def test_below_the_thresholds_or_threaded_everything_runs_here() -> None:
    spec, dialect = CASES[0]
    small = _prepared(spec, dialect)
    small.compile_ahead(dialect, review_from=None)  # workers, but no review child
    try:
        assert small.ddl.has_workers and not small._started
        _same_as_one_pass(small, dialect)
    finally:
        small.ddl.close()
    threaded = _prepared(spec, dialect)
    with _a_thread_running():
        threaded.compile_ahead(dialect, review_from=1)
    assert not threaded.ddl.has_workers and not threaded._started
    assert threaded.ddl.block(dialect) == ddl_block(threaded.schema, dialect)  # compiled here
    here = review(threaded.schema, threaded.components, dialects=[dialect], fork_from=None)
    assert threaded.findings == here.findings and threaded.certainty == here.certainty


# -- the pre-flight in a child while the spec loads (run._preflight_and_load) -----------------
def _project(tmp_path: Path) -> ProjectPaths:
    dest = tmp_path / "shop"
    shutil.copytree(ROOT / "examples" / "shop", dest)
    return project_paths(dest, None)


def test_the_preflight_in_a_child_while_the_spec_loads_is_the_one_here(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    # a re-run: ARCHITECTURE.md holds the Data Models section whose headings the child finds
    run_step(RunOptions(paths=paths, date="2026-01-01", commit=False), lambda kind, text: None)
    splice._MARKS.clear()
    pf, loaded = _preflight_and_load(paths, ahead_from=0)
    assert pf == preflight(paths)
    assert pf.ok and pf.architecture is not None
    assert isinstance(loaded, Schema) and loaded == load_spec(paths)
    body = pf.architecture.text
    assert "## Data Models" in body
    assert splice._MARKS.get(body) == tuple(splice.fresh_marks(body))  # seeded from the child
    # small specs: the pre-flight here, the spec loaded by the caller
    pf_here, none = _preflight_and_load(paths)
    assert pf_here == pf and none is None


def test_the_preflights_failure_comes_before_the_specs(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    paths.spec.write_text("entities:\n  A: [\n", encoding="utf-8")
    paths.devlog.unlink()
    pf, loaded = _preflight_and_load(paths, ahead_from=0)
    assert not pf.ok and isinstance(loaded, InputError)
    with pytest.raises(InputError) as raised:
        run_step(RunOptions(paths=paths, date="2026-01-01", commit=False), lambda k, t: None)
    assert "DEV_LOG.md" in str(raised.value)  # the pre-flight's, not the spec's
    with pytest.raises(InputError) as spec_error:
        prepare_project(paths, loaded=loaded)
    assert spec_error.value is loaded


def test_no_fork_for_the_preflight_from_a_threaded_process(tmp_path: Path) -> None:
    paths = _project(tmp_path)
    with _a_thread_running():
        pf, loaded = _preflight_and_load(paths, ahead_from=0)
    assert pf == preflight(paths) and loaded is None
