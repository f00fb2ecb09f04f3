"""One call on a second core: a forked child process behind a `concurrent.futures.Future`.

The child inherits the arguments through `fork` (nothing is pickled on the way in) and sends
its pickled answer back through a pipe; a daemon thread of the parent reads it and completes
the future. The caller owns the job: it reads `job.future` when it needs the answer and calls
`job.stop()` when it is done (a child whose answer is no longer wanted is killed and reaped).
Where a fork is not cheap and safe (not Linux, or other threads running, whose locks a child
could inherit held) `fork_call` returns None and the caller computes in-process.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import fields, is_dataclass
from typing import Any, Generic, NoReturn, TypeVar

from pydev_workflow.perf import gc_paused

T = TypeVar("T")


class ForkedCallFailed(RuntimeError):
    """The child ended without an answer (it raised, or was killed): compute in-process."""


class ForkedCall(Generic[T]):
    """A call running in a forked child; `future` holds its answer once the child is done."""

    def __init__(self, pid: int, read_fd: int) -> None:
        self.pid = pid
        self.future: Future[T] = Future()
        self.future.set_running_or_notify_cancel()
        self._lock = threading.Lock()
        self._reaped = False
        self._thread = threading.Thread(
            target=self._collect, args=(read_fd,), name="pydev-workflow-forked", daemon=True
        )
        self._thread.start()

    def _collect(self, fd: int) -> None:
        chunks: list[bytes] = []
        try:
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(fd)
        with self._lock:
            _, status = os.waitpid(self.pid, 0)
            self._reaped = True
        try:
            if os.waitstatus_to_exitcode(status) != 0 or not chunks:
                raise ForkedCallFailed(f"worker {self.pid} ended without an answer")
            self.future.set_result(pickle.loads(b"".join(chunks)))
        except Exception as exc:  # a failed child or an unreadable answer: the caller falls back
            self.future.set_exception(exc)

    def result(self) -> T | None:
        """The child's answer, or None when it failed (the caller then computes it itself)."""
        try:
            return self.future.result()
        except Exception:
            return None

    def stop(self) -> None:
        """Kill the child if it is still running, and wait until it is reaped."""
        with self._lock:
            if not self._reaped:  # never signal a pid already reaped: it may have been reused
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
        self._thread.join()


#: one call for `fork_batch`: the function and its arguments
Call = tuple[Callable[..., Any], tuple[object, ...]]


def fork_call(fn: Callable[..., T], *args: object) -> ForkedCall[T] | None:
    """Start `fn(*args)` in a forked child; None where forking is not available or not safe."""
    jobs = fork_batch([(fn, args)])
    return jobs[0] if jobs else None


def fork_batch(calls: Sequence[Call]) -> list[ForkedCall[Any]]:
    """Start each `fn(*args)` of `calls` in a forked child: their jobs in order, or [].

    Every child is forked before any reader thread starts, so none inherits a thread: the way
    to start unlike calls together (once a job's reader thread runs, `fork_call` refuses).
    [] where forking is not available or not safe, or a fork failed (no child is left running).
    """
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return []
    started: list[tuple[int, int]] = []
    for fn, args in calls:
        child = _fork(fn, args)
        if child is None:
            for pid, fd in started:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(fd)
            return []
        started.append(child)
    return [ForkedCall(pid, fd) for pid, fd in started]


def _answer(write_fd: int, compute: Callable[[], object]) -> NoReturn:
    """In a forked child: write `compute()`'s pickled answer to `write_fd`, then leave.

    The parent's exit hooks never run here; exit code 1 and no answer when `compute` raised.
    """
    code = 1
    try:
        with gc_paused():
            data = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def _fork(fn: Callable[..., T], args: tuple[object, ...]) -> tuple[int, int] | None:
    """(pid, read end of its answer pipe) of a child computing `fn(*args)`, or None."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:
        os.close(read_fd)
        _answer(write_fd, lambda: fn(*args))
    os.close(write_fd)
    return pid, read_fd


class _ModelPickler(pickle.Pickler):
    """Frozen slotted dataclasses (Loc, FieldType, Field, …) pickled as a call of the class.

    The standard way for a slotted dataclass goes through dataclasses' `__getstate__` and
    `__setstate__`, which look the fields up for every object: for a model's hundreds of
    thousands of locations and types that is most of the cost of sending it.
    """

    def reducer_override(self, obj: object) -> Any:
        cls = type(obj)
        names = _POSITIONAL[cls] if cls in _POSITIONAL else _positional(cls)
        if names is None:
            return NotImplemented
        return cls, tuple([getattr(obj, n) for n in names])


#: class -> its fields in __init__ order, or None where the class cannot be rebuilt by a call
_POSITIONAL: dict[type, tuple[str, ...] | None] = {}


def _positional(cls: type) -> tuple[str, ...] | None:
    names: tuple[str, ...] | None = None
    if is_dataclass(cls) and "__slots__" in cls.__dict__ and not hasattr(cls, "__post_init__"):
        fs = fields(cls)
        if all(f.init for f in fs):
            names = tuple(f.name for f in fs)
    _POSITIONAL[cls] = names
    return names


def dumps_model(value: object) -> bytes:
    """`value` pickled, frozen slotted dataclasses (our model) the fast way."""
    buffer = io.BytesIO()
    _ModelPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class WaitingChild(Generic[T]):
    """A child forked early that waits for its argument (see `fork_waiting`)."""

    def __init__(self, pid: int, send_fd: int, answer_fd: int) -> None:
        self.pid = pid
        self._send_fd = send_fd
        self._answer_fd = answer_fd
        self._job: ForkedCall[T] | None = None

    def send(self, arg: object) -> ForkedCall[T] | None:
        """Hand `arg` to the child: the job computing `fn(arg)`, or None if the child is gone."""
        data = dumps_model(arg)
        try:
            with os.fdopen(self._send_fd, "wb") as out:
                out.write(data)
        except OSError:  # the child ended early: nothing will answer
            self.stop()
            return None
        self._job = ForkedCall(self.pid, self._answer_fd)
        return self._job

    def stop(self) -> None:
        """Kill the child unless it was handed its argument (then stop that job instead)."""
        if self._job is not None:
            self._job.stop()
            return
        with contextlib.suppress(OSError):
            os.close(self._send_fd)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._answer_fd)


def fork_waiting(
    fn: Callable[[Any], T], warm: Callable[[], object] | None = None
) -> WaitingChild[T] | None:
    """Fork a child now that runs `warm()` (imports, say) and then waits for its argument.

    Its start-up overlaps the parent's work until `send(arg)`; `arg` is pickled across (cheap
    for a small model; for a big one, forking later with `fork_call` inherits it for free).
    Like `fork_call`, None where forking is not available or not safe. No thread runs in the
    parent until `send`, so the parent may still fork other children in the meantime.
    """
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    arg_read, arg_write = os.pipe()
    answer_read, answer_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (arg_read, arg_write, answer_read, answer_write):
            os.close(fd)
        return None
    if pid == 0:  # the child: warm up, wait for the argument, answer
        os.close(arg_write)
        os.close(answer_read)

        def compute() -> object:
            if warm is not None:
                warm()
            with os.fdopen(arg_read, "rb") as got:
                return fn(pickle.loads(got.read()))  # from our own parent

        _answer(answer_write, compute)
    os.close(arg_read)
    os.close(answer_write)
    return WaitingChild(pid, arg_write, answer_read)


__all__ = [
    "Call",
    "ForkedCall",
    "ForkedCallFailed",
    "WaitingChild",
    "dumps_model",
    "fork_batch",
    "fork_call",
    "fork_waiting",
]
