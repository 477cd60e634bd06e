"""The model stays pure: importing it loads no Jupyter, widget or Graphviz module."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW_PACKAGES = ("simulator/render/", "simulator/ui/", "simulator/course/")  # the course draws: it sits above render


def model_modules() -> list[str]:
    mods = []
    for path in sorted((ROOT / "simulator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(VIEW_PACKAGES) or rel.endswith("__main__.py"):
            continue
        mods.append(rel[:-3].replace("/", ".").removesuffix(".__init__"))
    return mods


def test_importing_the_model_loads_no_view_library():
    code = ("import importlib, sys\n"
            f"for m in {model_modules()!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('graphviz', 'IPython', 'ipywidgets', 'jupyter_client', 'ipykernel', 'simulator.render', 'simulator.ui')"
            " or m.startswith(('simulator.render', 'simulator.ui')))\n"
            "print('\\n'.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "", f"the model imports view modules:\n{out}"


def test_there_are_model_modules_to_check():
    assert "simulator.docker.engine" in model_modules() and "simulator.fs.overlay" in model_modules()
