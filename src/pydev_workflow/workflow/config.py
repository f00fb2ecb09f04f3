"""Where things are: the project directory, its three documents and the spec file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydev_workflow.errors import InputError, Loc, Problem

DEFAULT_SPEC = "data-models.yaml"


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


def _pyproject_spec(root: Path) -> str | None:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            Problem(Loc("pyproject.toml"), f"cannot read pyproject.toml: {exc}")
        ) from None
    tool = data.get("tool", {}).get("pydev-workflow", {})
    spec = tool.get("spec") if isinstance(tool, dict) else None
    if spec is not None and not isinstance(spec, str):
        raise InputError(
            Problem(Loc("pyproject.toml"), "[tool.pydev-workflow] spec must be a path string")
        )
    return spec


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
