"""A golden failure is a short diff a person reads at once (tests/goldens.py)."""
from __future__ import annotations

import pytest

from goldens import MAX_DIFF_LINES, MAX_LINE, check_golden, first_difference


def failure(tmp_path, expected: str, actual: str) -> str:
    (tmp_path / "g.txt").write_text(expected, encoding="utf-8")
    with pytest.raises(AssertionError) as e:
        check_golden("g.txt", actual, False, tmp_path)
    return str(e.value)


def test_a_changed_line_is_named_with_its_place(tmp_path):
    text = failure(tmp_path, "a\nb\nc\n", "a\nB\nc\n")
    assert "1 line(s) removed, 1 added" in text and "line 2, column 1" in text
    assert "-b" in text and "+B" in text


def test_many_changes_are_cut_to_a_short_diff(tmp_path):
    expected = "".join(f"line {i}\n" for i in range(500))
    text = failure(tmp_path, expected, expected.replace("line", "LINE"))
    assert len(text.splitlines()) <= MAX_DIFF_LINES + 3 and "more diff lines" in text


def test_one_long_line_shows_the_window_around_its_change(tmp_path):
    expected = "<svg>" + "x" * 5000 + "OLD" + "y" * 5000 + "</svg>\n"
    text = failure(tmp_path, expected, expected.replace("OLD", "NEW"))
    assert "OLD" in text and "NEW" in text
    assert max(len(line) for line in text.splitlines()[1:]) <= MAX_LINE + 3


def test_the_same_text_passes_and_update_writes(tmp_path):
    check_golden("new/g.txt", "x\n", True, tmp_path)
    check_golden("new/g.txt", "x\n", False, tmp_path)
    assert first_difference("abc\ndef", "abc\ndXf") == (2, 2)
