"""A call on a second core behind a concurrent.futures Future: answers, failures, stopping."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from tests.conftest import reaped

from pydev_workflow.forked import ForkedCallFailed, fork_call

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


def _square(x: int) -> int:
    return x * x


def _boom() -> None:
    raise ValueError("in the child")


def _sleep() -> None:
    time.sleep(60)


def test_the_answer_comes_back_through_the_future() -> None:
    job = fork_call(_square, 12)
    assert job is not None
    assert job.future.result(timeout=30) == 144
    assert job.result() == 144
    job.stop()
    assert reaped(job.pid)


def test_a_big_answer_is_read_whole() -> None:
    job = fork_call(str.__mul__, "x", 5_000_000)  # more than a pipe buffer holds
    assert job is not None
    assert job.result() == "x" * 5_000_000
    job.stop()


def test_a_child_that_raises_fails_the_future() -> None:
    job = fork_call(_boom)
    assert job is not None
    with pytest.raises(ForkedCallFailed):
        job.future.result(timeout=30)
    assert job.result() is None  # the caller then computes in-process
    job.stop()
    assert reaped(job.pid)


def test_stop_kills_a_running_child_and_reaps_it() -> None:
    job = fork_call(_sleep)
    assert job is not None
    job.stop()
    assert job.future.done() and job.result() is None
    assert reaped(job.pid)


def test_no_fork_from_a_threaded_process() -> None:
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert fork_call(_square, 2) is None
    finally:
        stop.set()
        t.join()
