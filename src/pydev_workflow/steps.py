"""The design workflow's steps (the seed's table): pre-flight, DEV_LOG and renderers derive them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the pydev workflow."""

    number: int
    slug: str  # "data-models"
    title: str  # "Data Models"
    anchor: str  # DEV_LOG anchor: {#data-models}
    entry_title: str  # DEV_LOG heading words: "Data Models Defined"
    section: str | None = None  # the ARCHITECTURE.md section it owns

    @property
    def id(self) -> str:
        """`03-data-models`."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def banner(self) -> str:
        """`[STEP 03] DATA MODELS`."""
        return f"[STEP {self.number:02d}] {self.title.upper()}"


STEPS: tuple[Step, ...] = (
    Step(1, "project-init", "Project Init", "project-init", "Project Initialized"),
    Step(
        2,
        "system-architecture",
        "System Architecture",
        "system-architecture",
        "System Architecture Defined",
        "Components",
    ),
    Step(3, "data-models", "Data Models", "data-models", "Data Models Defined", "Data Models"),
    Step(4, "core-logic", "Core Logic", "core-logic", "Core Logic Designed"),
)


def step(slug: str) -> Step:
    """The step called `slug`."""
    for s in STEPS:
        if s.slug == slug:
            return s
    raise KeyError(slug)


def previous(s: Step) -> Step | None:
    """The step before `s`."""
    i = STEPS.index(s)
    return STEPS[i - 1] if i > 0 else None


def following(s: Step) -> Step | None:
    """The step after `s`."""
    i = STEPS.index(s)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


DATA_MODELS = step("data-models")
COMMIT_MESSAGE = "docs: ARCHITECTURE.md - data models defined"
