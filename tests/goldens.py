"""Compare text with a golden file, or rewrite the file when --update-goldens is given."""
from __future__ import annotations

import difflib
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "goldens"


def check_golden(name: str, text: str, update: bool, directory: Path = GOLDEN_DIR) -> None:
    path = directory / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run pytest --update-goldens once and review it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            "golden/" + name, "now/" + name, n=2))
        raise AssertionError(f"{name} differs from its golden file:\n{diff[:6000]}")
