"""A partition plan in one line (`monthly from 2024-01 to 2026-12`, `4` hash partitions).

The spec may write a plan instead of listing partitions; `expand` turns it into the
partitions it stands for, with bounds in the model's form (`FOR VALUES …`), and
`default_partition` adds the catch-all partition. Nothing here knows an engine.
"""

from __future__ import annotations

import datetime as dt
import re

from pydev_workflow.model.schema import Partition, PartitionMethod

#: plan text -> (step, start, end): `monthly from 2024-01 to 2026-12`
_PLAN = re.compile(
    r"^\s*(daily|monthly|yearly)\s+from\s+(\d{4}(?:-\d{2}){0,2})\s+to\s+(\d{4}(?:-\d{2}){0,2})\s*$",
    re.I,
)
_FORMS = {"daily": "%Y-%m-%d", "monthly": "%Y-%m", "yearly": "%Y"}
MAX_PARTITIONS = 10_000
PLAN_HINT = (
    "write `daily|monthly|yearly from <start> to <end>` (e.g. `monthly from 2024-01 to "
    "2026-12`) for range partitions, or a number of hash partitions (e.g. `4`)"
)


class PlanError(ValueError):
    """A partition plan that cannot be read (the message says what to write)."""


def _first(text: str, step: str) -> dt.date:
    try:
        got = dt.datetime.strptime(text, _FORMS[step])
    except ValueError:
        raise PlanError(f"{text!r} is not a {step} period ({_FORMS[step]})") from None
    return got.date()


def _next(day: dt.date, step: str) -> dt.date:
    if step == "daily":
        return day + dt.timedelta(days=1)
    if step == "monthly":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return dt.date(day.year + 1, 1, 1)


def _label(day: dt.date, step: str) -> str:
    return day.strftime({"daily": "%Y_%m_%d", "monthly": "%Y_%m", "yearly": "%Y"}[step])


def expand(table: str, method: PartitionMethod, plan: str) -> tuple[Partition, ...]:
    """The partitions a plan stands for, named `<table>_<period>` / `<table>_p<n>`.

    Raises:
        PlanError: the plan is not one of the forms in `PLAN_HINT`, or does not fit `method`.
    """
    text = plan.strip()
    if text.isdigit():
        if method is not PartitionMethod.HASH:
            raise PlanError(f"a number of partitions is for hash partitioning, not {method.value}")
        n = int(text)
        if not 1 <= n <= 1024:
            raise PlanError("hash partitions: between 1 and 1024")
        return tuple(
            Partition(f"{table}_p{r}", f"FOR VALUES WITH (MODULUS {n}, REMAINDER {r})")
            for r in range(n)
        )
    m = _PLAN.match(text)
    if m is None:
        raise PlanError(f"cannot read the partition plan {plan!r}")
    if method is not PartitionMethod.RANGE:
        raise PlanError(
            f"a {m.group(1).lower()} plan is for range partitioning, not {method.value}"
        )
    step = m.group(1).lower()
    day, last = _first(m.group(2), step), _first(m.group(3), step)
    if last < day:
        raise PlanError(f"the plan ends ({m.group(3)}) before it starts ({m.group(2)})")
    out: list[Partition] = []
    while day <= last:
        nxt = _next(day, step)
        out.append(
            Partition(
                f"{table}_{_label(day, step)}",
                f"FOR VALUES FROM ('{day.isoformat()}') TO ('{nxt.isoformat()}')",
            )
        )
        if len(out) > MAX_PARTITIONS:
            raise PlanError(f"the plan makes more than {MAX_PARTITIONS} partitions")
        day = nxt
    return tuple(out)


def default_partition(table: str, name: str | None) -> Partition:
    """The catch-all partition (rows no other partition takes), `<table>_default` by default."""
    return Partition(name or f"{table}_default", "DEFAULT")


__all__ = ["MAX_PARTITIONS", "PLAN_HINT", "PlanError", "default_partition", "expand"]
