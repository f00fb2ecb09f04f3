"""The speed-ups keep the answers: GC pauses, per-run memos and the forked DDL workers."""

from __future__ import annotations

import gc
import glob
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pydev_workflow.analysis import plan, plans
from pydev_workflow.dialects import metadata
from pydev_workflow.model import Decision, Schema
from pydev_workflow.perf import gc_paused
from pydev_workflow.renderers.context import relational_part
from pydev_workflow.spec import load

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork worker: Linux")


@pytest.fixture
def schema(example_spec: Path) -> Schema:
    return load(example_spec)


def _leftovers() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "pydev-workflow-ddl-*")))


def test_gc_paused_restores_the_collector_and_nests() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outermost pause enables it again
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_alone() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gc_paused_reenables_after_an_error() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_plans_memo_answers_for_a_copy_with_more_decisions(schema: Schema) -> None:
    first = plans(schema)
    copy = replace(schema, decisions=(*schema.decisions, Decision("x", "y")))
    assert plans(copy) is first
    assert first == tuple(plan(schema, q) for q in schema.query_patterns)


def test_relational_part_is_a_function_of_the_schema(schema: Schema) -> None:
    part = relational_part(schema)
    copy = replace(schema, decisions=(*schema.decisions, Decision("x", "y")))
    assert relational_part(copy) == replace(part, decisions=copy.decisions)
    assert relational_part(schema) == part


@linux_only
def test_run_gives_the_same_documents_with_the_worker(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from pydev_workflow.cli.app import run_cli

    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    from pydev_workflow import forked
    from pydev_workflow.workflow import pipeline

    started: list[int] = []
    start = forked.fork_batch

    def counted(calls: Any) -> Any:
        jobs = start(calls)
        started.extend(job.pid for job in jobs)
        return jobs

    for root, workers in ((project, False), (twin, True)):
        if workers:
            monkeypatch.setattr(pipeline, "DDL_AHEAD_MIN_ENTITIES", 1)
            monkeypatch.setattr(pipeline, "fork_batch", counted)
        args = ["data-models", "run", "--no-commit", "--date", "2026-01-01", "-C", str(root)]
        assert run_cli(args) == 0
    # the twin's DDL block came from the workers: one per slice of an all-relational model,
    # else one for the block of its relational part
    assert len(started) in (1, pipeline.DDL_WORKERS)
    for name in ("ARCHITECTURE.md", "DEV_LOG.md"):
        assert (twin / name).read_bytes() == (project / name).read_bytes()
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped by the run


SPECS = sorted((Path(__file__).parent / "fixtures" / "specs").glob("*.yaml")) + sorted(
    (Path(__file__).parent / "fixtures" / "engine-specs").glob("*.yaml")
)


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mysql", "mariadb"])
@pytest.mark.parametrize("spec", [*SPECS, None], ids=lambda p: p.stem if p else "blog")
def test_ddl_compiled_in_two_parts_is_the_ddl_compiled_at_once(
    spec: Path | None, dialect: str, example_spec: Path
) -> None:
    """Every cut of the entity list (stub tables for FKs into the other part, enums by first
    use) assembles to exactly the single compilation: the worker's guarantee."""
    full = load(spec or example_spec)
    once = metadata.sections(full, dialect)
    names = [e.name for e in metadata.sql_entities(full)]
    cuts = sorted({1, len(names) // 3, len(names) // 2, len(names) - 1} - {0, len(names)})
    for k in cuts:
        first, rest = frozenset(names[:k]), frozenset(names[k:])
        parts = [
            metadata._parts(full, dialect, first, with_sequences=True),
            metadata._parts(full, dialect, rest, with_sequences=False),
        ]
        assert metadata._assemble(full, dialect, parts) == once, k
        assert metadata._assemble(full, dialect, parts[::-1]) == once, k
    for workers in (2, 3):
        assert metadata.sections_in_parts(full, dialect, workers) == once, workers


ENUMS_SPEC = """
version: 1
entities:
  A:
    fields:
      id: {type: integer, pk: true}
      x: {type: "enum(a,b)", enum_name: shared_x}
  B:
    fields:
      id: {type: integer, pk: true}
      a_id: {type: integer, references: A.id, on_delete: cascade}
      y: {type: "enum(c,d)"}
      x: {type: "enum(a,b)", enum_name: shared_x}
  C:
    fields:
      id: {type: integer, pk: true}
      b_id: {type: integer, references: B.id, on_delete: restrict}
      z: {type: "enum(e,f)", enum_name: shared_z}
      x: {type: "enum(a,b)", enum_name: shared_x}
  D:
    fields:
      id: {type: integer, pk: true}
      c_id: {type: integer, references: C.id, on_delete: set null}
      z: {type: "enum(e,f)", enum_name: shared_z}
"""


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mysql"])
def test_shared_enums_keep_their_first_use_order_across_parts(dialect: str) -> None:
    from pydev_workflow.spec import loads

    full = loads(ENUMS_SPEC)
    once = metadata.sections(full, dialect)
    if dialect == "postgresql":
        assert once[0].title == "types" and len(once[0].statements) == 3
    names = [e.name for e in full.entities]
    for k in range(1, len(names)):
        for cut in (frozenset(names[:k]), frozenset(names[k:])):
            other = frozenset(names) - cut
            parts = [metadata._parts(full, dialect, cut), metadata._parts(full, dialect, other)]
            assert metadata._assemble(full, dialect, parts) == once, (k, sorted(cut))


def test_a_shared_type_still_notes_every_column() -> None:
    """Types are shared between columns, but what a dialect cannot keep is noted per column."""
    from pydev_workflow.spec import loads

    spec = """
version: 1
entities:
  A: {fields: {id: {type: integer, pk: true}, name: string, at: timestamp(tz)}}
  B: {fields: {id: {type: integer, pk: true}, name: string, at: timestamp(tz)}}
"""
    sql = [st.sql for st in metadata.statements(loads(spec), "mysql") if st.kind == "note"]
    for table in ("a", "b"):
        assert any(f"{table}.name: string without a length" in n for n in sql), sql
        assert any(f"1970-2038 in {table} (at)" in n for n in sql), sql


@linux_only
@pytest.mark.parametrize("dialect", ["postgresql", "mariadb", "sqlite"])
def test_a_big_relational_block_is_compiled_in_slices_by_two_workers(
    dialect: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker compiles a slice of the entities; the joined block is the one-pass block,
    and both children are reaped."""
    from pydev_workflow.spec import load
    from pydev_workflow.workflow import pipeline

    schema = load(SPECS[0])
    assert all(e.storage_kind.value == "relational" for e in schema.entities)
    monkeypatch.setattr(pipeline, "DDL_AHEAD_MIN_ENTITIES", 1)
    ddl = pipeline.Ddl(schema)
    ddl.compile_block_ahead(dialect)
    assert len(ddl._jobs) == pipeline.DDL_WORKERS
    block = ddl.block(dialect)
    assert not isinstance(block, str) and block is not None
    assert block.result(timeout=60) == pipeline.ddl_block(schema, dialect)
    ddl.close()
    for job in ddl._jobs:
        with pytest.raises(ChildProcessError):
            os.waitpid(job.pid, os.WNOHANG)
