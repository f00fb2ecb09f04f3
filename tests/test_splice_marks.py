"""The fast heading scanner of splice.py agrees with one markdown-it parse, line for line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pydev_workflow.workflow.splice import check_block, markdown_it_marks, marks

# lines chosen to hit every branch of the scanner and every construct it must leave to
# markdown-it: setext underlines, lists, quotes with lazy lines, HTML blocks, indented and
# tab-indented fences, closing fences with blanks, headings with closing #s or odd spaces
LINES = [
    "",
    " ",
    "\t",
    "# Title",
    "## Data Models",
    "## Other",
    "### Entities",
    "#### E1",
    "####### seven",
    "#x",
    "## closed ##",
    "## tab\there",
    "#\tx",
    "# ",
    "#",
    "##  spaced  ",
    "# \u2003odd space",
    "---",
    "***",
    "___",
    "- - -",
    "--",
    "-x",
    "- item",
    "- **E1**: 8 fields",
    "- ---",
    "- # in a list",
    "-  two spaces",
    "- ```",
    "- <div>",
    "-",
    "  continued",
    "   - nested",
    "* item",
    "+ item",
    "1. item",
    "1) x",
    "2026-01-01 notes",
    "10. ten",
    "**Storage**: PostgreSQL (relational)",
    "**",
    "* * *",
    "> Last updated: 2026-01-01",
    ">",
    "> ```",
    "> # quoted",
    "```",
    "```sql",
    "```mermaid",
    "````",
    "~~~",
    "~~~ x y",
    "``` `bad`",
    "  ```",
    "   ```",
    "    ```",
    "\t```",
    "``` ",
    "```\t",
    "````` ",
    "  `id` UUID,",
    "| Field | Type |",
    "|---|---|",
    "| id | uuid |",
    "text",
    "Title text",
    "  indented",
    "    code",
    "\tcode",
    "<div>",
    "<!--",
    "-->",
    "<pre>",
    "</pre>",
    "[ref]: /url",
    "===",
    "= x",
    "\u2003",
    "x\x0by",
    "\\# escaped",
    "_x_",
    "~x",
    "\x00nul",
]


def _doc(lines: list[str], newline: str, final: bool) -> str:
    return newline.join(lines) + (newline if final and lines else "")


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(LINES), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_marks_agree_with_markdown_it(lines: list[str], newline: str, final: bool) -> None:
    text = _doc(lines, newline, final)
    assert tuple(marks(text)) == markdown_it_marks(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_a_section_and_its_probe_agree(lines: list[str]) -> None:
    """check_block's probe document: the new section, a blank line and a `##` heading."""
    text = "\n".join(["## Data Models", "", *lines]).rstrip() + "\n\n## pydev-workflow-probe\n"
    assert tuple(marks(text)) == markdown_it_marks(text)


def test_rendered_sections_agree(example_spec: Path) -> None:
    from pydev_workflow.renderers import RENDERERS, RenderOptions
    from pydev_workflow.spec import load

    schema = load(example_spec)
    for name in ("markdown", "devlog"):
        text = RENDERERS.get(name)(schema, RenderOptions(date="2026-01-01"))
        assert tuple(marks(text)) == markdown_it_marks(text)


def test_golden_and_repo_documents_agree() -> None:
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("tests/golden/**/*.md"), *root.glob("*.md"), *root.glob("docs/*.md")]
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert tuple(marks(text)) == markdown_it_marks(text), f


def test_a_description_that_opens_a_fence_is_still_caught() -> None:
    # the fast path must not hide a block left open by user text inside the section
    section = "## Data Models\n\n#### User\n\n```\nno closing fence\n\n---\n"
    try:
        check_block(section, "Data Models", 2, "section")
    except ValueError as exc:
        assert "leaves a block open" in str(exc)
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("an unclosed fence passed check_block")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab\r\n\x0b\x0c\x1c\x85\u2028\u2029 ", max_size=30))
def test_split_lines_is_the_fs_one(text: str) -> None:
    from pydev_workflow.workflow import fs, splice

    assert splice.split_lines(text) == fs.split_lines(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\r\n", max_size=20), st.integers(min_value=0, max_value=25))
def test_line_offset_is_the_joined_prefix(text: str, n: int) -> None:
    from pydev_workflow.workflow import splice

    assert splice._line_offset(text, n) == len("".join(splice.split_lines(text)[:n]))
