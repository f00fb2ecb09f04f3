"""EXPLAIN output condensed: which index a query uses, whether it scans or sorts.

One parser per engine family, fed by its adapter (`dialects/<engine>.py`); verify reads the
`Access` they return. Nothing here connects to a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Access:
    """What the engine's plan says about one query."""

    index: str  # "PK", "UK(email)", an index name, or "-" for a scan
    scan: bool  # a full table scan reads the rows
    sort: bool  # an explicit sort step (filesort / temp B-tree / Sort node)
    detail: str  # the engine's own words, condensed
    full: bool = False  # the index is read from end to end (no key condition)

    def __str__(self) -> str:
        text = "seq scan" if self.scan else self.index + (" (full)" if self.full else "")
        return text + (" + sort" if self.sort else "")


def _label(name: str, labels: dict[str, str]) -> str:
    return labels.get(name, labels.get(name.lower(), name))


def sqlite_access(lines: list[str], labels: dict[str, str]) -> Access:
    """SQLite's EXPLAIN QUERY PLAN lines (https://www.sqlite.org/eqp.html)."""
    index, scan, sort, full = "-", False, False, False
    for line in lines:
        up = line.upper()
        if "TEMP B-TREE" in up:
            sort = True
        elif up.startswith("SEARCH") or up.startswith("SCAN"):
            if " USING INTEGER PRIMARY KEY" in up or " USING PRIMARY KEY" in up:
                index = "PK"
            elif " USING " in up and "INDEX " in up:
                name = line.split("INDEX ", 1)[1].split(" ", 1)[0]
                index = _label(name, labels)
                full = up.startswith("SCAN")  # SCAN … USING INDEX reads the whole index
            elif up.startswith("SCAN"):
                scan = True
    return Access(index if not scan else "-", scan, sort, "; ".join(lines), full)


def pg_access(node: dict[str, Any], labels: dict[str, str]) -> Access:
    """PostgreSQL's EXPLAIN (FORMAT JSON) plan tree.

    https://www.postgresql.org/docs/current/using-explain.html
    """
    found: list[tuple[str, str | None]] = []
    conds: list[str | None] = []  # index scans without a key condition: read end to end
    sort = False

    def walk(n: dict[str, Any]) -> None:
        nonlocal sort
        kind = n.get("Node Type", "")
        if kind in ("Sort", "Incremental Sort"):
            sort = True
        if "Scan" in kind:
            found.append((kind, n.get("Index Name")))
            if n.get("Index Name") and not n.get("Index Cond") and kind != "Bitmap Index Scan":
                conds.append(n.get("Index Name"))
        for child in n.get("Plans", []):
            walk(child)

    walk(node)
    names = [name for _, name in found if name]
    scan = any(kind == "Seq Scan" for kind, _ in found) and not names
    index = _label(names[0], labels) if names else "-"
    detail = ", ".join(f"{k}{' on ' + n if n else ''}" for k, n in found) + (
        " + Sort" if sort else ""
    )
    full = bool(names) and names[0] in conds
    return Access(index, scan, sort, detail, full)


def my_access(doc: dict[str, Any], labels: dict[str, str]) -> Access:
    """MySQL / MariaDB EXPLAIN FORMAT=JSON (https://mariadb.com/kb/en/explain-format-json/)."""
    tables: list[dict[str, Any]] = []
    sort = False

    def walk(x: Any) -> None:
        nonlocal sort
        if isinstance(x, dict):
            if "filesort" in x or x.get("using_filesort") is True:
                sort = True
            if "table_name" in x and "access_type" in x:
                tables.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    if not tables:
        return Access("-", False, sort, "no table access")
    t = tables[0]
    access = str(t.get("access_type", ""))
    key = t.get("key")
    scan = access == "ALL"
    index = _label(str(key), labels) if key and not scan else "-"
    full = access == "index"  # https://mariadb.com/kb/en/explain/#type-column
    return Access(
        index,
        scan,
        sort,
        f"{access}{' on ' + key if key else ''}" + (" + filesort" if sort else ""),
        full,
    )


__all__ = ["Access", "my_access", "pg_access", "sqlite_access"]
