"""The reserved-word lists copied in dialects/reserved.py are SQLAlchemy's, word for word.

Run as a script, it prints dialects/reserved.py for the installed SQLAlchemy.
"""

from __future__ import annotations

import importlib
import textwrap

import pytest
import sqlalchemy

from pydev_workflow.dialects import DIALECTS, get_dialect

HEAD = '''"""SQLAlchemy's reserved-word lists, copied so a naming check need not import SQLAlchemy.

Importing SQLAlchemy costs about 0.25 s of every `import` and `check` run, only to read these
lists. tests/test_reserved_words.py compares them with the installed SQLAlchemy's and fails
when they drift; regenerate with
`python tests/test_reserved_words.py > src/pydev_workflow/dialects/reserved.py`.
"""

from __future__ import annotations

#: the SQLAlchemy version the lists were copied from
SQLALCHEMY_VERSION = "{version}"

#: lower-case reserved words by `Dialect.reserved_words_ref` ("module:attr" in SQLAlchemy)
WORDS: dict[str, frozenset[str]] = {{'''


def sqlalchemy_words(ref: str) -> frozenset[str]:
    """The lower-case words of SQLAlchemy's list at `ref` ("module:attr")."""
    module, _, attr = ref.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return frozenset(w.lower() for w in obj)


@pytest.mark.parametrize("name", DIALECTS.names())
def test_another_sqlalchemy_is_read_itself(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy is used only with the SQLAlchemy it was copied from: a newer one is asked."""
    from pydev_workflow.dialects import base

    monkeypatch.setattr(base, "_sqlalchemy_version", lambda: "0.0.0")
    ref = get_dialect(name).reserved_words_ref
    fresh = base.Dialect("x", "X", "x", None, ref)
    assert fresh.reserved_words == sqlalchemy_words(ref)


@pytest.mark.parametrize("name", DIALECTS.names())
def test_copied_lists_are_sqlalchemys(name: str) -> None:
    from pydev_workflow.dialects.reserved import SQLALCHEMY_VERSION, WORDS

    ref = get_dialect(name).reserved_words_ref
    if sqlalchemy.__version__ != SQLALCHEMY_VERSION:  # another SQLAlchemy: it is read itself
        assert get_dialect(name).reserved_words == sqlalchemy_words(ref)
        return
    assert ref in WORDS, f"{ref} is not copied: regenerate dialects/reserved.py (its docstring)"
    assert WORDS[ref] == sqlalchemy_words(ref), (
        f"SQLAlchemy {sqlalchemy.__version__}'s {ref} differs from the copy: regenerate "
        "dialects/reserved.py (its docstring)"
    )
    assert get_dialect(name).reserved_words == WORDS[ref]


def render() -> str:
    """The text of dialects/reserved.py for the installed SQLAlchemy."""
    out = [HEAD.format(version=sqlalchemy.__version__)]
    for ref in sorted({get_dialect(n).reserved_words_ref for n in DIALECTS.names()}):
        body = textwrap.fill(" ".join(sorted(sqlalchemy_words(ref))), 92, break_on_hyphens=False)
        out += [f'    "{ref}": frozenset(', '        """', body, '""".split()', "    ),"]
    return "\n".join([*out, "}", ""])


if __name__ == "__main__":
    print(render(), end="")
