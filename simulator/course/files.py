"""Where the course's files are: scenarios, exercises and notebooks, shipped inside the package.

The scenarios and exercises live in `simulator/course/data/` in the source tree and in the wheel
alike, and are read from there with importlib.resources (never from beside the package). The
notebooks are written for people in the source tree's `notebooks/` (with their outputs, for
GitHub and nbval); building the wheel copies them into `data/notebooks/` with their outputs
cleared (setup.py), so an installed package finds them there, and a source checkout in its
`notebooks/` folder.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

LANGUAGES = ("en", "ko")


def data_dir() -> Path:
    """The package's data folder (a real folder: the package is installed unzipped)."""
    return Path(str(resources.files("simulator.course").joinpath("data")))


def scenarios_dir() -> Path:
    return data_dir() / "scenarios"


def exercises_dir() -> Path:
    return data_dir() / "exercises"


def source_tree() -> Path | None:
    """The checkout this package runs from (an editable install or the clone itself), or None."""
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and (root / "notebooks").is_dir() and 'name = "layer-lab"' in pyproject.read_text("utf-8"):
        return root
    return None


def notebooks_dir() -> Path:
    """The course notebooks: English at the top, `ko/` beside them, the playground and the teacher's guide."""
    shipped = data_dir() / "notebooks"
    if shipped.is_dir():
        return shipped
    tree = source_tree()
    if tree is not None:
        return tree / "notebooks"
    raise FileNotFoundError(f"the course notebooks are missing from {shipped}: reinstall layer-lab")


def scenario_names() -> list[str]:
    return [p.stem for p in sorted(scenarios_dir().glob("*.yaml"))]


def exercise_ids() -> list[str]:
    return [p.stem for p in sorted(exercises_dir().glob("*.yaml"))]
