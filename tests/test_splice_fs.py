"""Reading documents with their byte habits and writing them back atomically (workflow/fs.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.workflow.fs import (
    newline_style,
    read_document,
    split_lines,
    write_atomic,
    write_document,
)
from pydev_workflow.workflow.splice import splice_section

SECTION = "## Data Models\n\n> Last updated: 2026-12-01\n\n### Entities\n"


def test_read_keeps_bom_crlf_and_missing_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "ARCHITECTURE.md"
    path.write_bytes(b"\xef\xbb\xbf# A\r\n\r\ntext")
    doc = read_document(path)
    assert doc.text == "# A\r\n\r\ntext"
    assert (doc.bom, doc.newline, doc.trailing_newline, doc.exists) == (True, "\r\n", False, True)
    assert doc.encode(doc.text) == path.read_bytes()


def test_missing_file(tmp_path: Path) -> None:
    doc = read_document(tmp_path / "DEV_LOG.md", missing_ok=True)
    assert not doc.exists and doc.text == ""
    with pytest.raises(InputError, match=r"DEV_LOG.md:1:1: error: DEV_LOG.md not found"):
        read_document(tmp_path / "DEV_LOG.md", display="DEV_LOG.md")


def test_decoding_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ARCHITECTURE.md"
    path.write_bytes(b"# A\n\nab\xe9cd\n")
    with pytest.raises(InputError) as exc:
        read_document(path, display="ARCHITECTURE.md")
    assert str(exc.value) == (
        "ARCHITECTURE.md:3:3: error: ARCHITECTURE.md is not valid UTF-8 (byte 0xe9) "
        "(save the file as UTF-8)"
    )


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_newline_style_and_split_lines() -> None:
    assert newline_style("a\r\nb\r\nc\n") == "\r\n"
    assert newline_style("a\nb\r\n") == "\n"
    assert newline_style("") == "\n"
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]


def test_write_atomic_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(path, "new\r\n")
    assert path.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_write_atomic_new_file_and_symlink(tmp_path: Path) -> None:
    new = tmp_path / "new.md"
    write_atomic(new, b"\xef\xbb\xbfx")
    assert new.read_bytes() == b"\xef\xbb\xbfx"
    assert stat.S_IMODE(new.stat().st_mode) & 0o600 == 0o600
    link = tmp_path / "link.md"
    link.symlink_to(new)
    write_atomic(link, "y")
    assert link.is_symlink() and new.read_text() == "y"


def test_write_atomic_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(tmp_path / "nope" / "doc.md", "x")


def test_round_trip_through_disk_keeps_every_outside_byte(tmp_path: Path) -> None:
    path = tmp_path / "ARCHITECTURE.md"
    original = b"\xef\xbb\xbf# A\r\n\r\n## Data Models\r\n\r\nold\r\n\r\n## Z\r\n\r\nend"
    path.write_bytes(original)
    doc = read_document(path)
    assert write_document(doc, splice_section(doc.text, SECTION))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# A\r\n\r\n## Data Models\r\n\r\n> Last updated")
    assert data.endswith(b"### Entities\r\n\r\n## Z\r\n\r\nend")
    again = read_document(path)
    assert not write_document(again, splice_section(again.text, SECTION))  # no byte changes
    assert path.read_bytes() == data
