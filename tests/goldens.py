"""Compare text with a golden file, or rewrite the file when --update-goldens is given.

A difference fails with a short diff a person reads at once: how many lines changed and where the
first change is, then at most MAX_DIFF_LINES lines of unified diff, each long line (an SVG, a JSON
document on one line) cut to a window around the first changed column."""
from __future__ import annotations

import difflib
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "goldens"
MAX_DIFF_LINES = 40
MAX_LINE = 160


def first_difference(expected: str, actual: str) -> tuple[int, int]:
    """(line, column), 1-based, of the first character where the texts differ."""
    n = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))
    line = expected.count("\n", 0, n) + 1
    column = n - (expected.rfind("\n", 0, n) + 1) + 1
    return line, column


def clip(line: str, column: int) -> str:
    """A long diff line cut to MAX_LINE characters around `column` (the marker and text kept apart)."""
    mark, text = line[:1], line[1:].rstrip("\n")
    if len(text) <= MAX_LINE:
        return mark + text
    start = max(0, min(column - 1 - MAX_LINE // 2, len(text) - MAX_LINE))
    return mark + ("…" if start else "") + text[start:start + MAX_LINE] + ("…" if start + MAX_LINE < len(text) else "")


def short_diff(name: str, expected: str, actual: str) -> str:
    exp, act = expected.splitlines(True), actual.splitlines(True)
    diff = list(difflib.unified_diff(exp, act, "golden/" + name, "now/" + name, n=2))
    removed = sum(1 for d in diff[2:] if d.startswith("-"))
    added = sum(1 for d in diff[2:] if d.startswith("+"))
    line, column = first_difference(expected, actual)
    head = (f"{name} differs from its golden file: {removed} line(s) removed, {added} added; the first difference "
            f"is at line {line}, column {column}. If the change is meant, rewrite it with `pytest --update-goldens` "
            f"and review `git diff`.")
    body = [d.rstrip("\n") if d.startswith(("---", "+++", "@@")) else clip(d, column) for d in diff[:MAX_DIFF_LINES]]
    if len(diff) > MAX_DIFF_LINES:
        body.append(f"... and {len(diff) - MAX_DIFF_LINES} more diff lines")
    return head + "\n" + "\n".join(body)


def check_golden(name: str, text: str, update: bool, directory: Path = GOLDEN_DIR) -> None:
    path = directory / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run pytest --update-goldens once and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        raise AssertionError(short_diff(name, expected, text))
