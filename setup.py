"""The wheel carries the course notebooks: notebooks/ (English, ko/, the playground) copied into
simulator/course/data/notebooks with their outputs cleared.

The notebooks in the repository keep their outputs (SVG and PNG pictures, for GitHub's viewer and for
nbval); a student gets them clean and runs them (`layer-lab course copy`), which keeps the installed
package small. Everything else is in pyproject.toml; an editable install reads notebooks/ in place
(simulator/course/files.py).
"""
from __future__ import annotations

import json
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TARGET = Path("simulator", "course", "data", "notebooks")


def cleared(text: str) -> str:
    """A notebook without outputs or execution counts, written as nbformat writes it."""
    nb = json.loads(text)
    for cell in nb.get("cells", ()):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = HERE / "notebooks"
        target = Path(self.build_lib) / TARGET
        for path in sorted(source.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            out = target / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(cleared(path.read_text(encoding="utf-8")), encoding="utf-8")


setup(cmdclass={"build_py": BuildWithCourse})
