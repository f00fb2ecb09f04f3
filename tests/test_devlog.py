"""DEV_LOG.md: the data-models entry is appended once, updated in place, and step 02 is detected."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydev_workflow.errors import InputError
from pydev_workflow.steps import DATA_MODELS, previous
from pydev_workflow.workflow.devlog import (
    extract_entry,
    find_step_entry,
    keep_entry_date,
    step_complete,
    upsert_entry,
)

ENTRY = """### 2026-12-01 Data Models Defined {#data-models}

**Summary**: Designed data models and storage strategy

**Entities Defined**:

| Entity | Fields | Storage |
|--------|--------|---------|
| User | 4 | PostgreSQL |

**Relationships**:

```mermaid
erDiagram
    USER ||--o{ POST : creates
```

**Next Steps**:
- Proceed to core logic design

---
"""

LOG = """# Development Log

### 2026-11-20 Project Initialized {#project-init}

**Summary**: Created the repository.

---

### 2026-11-22 System Architecture Defined {#system-architecture}

**Summary**: Defined components.

---
"""

ARCH = previous(DATA_MODELS)
assert ARCH is not None


def test_appended_once_then_replaced_in_place() -> None:
    first = upsert_entry(LOG, ENTRY)
    assert first == LOG + "\n" + ENTRY
    assert upsert_entry(first, ENTRY) == first
    changed = ENTRY.replace("| 4 |", "| 5 |").replace("2026-12-01", "2026-12-09")
    second = upsert_entry(first, changed)
    assert second == LOG + "\n" + changed
    assert second.count("{#data-models}") == 1


def test_old_date_kept_when_nothing_else_changed() -> None:
    first = upsert_entry(LOG, ENTRY)
    later = ENTRY.replace("2026-12-01", "2027-02-02")
    assert upsert_entry(first, later) == first
    assert keep_entry_date(ENTRY, later) == ENTRY
    assert keep_entry_date(None, later) == later


def test_entry_in_the_middle_is_replaced_and_the_rest_kept() -> None:
    doc = LOG + "\n" + ENTRY + "\n### 2026-12-05 Core Logic Designed {#core-logic}\n\nx\n"
    new = ENTRY.replace("| 4 |", "| 6 |")
    out = upsert_entry(doc, new)
    assert out == LOG + "\n" + new + "\n### 2026-12-05 Core Logic Designed {#core-logic}\n\nx\n"


def test_entry_without_closing_rule_ends_at_next_heading() -> None:
    doc = "# Log\n\n### 2026-12-01 Data Models Defined {#data-models}\n\nold\n### Next {#n}\nx\n"
    out = upsert_entry(doc, ENTRY)
    assert out == "# Log\n\n" + ENTRY + "\n### Next {#n}\nx\n"
    assert upsert_entry(out, ENTRY) == out


def test_closing_rule_is_added_when_the_entry_lacks_it() -> None:
    out = upsert_entry("# Log\n", "### 2026-12-01 Data Models Defined {#data-models}\n\nx\n")
    assert out == "# Log\n\n### 2026-12-01 Data Models Defined {#data-models}\n\nx\n\n---\n"
    assert upsert_entry(out, "### 2026-12-02 Data Models Defined {#data-models}\n\nx\n") == out


def test_crlf_bom_and_missing_final_newline_kept() -> None:
    doc = "\ufeff" + LOG.replace("\n", "\r\n").rstrip("\r\n")
    out = upsert_entry(doc, ENTRY)
    assert out.startswith(doc + "\r\n\r\n### 2026-12-01")
    assert out.endswith("---") and "\n" not in out.replace("\r\n", "")
    assert upsert_entry(out, ENTRY) == out


def test_anchor_inside_code_fence_is_not_an_entry() -> None:
    doc = "# Log\n\n```\n### x {#data-models}\n```\n"
    out = upsert_entry(doc, ENTRY)
    assert out == doc + "\n" + ENTRY
    assert extract_entry(doc) is None
    assert extract_entry(out) == ENTRY


def test_unclosed_fence_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"^DEV_LOG.md:3:1: error: .*unclosed code block"):
        upsert_entry("# Log\n\n```\nopen\n", ENTRY)


def test_malformed_entry_is_a_bug() -> None:
    with pytest.raises(ValueError, match="start with its heading"):
        upsert_entry(LOG, "text\n")
    with pytest.raises(ValueError, match="data-models"):
        upsert_entry(LOG, "### 2026-12-01 Data Models Defined\n\n---\n")


def test_step_complete_by_anchor_or_title() -> None:
    assert step_complete(LOG, ARCH)
    assert find_step_entry(LOG, ARCH) == 9
    assert step_complete("## 2026-01-01 system architecture\n", ARCH)
    assert step_complete("### Done {#system-architecture}\n", ARCH)
    assert not step_complete("# Log\n\n### 2026-11-20 Project Initialized {#project-init}\n", ARCH)
    assert not step_complete("```\n### System Architecture {#system-architecture}\n```\n", ARCH)
    assert not step_complete("System Architecture is next.\n", ARCH)


# -- property: bytes outside the entry are kept, and a re-run is a no-op ----------------------

_WORDS = st.text(alphabet="abcXYZ 0123456789.,:()", min_size=1, max_size=20).map(
    lambda s: "w" + s.strip()
)
_BLOCK = st.one_of(
    _WORDS,
    st.builds(lambda w: f"### 2026-01-01 {w} {{#{w[:3]}}}", _WORDS),
    st.builds(lambda w: f"## {w}", _WORDS),
    st.just("---"),
    st.just("```\n### x {#data-models}\n```"),
    st.just("    ### Data Models Defined {#data-models}"),
    st.builds(lambda w: f"- {w}\n- {w}", _WORDS),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_BLOCK, max_size=6),
    st.lists(_BLOCK, max_size=6),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_property_upsert_keeps_everything_outside_the_entry(
    before: list[str], after: list[str], present: bool, crlf: bool, trailing: bool
) -> None:
    old = "### 2025-01-01 Data Models Defined {#data-models}\n\nold\n\n---\n"
    head = "".join(b + "\n\n" for b in before)
    tail = "".join(b + "\n\n" for b in after) if present else ""
    doc = head + (old + "\n" if present else "") + tail
    if not trailing:
        doc = doc.rstrip("\n")
    nl = "\r\n" if crlf else "\n"
    doc = doc.replace("\n", nl)
    out = upsert_entry(doc, ENTRY)
    expected_head = head.replace("\n", nl)
    if present:
        old_nl = old.replace("\n", nl)
        start = len(expected_head)
        assert doc.startswith(expected_head)
        # the entry ends after its `---` line; what follows is the user's
        suffix = doc[start + len(old_nl) :] if doc[start:].startswith(old_nl) else ""
        entry = ENTRY.replace("\n", nl)
        if not suffix and not trailing:
            entry = entry.rstrip(nl)
        assert out == expected_head + entry + suffix
    else:
        assert out.startswith(doc)
    assert out.count("{#data-models}") == doc.count("{#data-models}") + (0 if present else 1)
    assert upsert_entry(out, ENTRY) == out
    assert upsert_entry(out, ENTRY.replace("2026-12-01", "2030-01-01")) == out
