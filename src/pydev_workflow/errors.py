"""Exit codes and the structured input errors every layer raises."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FINDINGS = 1  # check findings, verification differences, or stale docs (drift)
    USAGE = 2  # usage, input or pre-flight error: nothing was written
    UNCERTAIN = 3  # certainty below 80%: questions were asked, nothing was written
    NOT_COMMITTED = 4  # the documents were written, but git refused the commit (or the push)
    INTERNAL = 70  # a bug in pydev-workflow (sysexits EX_SOFTWARE); --debug shows the traceback


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a node came from: file, 1-based line and column. Equality ignores it."""

    file: str = ""
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.file:
            return "<input>"
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"


def loc_field() -> Loc:
    """A dataclass field holding a Loc that equality, hashing and repr ignore."""
    return field(default=Loc(), compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Problem:
    """One input problem: where, what, and what to do about it."""

    loc: Loc
    message: str
    hint: str = ""
    code: str = "input"

    def __str__(self) -> str:
        message, hint = _one_line(self.message), _one_line(self.hint)
        text = f"{self.loc}: error: {message}" if self.loc.file else f"error: {message}"
        if hint:
            text += f" ({hint})"
        return text


# a message is one line whatever a library or a name put in it: line breaks (with the
# indentation around them) become one space, other control characters their escape
_BREAKS = re.compile("\\s*[\\n\\r\\x0b\\x0c\\x85\\u2028\\u2029]\\s*")
_CONTROLS = re.compile("[\\x00-\\x1f\\x7f-\\x9f]")


_LONG_QUOTE = re.compile(r"'([^'\s]{60})[^'\s]{20,}'")


def _one_line(text: str) -> str:
    if len(text) > 200:  # a quoted value of thousands of characters tells no more than its start
        text = _LONG_QUOTE.sub(lambda m: f"'{m.group(1)}…'", text)
    if not text or text.isprintable():
        return text
    text = _BREAKS.sub(" ", text.strip())
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


class InputError(Exception):
    """Bad input: a spec, document, URL or repository state we cannot work with.

    Carries every problem found, so the user fixes them all at once. The CLI prints
    one line per problem and exits with code 2, without a traceback.
    """

    def __init__(self, problems: Sequence[Problem] | Problem | str, *, loc: Loc | None = None):
        if isinstance(problems, str):
            problems = [Problem(loc or Loc(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `did you mean 'x'?` for the closest choice, or an empty string."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""
