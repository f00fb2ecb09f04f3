"""The project's practices as data: the spec's `conventions:` block (DM6xx checks read it)."""

from __future__ import annotations

from dataclasses import dataclass

from pydev_workflow.errors import Loc, loc_field

#: The keys of `conventions:` and what each one means, in the order documents list them.
CONVENTION_KEYS: tuple[str, ...] = (
    "primary_key",
    "required_fields",
    "naming",
    "money",
    "soft_delete",
    "timestamps",
)
NAMING_CASES = ("snake", "camel")
TABLE_NAMES = ("plural", "singular")
MONEY_CENTS = "integer-cents"
TIMESTAMPS_TZ = "tz"


@dataclass(frozen=True, slots=True)
class Conventions:
    """Practices every entity follows; None / empty means the project did not say."""

    primary_key: str | None = None  # a portable type: uuid, bigint, integer
    required_fields: tuple[str, ...] = ()  # e.g. created_at, updated_at
    naming_case: str | None = None  # snake | camel (tables and columns)
    table_names: str | None = None  # plural | singular
    money: str | None = None  # integer-cents, or a decimal type such as decimal(19,4)
    soft_delete: str | None = None  # the column that marks a row deleted, e.g. deleted_at
    timestamps: str | None = None  # tz: every timestamp carries its time zone
    practices: tuple[tuple[str, str], ...] = ()  # key -> the practice in the project's words
    proposed: bool = False  # read from CLAUDE.md, not written in the spec: checks only note
    loc: Loc = loc_field()

    def practice(self, key: str) -> str:
        """The project's words for convention `key` (e.g. from CLAUDE.md), or ''."""
        return next((text for k, text in self.practices if k == key), "")

    def quoted(self, key: str, fallback: str) -> str:
        """How a finding cites the practice: its words in quotes, else the spec key."""
        text = self.practice(key)
        return f'the project\'s practice "{text}"' if text else f"conventions.{key}: {fallback}"

    @property
    def empty(self) -> bool:
        """True when no convention is set."""
        return not (
            self.primary_key
            or self.required_fields
            or self.naming_case
            or self.table_names
            or self.money
            or self.soft_delete
            or self.timestamps
        )
