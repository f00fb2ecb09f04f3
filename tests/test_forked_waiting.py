"""A child forked early that waits for its argument; the fast pickling of our model."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest
from tests.conftest import reaped

from pydev_workflow.forked import dumps_model, fork_call, fork_waiting
from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.sql import import_sql

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


def _pid_and_double(x: int) -> tuple[int, int]:
    return os.getpid(), 2 * x


def test_the_argument_sent_later_is_answered() -> None:
    child = fork_waiting(_pid_and_double, lambda: None)
    assert child is not None
    try:
        assert fork_call(_pid_and_double, 1) is not None  # no thread yet: others may still fork
        job = child.send(21)
        assert job is not None
        pid, answer = job.future.result(timeout=30)
        assert answer == 42 and pid == child.pid != os.getpid()
    finally:
        child.stop()
    assert reaped(child.pid)


def test_a_child_never_sent_anything_is_killed_and_reaped() -> None:
    child = fork_waiting(_pid_and_double)
    assert child is not None
    child.stop()
    assert reaped(child.pid)


def test_a_model_pickled_the_fast_way_loads_equal(corpus: Path) -> None:
    file = corpus / "postgresql" / "pagila-schema.sql"
    schema = import_sql(str(file), ImportOptions(dialect="postgresql")).schema
    back = pickle.loads(dumps_model(schema))
    assert back == schema
    assert [e.loc for e in back.entities] == [e.loc for e in schema.entities]
    assert [f.loc for e in back.entities for f in e.fields] == [
        f.loc for e in schema.entities for f in e.fields
    ]
