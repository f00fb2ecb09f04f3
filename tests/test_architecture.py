"""Components read from ARCHITECTURE.md in each of the three accepted shapes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pydev_workflow.workflow.architecture import parse_components


def names(text: str) -> list[str]:
    return [c.name for c in parse_components(text)]


def test_sub_headings_under_a_components_heading() -> None:
    text = (
        "# X\n\n## Components\n\n### Auth Service\n\nx\n\n#### Inner\n\n"
        "### Billing\n\n## Other\n\n### Not\n"
    )
    assert names(text) == ["Auth Service", "Billing"]


def test_a_table_with_a_component_column_anywhere() -> None:
    text = (
        "# X\n\n## Parts\n\n| # | Component | Role |\n|---|---|---|\n"
        "| 1 | **Web** | ui |\n| 2 | API | json |\n"
    )
    assert names(text) == ["Web", "API"]


def test_bullets_under_a_heading_containing_component() -> None:
    text = (
        "## Key Components\n\n- **API Gateway**: routes\n- Worker — runs jobs\n"
        "- `cache`: redis\n  - nested\n"
    )
    assert names(text) == ["API Gateway", "Worker", "cache"]


def test_locations_are_lines() -> None:
    (comp,) = parse_components("# X\n\n## Components\n\n### Auth\n", "ARCHITECTURE.md")
    assert str(comp.loc) == "ARCHITECTURE.md:5:1"


def test_the_data_models_section_is_not_a_source_of_components() -> None:
    text = (
        "## Components\n\n- Web\n\n"
        "```\n## Data Models\n```\n\n"
        "## Data Models\n\n| Component | x |\n|---|---|\n| Nope | 1 |\n\n"
        "## Later\n\n| Component | x |\n|---|---|\n| Yes | 1 |\n"
    )
    assert names(text) == ["Web", "Yes"]
    # line numbers after the skipped section are unchanged
    assert parse_components(text)[-1].loc.line == text.splitlines().index("| Yes | 1 |") + 1


@given(
    st.lists(
        st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True),
        min_size=1,
        max_size=6,
        unique_by=str.lower,
    )
)
def test_any_component_names_round_trip_through_a_table(components: list[str]) -> None:
    rows = "".join(f"| {c} | role |\n" for c in components)
    assert names(f"## Architecture\n\n| Component | Role |\n|---|---|\n{rows}") == components
