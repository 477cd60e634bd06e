"""Grading a class: every session file handed in for one exercise, checked in one call.

    for grade in grade_folder("02-goal-fresh-folder", "handed-in/"):
        print(grade.file, grade.passed, grade.sentences)

Each `*.yaml` / `*.yml` in the folder is a session saved from the Lab (*Save as scenario*), replayed on
the exercise's own start (exercises.check_file). A file that cannot be read or is not a scenario is a
grade with its error, never an exception: one bad file does not stop the class.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.course import exercises
from simulator.errors import SimulatorError
from simulator.messages import Catalog


@dataclass(frozen=True)
class Grade:
    file: str                       # the file's name in the folder
    passed: bool
    sentences: tuple = ()           # what is still wrong (the exercise's own feedback), or the error
    error: bool = False             # the file could not be checked (unreadable, not a scenario)


def handed_in(folder) -> list[Path]:
    root = Path(folder)
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def grade_folder(exercise, folder, cat: Catalog | None = None) -> list[Grade]:
    """One Grade per handed-in file, in name order. `exercise` is an Exercise or its id."""
    ex = exercise if isinstance(exercise, exercises.Exercise) else exercises.load(exercise)
    out = []
    for path in handed_in(folder):
        try:
            result = exercises.check_file(ex, path, cat)
        except (SimulatorError, OSError, ValueError) as e:
            out.append(Grade(path.name, False, (str(e).splitlines()[0] if str(e) else type(e).__name__,), True))
            continue
        out.append(Grade(path.name, bool(result.passed), tuple(result.sentences)))
    return out
