"""The `pydev-workflow` command: a thin Typer shell over the library. Nothing imports it."""

from __future__ import annotations

import errno
import gc
import sys
from collections.abc import Sequence

import typer

from pydev_workflow import __version__
from pydev_workflow.cli import cmd_check, cmd_import, cmd_lintdoc, cmd_run, cmd_spec, cmd_verify
from pydev_workflow.errors import ExitCode, InputError

# a command is a short process that allocates much and frees little (SQLAlchemy's import, a
# reflected catalogue): the young generation is collected every 20,000 allocations, not 700
gc.set_threshold(20_000, 10, 10)

app = typer.Typer(
    name="pydev-workflow",
    help="The pydev workflow, step by step. Step 03: data models.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals would print database URLs with passwords
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    rich_markup_mode=None,
)
data_models = typer.Typer(
    name="data-models",
    help="Step 03 — Data Models: spec, checks, certainty, the Data Models section, the commit.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(data_models)

_state = {"debug": False}
#: errors of the file system the user can fix, with what to do; other OSErrors keep a traceback
_OS_HINTS = {
    errno.ENOSPC: "free some disk space and run it again",
    errno.EDQUOT: "free some of your disk quota and run it again",
    errno.EROFS: "the file system is read-only: write elsewhere",
    errno.EACCES: "no permission: fix the permissions or write elsewhere",
    errno.EPERM: "not permitted: fix the permissions or write elsewhere",
}
MAX_PROBLEMS = 50  # a broken generated spec can have thousands: the first ones tell the story


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pydev-workflow {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for input errors."),
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """The pydev workflow, step by step."""
    _state["debug"] = debug


for _module in (cmd_spec, cmd_check, cmd_run, cmd_verify, cmd_import, cmd_lintdoc):
    _module.register(data_models)


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with `argv` and return the exit code (tests call this directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _state["debug"] = "--debug" in args
    try:
        result = app(args=args, prog_name="pydev-workflow", standalone_mode=False)
    except InputError as exc:
        if _state["debug"]:
            raise
        shown = exc.problems[:MAX_PROBLEMS]
        for problem in shown:
            print(str(problem), file=sys.stderr)
        if len(exc.problems) > len(shown):
            print(f"… and {len(exc.problems) - len(shown)} more problems", file=sys.stderr)
        return int(ExitCode.USAGE)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except typer.TyperException as exc:  # usage errors: unknown option, bad value …
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"error: {exc.format_message()}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the machine's state or a bug: one line, no trace
        if _state["debug"]:
            raise
        return _failure(exc)
    return int(result or 0)


def _failure(exc: Exception) -> int:
    """A full disk or a read-only place is the machine's state (exit 2); the rest is a bug."""
    hint = _OS_HINTS.get(exc.errno or 0) if isinstance(exc, OSError) else None
    if isinstance(exc, OSError) and hint is not None:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}error: cannot write: {exc.strerror} ({hint})", file=sys.stderr)
        return int(ExitCode.USAGE)
    print(_internal_error(exc), file=sys.stderr)
    return int(ExitCode.INTERNAL)


def _internal_error(exc: BaseException) -> str:
    """One line for a bug: what broke, and how to get the traceback for a report."""
    # lazy: only a crash needs it (verify.urls is verify's; it parses URLs with SQLAlchemy)
    from pydev_workflow.verify.urls import redact

    first = (str(exc).strip().splitlines() or [""])[0][:300]
    what = f"{type(exc).__name__}: {redact(first)}" if first else type(exc).__name__
    return (
        f"internal error: {what} (a bug in pydev-workflow: rerun with --debug for the "
        "traceback and report it)"
    )


def main() -> None:
    """Console-script entry point."""
    sys.exit(run_cli())
