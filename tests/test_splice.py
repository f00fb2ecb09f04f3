"""Splicing the Data Models section: nothing outside it changes, and splicing twice is a no-op."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydev_workflow.errors import InputError
from pydev_workflow.workflow.fs import split_lines
from pydev_workflow.workflow.splice import (
    extract_section,
    find_section,
    keep_date_if_unchanged,
    splice_section,
)

SECTION = """## Data Models

> Last updated: 2026-12-01

### Entity Relationship Diagram

```mermaid
erDiagram
    USER ||--o{ POST : creates
```

### Entities

#### User

| Field | Type | Constraints | Description |
|-------|------|-------------|-------------|
| id | UUID | PK | unique identifier |

---

### Database Schema (SQL)

```sql
-- ## Data Models inside SQL
CREATE TABLE users (id UUID PRIMARY KEY);
```
"""


# -- examples ----------------------------------------------------------------------------------


def test_replaces_only_the_section() -> None:
    doc = "# Arch\n\n## Components\n\n### Auth\n\n## Data Models\n\nold stuff\n\n"
    doc += "## Deployment\n\nx\n"
    out = splice_section(doc, SECTION)
    assert out.startswith("# Arch\n\n## Components\n\n### Auth\n\n## Data Models\n\n> Last")
    assert out.endswith("```\n\n## Deployment\n\nx\n")
    assert "old stuff" not in out
    assert splice_section(out, SECTION) == out


def test_heading_in_code_fence_or_indented_block_is_not_the_section() -> None:
    doc = (
        "# Arch\n\n```markdown\n## Data Models\n```\n\n~~~\n## Data Models\n~~~\n\n"
        "    ## Data Models\n\n> ## Data Models\n\n<!--\n## Data Models\n-->\n"
    )
    out = splice_section(doc, SECTION)
    assert out.startswith(doc)  # appended: nothing above was taken for the section
    assert out == doc + "\n" + SECTION


def test_missing_section_is_appended_after_one_blank_line() -> None:
    assert splice_section("# Arch\n", SECTION) == "# Arch\n\n" + SECTION
    assert splice_section("# Arch\n\n", SECTION) == "# Arch\n\n" + SECTION
    assert splice_section("", SECTION) == SECTION


def test_no_trailing_newline_is_kept() -> None:
    out = splice_section("# Arch", SECTION)
    assert out == "# Arch\n\n" + SECTION.rstrip("\n")
    assert splice_section(out, SECTION) == out
    replaced = splice_section("# A\n## Data Models\nold", SECTION)
    assert replaced == "# A\n" + SECTION.rstrip("\n")


def test_crlf_and_bom_are_kept() -> None:
    doc = "\ufeff# Arch\r\n\r\n## Data Models\r\n\r\nold\r\n\r\n## Next\r\n"
    out = splice_section(doc, SECTION)
    assert out.startswith("\ufeff# Arch\r\n\r\n## Data Models\r\n")
    assert "\n" not in out.replace("\r\n", "")  # every line ending is CRLF
    assert out.endswith("```\r\n\r\n## Next\r\n")
    assert splice_section(out, SECTION) == out


def test_section_ends_at_next_level_two_or_one_heading_not_level_three() -> None:
    doc = "## Data Models\n\n### Sub\n\ntext\n\n#### Deeper\n\n# Top\n"
    span = find_section(doc)
    assert span is not None and (span.start, span.end) == (0, 8)
    assert extract_section(doc) == "## Data Models\n\n### Sub\n\ntext\n\n#### Deeper\n\n"


def test_setext_and_emphasised_headings() -> None:
    doc = "Data Models\n-----------\n\nold\n\nNext\n====\n"
    out = splice_section(doc, SECTION)
    assert out == SECTION + "\nNext\n====\n"
    assert find_section("## *Data Models* {#dm}\n") is not None
    assert find_section("## data models\n") is not None
    assert find_section("### Data Models\n") is None


def test_only_the_first_section_is_replaced() -> None:
    doc = "## Data Models\n\na\n\n## Data Models\n\nb\n"
    out = splice_section(doc, SECTION)
    assert out == SECTION + "\n## Data Models\n\nb\n"


def test_unclosed_fence_at_the_end_is_an_input_error() -> None:
    with pytest.raises(InputError) as exc:
        splice_section("# Arch\n\ntext\n\n```python\nprint()\n", SECTION)
    text = str(exc.value)
    assert text.startswith("ARCHITECTURE.md:5:1: error:")
    assert "unclosed code block" in text and "closing ```" in text


def test_malformed_new_section_is_a_bug() -> None:
    with pytest.raises(ValueError, match="start with"):
        splice_section("# A\n", "text\n")
    with pytest.raises(ValueError, match="not 'Data Models'"):
        splice_section("# A\n", "## Other\n")
    with pytest.raises(ValueError, match="open"):
        splice_section("# A\n", "## Data Models\n\n```sql\nx\n")
    with pytest.raises(ValueError, match="another"):
        splice_section("# A\n", "## Data Models\n\n## Other\n")


def test_keep_date_if_unchanged() -> None:
    new = SECTION.replace("2026-12-01", "2027-01-15")
    assert keep_date_if_unchanged(SECTION, new) == SECTION
    assert keep_date_if_unchanged(SECTION.replace("\n", "\r\n") + "\r\n\r\n", new) == SECTION
    changed = new.replace("unique identifier", "the id")
    assert keep_date_if_unchanged(SECTION, changed) == changed
    assert keep_date_if_unchanged(None, new) == new
    assert keep_date_if_unchanged("## Data Models\n", new) == new


def test_second_run_with_new_date_changes_no_byte() -> None:
    doc = "# Arch\r\n\r\n## Data Models\r\n\r\nold\r\n\r\n## Next\r\n"
    first = splice_section(doc, SECTION)
    later = SECTION.replace("2026-12-01", "2027-03-03")
    second = splice_section(first, keep_date_if_unchanged(extract_section(first), later))
    assert second == first


# -- properties --------------------------------------------------------------------------------

_WORDS = st.text(alphabet="abcdefXYZ 0123456789.,:;!?()", min_size=1, max_size=30).map(
    lambda s: "w" + s.strip()
)
_TRAPS = ("## Data Models", "# Data Models", "Data Models\n---", "## Next")


def _fence(body: str) -> str:
    return f"```md\n{body}\n```"


_BLOCK = st.one_of(
    _WORDS,  # a paragraph
    st.builds(lambda w: f"### {w}", _WORDS),
    st.builds(lambda w: f"#### Data Models {w}", _WORDS),
    st.just("### Data Models"),
    st.builds(lambda t: _fence(t), st.sampled_from(_TRAPS)),
    st.builds(lambda t: f"~~~\n{t}\n~~~", st.sampled_from(_TRAPS)),
    st.builds(lambda t: f"    {t}", st.sampled_from(_TRAPS)),  # indented code
    st.builds(lambda t: f"> {t}", st.sampled_from(_TRAPS)),  # block quote
    st.builds(lambda t: f"<!--\n{t}\n-->", st.sampled_from(_TRAPS)),
    st.builds(lambda w: f"- {w}\n- {w}", _WORDS),
    st.builds(lambda w: f"| a | b |\n|---|---|\n| {w} | x |", _WORDS),
    st.just("---"),
    st.just("***"),
)
_TOP = st.builds(
    lambda lv, w: f"{'#' * lv} {w}", st.integers(1, 2), _WORDS
)  # headings that end a section
_SEP = st.sampled_from(["\n\n", "\n\n\n", "\n \n"])


def _join(blocks: list[str], seps: list[str]) -> str:
    out = ""
    for i, b in enumerate(blocks):
        out += b + (seps[i % len(seps)] if seps else "\n\n")
    return out


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str, str]:
    """(before, old section, after) in `\\n` form; before+old+after is the document."""
    seps = draw(st.lists(_SEP, min_size=1, max_size=3))
    before = _join(draw(st.lists(st.one_of(_BLOCK, _TOP), max_size=6)), seps)
    old = "## Data Models\n\n" + _join(draw(st.lists(_BLOCK, max_size=6)), seps)
    after_blocks = draw(st.lists(st.one_of(_BLOCK, _TOP), max_size=5))
    after = _join([draw(_TOP), *after_blocks], seps) if draw(st.booleans()) else ""
    return before, old, after


def _finish(text: str, crlf: bool, bom: bool, trailing: bool) -> str:
    if not trailing:
        text = text.rstrip("\n ")
    if crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + text


_NEW = st.builds(
    lambda blocks: "## Data Models\n\n" + "\n\n".join(blocks) + "\n",
    st.lists(_BLOCK, max_size=5),
)
_FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(documents(), _NEW, st.booleans(), st.booleans(), st.booleans())
def test_property_bytes_outside_the_section_never_change(
    parts: tuple[str, str, str], new: str, crlf: bool, bom: bool, trailing: bool
) -> None:
    before, old, after = parts
    whole = _finish(before + old + after, crlf, bom, trailing)
    out = splice_section(whole, new)
    head = _finish(before, crlf, bom, True) if before else ("\ufeff" if bom else "")
    assert out.startswith(head)
    if after:
        tail = _finish(after, crlf, False, trailing)
        assert out.endswith(tail)
        # the new section sits exactly between them
        middle = out[len(head) : len(out) - len(tail)]
        nl = "\r\n" if crlf else "\n"
        assert middle == new.rstrip().replace("\n", nl) + nl + nl
    assert out.endswith(("\n", "\r")) == whole.endswith(("\n", "\r")) or whole == ""
    assert out.startswith("\ufeff") == bom
    assert splice_section(out, new) == out


@_FAST
@given(st.lists(st.one_of(_BLOCK, _TOP), max_size=8), _NEW, st.booleans(), st.booleans())
def test_property_missing_section_is_appended_and_the_rest_kept(
    blocks: list[str], new: str, crlf: bool, trailing: bool
) -> None:
    doc = _finish(_join(blocks, ["\n\n"]), crlf, False, trailing)
    out = splice_section(doc, new)
    assert out.startswith(doc)
    assert find_section(out) is not None
    assert splice_section(out, new) == out


_MARKDOWNISH = st.text(alphabet="ab #>-*`~|\n\r\t<!0.=", max_size=200)


@_FAST
@given(_MARKDOWNISH, _MARKDOWNISH, _NEW)
def test_property_arbitrary_text_is_kept_or_refused(pre: str, post: str, new: str) -> None:
    doc = pre + "\n\n## Data Models\n\nold\n\n" + post
    try:
        out = splice_section(doc, new)
    except InputError:
        return  # the text left a block open: refused, nothing to write
    span = find_section(doc)
    if span is None:  # the heading sat inside some block: the section was appended
        assert out.startswith(doc)
        return
    lines = split_lines(doc)
    assert out.startswith("".join(lines[: span.start]))
    assert out.endswith("".join(lines[span.end :]))
    assert splice_section(out, new) == out


def test_the_probe_is_split_from_the_block_as_the_probe_text_would_be() -> None:
    """check_block splits the new block itself (no copies of megabytes): the same lines as
    `body.rstrip() + "\\n\\n" + probe + "\\n"` split as `_hybrid_marks` splits a text."""
    import random

    from pydev_workflow.workflow import splice

    def probe_text_lines(body: str) -> list[str]:
        text = body.rstrip() + "\n\n" + splice._PROBE + "\n"
        text = splice._ANY_NEWLINE.sub("\n", text).replace("\0", "\ufffd")
        return text.split("\n")[:-1]

    pieces = ["a", " ", "\n", "\r", "\r\n", "\t", "\x0b", "\x1c", "\0", "#", "\u2028"]
    rnd = random.Random(3)
    for _ in range(5000):
        body = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        assert splice._probe_lines(body) == probe_text_lines(body), repr(body)


@pytest.mark.parametrize("after", ["", "\n", "\n\n## Next\n\ntext\n", "\n---\n"])
def test_a_section_spliced_to_itself_is_the_document_itself(after: str) -> None:
    """A re-run: nothing changes, and the document comes back as it is (no copy of it made)."""
    from pydev_workflow.workflow.splice import splice_section

    section = "## Data Models\n\n> Last updated: 2026-01-01\n\n| a |\n|---|\n"
    doc = splice_section("# Arch\n\ntext\n" + after, section)
    assert splice_section(doc, section) is doc
    assert splice_section(doc, section + "\n\n") is doc
    changed = section.replace("| a |", "| b |")
    assert splice_section(doc, changed) == doc.replace("| a |", "| b |")
