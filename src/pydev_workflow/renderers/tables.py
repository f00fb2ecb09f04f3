"""GitHub Markdown tables in the seed's layout.

Shared by the Markdown, DEV_LOG and key-value renderers; a leaf module that imports nothing of
the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: str) -> str:
    """One table cell: one line, `|` escaped so it cannot split the row."""
    return " ".join(text.replace("|", "\\|").split())


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub table in the seed's layout: `| a | b |` and a rule of len(header)+2 dashes."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("-" * (len(h) + 2) for h in header) + "|",
    ]
    for row in rows:
        # an empty cell is `| |`, as the seed's `updated_at` row writes it
        cells = [f" {c} " if c else " " for c in map(cell, row)]
        lines.append("|" + "|".join(cells) + "|")
    return "\n".join(lines)


__all__ = ["cell", "table"]
