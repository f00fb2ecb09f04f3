"""The verification codes (V…): one table for verify, the round-trip diff, `rules` and SARIF.

Plain data, so that listing the rules loads neither SQLAlchemy nor the engines.
"""

from __future__ import annotations

#: the round-trip diff's codes (verify/diff.py): code -> (name, what it means)
DIFF_CODES: dict[str, tuple[str, str]] = {
    "V101": ("table-missing", "a table of the model is not in the database"),
    "V102": ("table-extra", "the database has a table the model does not know"),
    "V111": ("column-missing", "a field of the model is not a column of the table"),
    "V112": ("column-extra", "the table has a column the model does not know"),
    "V113": ("column-type-differs", "the column's type is not the field's type on this engine"),
    "V114": ("nullability-differs", "NULL allowed on one side only"),
    "V115": ("default-differs", "the column default differs"),
    "V116": ("identity-differs", "auto-increment / identity on one side only"),
    "V121": ("primary-key-differs", "the primary key has other columns"),
    "V131": ("foreign-key-missing", "a foreign key of the model is not in the database"),
    "V132": ("foreign-key-extra", "the database has a foreign key the model does not know"),
    "V133": ("foreign-key-action-differs", "ON DELETE / ON UPDATE differ"),
    "V141": ("unique-missing", "a unique constraint of the model is missing"),
    "V142": ("unique-extra", "the database has a unique constraint the model does not know"),
    "V151": ("check-missing", "a CHECK constraint of the model is missing"),
    "V152": ("check-extra", "the database has a CHECK constraint the model does not know"),
    "V161": ("index-missing", "an index of the model is not in the database"),
    "V162": ("index-extra", "the database has an index the model does not know"),
    "V163": (
        "index-differs",
        "same index name, other keys, order, method, uniqueness or predicate",
    ),
    "V171": ("partitioning-differs", "the table is partitioned differently"),
    "V181": ("sequence-missing", "a sequence of the model is not in the database"),
    "V182": ("sequence-extra", "the database has a sequence the model does not know"),
    "V183": ("sequence-differs", "start, increment, bounds, cache or cycle differ"),
    "V001": ("not-expressible", "the engine cannot hold this part of the model (a note)"),
}

#: finding codes of verify itself (the round-trip diff's are DIFF_CODES)
VERIFY_CODES: dict[str, tuple[str, str]] = {
    "V201": ("high-frequency-scan", "a high-frequency query pattern reads the whole table"),
    "V202": ("plan-differs-from-analysis", "the engine uses another index than the analysis"),
    "V203": ("sort-step", "a high-frequency query sorts its rows instead of reading them in order"),
    "V204": ("query-failed", "the engine rejected the SQL of a query pattern"),
    "V301": ("statement-failed", "a DDL statement of the model failed on the engine"),
    # the tool's own side (V4xx): its data generator, never a problem of the model's design
    "V401": ("generator-failed", "the engine rejected rows the generator meant to fit"),
    "V402": ("constraint-not-generated", "a constraint the generator cannot satisfy (a note)"),
}


#: the codes verify reports as notes (Severity.INFO): worth knowing, never a failure
INFO_CODES = frozenset({"V001", "V202", "V203", "V402"})

__all__ = ["DIFF_CODES", "INFO_CODES", "VERIFY_CODES"]
