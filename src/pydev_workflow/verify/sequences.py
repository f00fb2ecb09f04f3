"""The round trip of the spec's own sequences: what the engine's catalog holds of each."""

from __future__ import annotations

from pydev_workflow.dialects.metadata import sequence_schema
from pydev_workflow.findings import Severity
from pydev_workflow.model.schema import Schema, Sequence
from pydev_workflow.verify.diff import CODES, Difference


def _key(q: Sequence, schema: Schema | None = None) -> tuple[str, str]:
    """Name and schema; a spec sequence (`schema` given) where the DDL creates it."""
    home = sequence_schema(schema, q) if schema is not None else q.schema
    return ((home or "").lower(), q.name.lower())


def _shown(q: Sequence) -> str:
    return f"{q.schema}.{q.name}" if q.schema else q.name


def describe(q: Sequence) -> str:
    """`start 1000, cache 20`: the settings the spec gives (the engine's defaults left out)."""
    parts = [f"{word} {value}" for word, value in q.settings()]
    if q.cycle:
        parts.append("cycle")
    return ", ".join(parts) or "defaults"


def _settings(q: Sequence) -> tuple[object, ...]:
    """What a sequence does: an ascending one starts at its minimum, which is 1 unless set.

    The catalog reads back only what differs from the engine's defaults, so `start: 1` in
    the spec and nothing in the catalog are the same sequence.
    """
    increment = q.increment if q.increment is not None else 1
    low = q.min_value if q.min_value is not None else (1 if increment > 0 else None)
    start = q.start if q.start is not None else (low if increment > 0 else q.max_value)
    return (start, increment, low, q.max_value, q.cache, q.cycle)


def _make(code: str, q: Sequence, message: str, loc: Schema | Sequence, **sides: str) -> Difference:
    return Difference(
        code,
        CODES[code][0],  # V181-V183 of verify.diff's table
        _shown(q),
        message,
        sides.get("expected", ""),
        sides.get("actual", ""),
        Severity.ERROR,
        loc.loc,
    )


def sequence_differences(
    expected: Schema, actual: Schema, holds_sequences: bool
) -> list[Difference]:
    """Each spec sequence missing or set otherwise in `actual`, and each one it adds.

    An engine without sequences (`holds_sequences` False) holds none: the DDL's own notes say
    so, and nothing is compared.
    """
    if not holds_sequences:
        return []
    out: list[Difference] = []
    have = {_key(q): q for q in actual.sequences}
    for q in expected.sequences:
        a = have.get(_key(q, expected))
        if a is None:
            msg = f"sequence {_shown(q)} is missing"
            out.append(_make("V181", q, msg, q, expected=describe(q)))
            continue
        want, got = describe(q), describe(a)
        if _settings(q) != _settings(a):
            msg = f"sequence {_shown(q)} is {got}, expected {want}"
            out.append(_make("V183", q, msg, q, expected=want, actual=got))
    want_keys = {_key(q, expected) for q in expected.sequences}
    for key, a in have.items():
        if key not in want_keys:
            msg = f"sequence {_shown(a)} is not in the model"
            out.append(_make("V182", a, msg, expected, actual=describe(a)))
    return out


__all__ = ["describe", "sequence_differences"]
