"""The code passes the linter the project chose (pyproject.toml [tool.ruff]): `ruff check simulator tests`."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ruff() -> list[str]:
    """ruff as installed with the test extra: beside this Python, else on PATH."""
    here = Path(sys.executable).parent / "ruff"
    found = str(here) if here.exists() else shutil.which("ruff")
    assert found, "ruff is missing: pip install -e '.[test]' (./test does)"
    return [found]


def test_ruff_check_passes():
    done = subprocess.run(ruff() + ["check", "--no-cache", "--output-format", "concise", "simulator", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"ruff check (fix most with `ruff check --fix simulator tests`):\n{done.stdout}{done.stderr}"


def test_ruff_finds_what_it_is_configured_for(tmp_path):
    """The configuration is the project's, and it fails on an unused import."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n", encoding="utf-8")
    done = subprocess.run(ruff() + ["check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "F401" in done.stdout
