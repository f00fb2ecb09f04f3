"""Where things are: the project directory, its three documents and the spec file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean

DEFAULT_SPEC = "data-models.yaml"
#: the keys of [tool.pydev-workflow] and what each holds
SETTING_KEYS = {
    "spec": "the spec file, relative to the project",
    "select": "rule code prefixes to check (like --select)",
    "ignore": "rule code prefixes to skip (like --ignore)",
    "dialects": "target dialects for the dialect-aware rules (like --dialect)",
}


@dataclass(frozen=True, slots=True)
class ProjectPaths:
    """The files step 03 reads and writes."""

    root: Path
    spec: Path
    claude: Path
    architecture: Path
    devlog: Path

    def display(self, path: Path) -> str:
        """`path` relative to the project root, for messages (no machine paths)."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


@dataclass(frozen=True, slots=True)
class Settings:
    """The project's [tool.pydev-workflow] table in pyproject.toml; command-line options win."""

    spec: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    dialects: tuple[str, ...] = ()


def _tool_table(root: Path) -> dict[str, object]:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            Problem(Loc("pyproject.toml"), f"cannot read pyproject.toml: {exc}")
        ) from None
    tool = data.get("tool", {})
    table = tool.get("pydev-workflow", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise InputError(Problem(Loc("pyproject.toml"), "[tool.pydev-workflow] must be a table"))
    return table


def _strings(table: dict[str, object], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(
            Problem(
                Loc("pyproject.toml"),
                f"[tool.pydev-workflow] {key} must be a list of strings",
                f'e.g. {key} = ["…"]',
            )
        )
    return tuple(value)


def load_settings(root: Path | str = ".") -> Settings:
    """Read [tool.pydev-workflow] from the project's pyproject.toml (defaults when absent).

    Raises:
        InputError: the file cannot be read, or a key is unknown or of the wrong type.
    """
    table = _tool_table(Path(root))
    problems = [
        Problem(
            Loc("pyproject.toml"),
            f"unknown key {key!r} in [tool.pydev-workflow]",
            did_you_mean(key, SETTING_KEYS) or "known: " + ", ".join(SETTING_KEYS),
        )
        for key in table
        if key not in SETTING_KEYS
    ]
    if problems:
        raise InputError(problems)
    spec = table.get("spec")
    if spec is not None and not isinstance(spec, str):
        raise InputError(
            Problem(Loc("pyproject.toml"), "[tool.pydev-workflow] spec must be a path string")
        )
    return Settings(
        spec=spec,
        select=_strings(table, "select"),
        ignore=_strings(table, "ignore"),
        dialects=_strings(table, "dialects"),
    )


def _pyproject_spec(root: Path) -> str | None:
    return load_settings(root).spec


def project_paths(root: Path | str = ".", spec: Path | str | None = None) -> ProjectPaths:
    """Resolve the project's paths; `spec` overrides pyproject.toml and the default."""
    base = Path(root)
    if not base.is_dir():
        raise InputError(
            Problem(Loc(str(root)), "project directory not found", "pass --project DIR")
        )
    if spec is not None:
        spec_path = Path(spec)
        if not spec_path.is_absolute() and not spec_path.exists():
            spec_path = base / spec_path
    else:
        spec_path = base / (_pyproject_spec(base) or DEFAULT_SPEC)
    return ProjectPaths(
        root=base,
        spec=spec_path,
        claude=base / "CLAUDE.md",
        architecture=base / "ARCHITECTURE.md",
        devlog=base / "DEV_LOG.md",
    )
