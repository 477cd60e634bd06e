"""An exercise in the Layer Lab: the widget on the exercise's start, checked at the lab's current step."""
from __future__ import annotations

from simulator.course import Exercise, exercises
from simulator.messages import Catalog


class ExerciseLab:
    """The Layer Lab widget on an exercise's start, shown with a plain-text line that names the exercise (a
    notebook's stored text, the same on every run). check() reads the lab's current step.

        lab = ExerciseLab(exercises.load("11-goal-capstone"))    # or the exercise's id
        lab                                                       # the widget
        lab.check()                                               # the goal at the lab's step
    """

    def __init__(self, ex: Exercise | str):
        from simulator.ui.lab import Lab  # ipywidgets (the lab extra): imported only when a Lab is asked for
        self.exercise = ex if isinstance(ex, Exercise) else exercises.load(ex)
        self.lab = Lab(exercises.start_scenario(self.exercise))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = dict(self.lab._repr_mimebundle_() or {})
        bundle["text/plain"] = Catalog().t("exercise.lab", title=self.exercise.text("title"))
        return bundle

    def check(self):
        return self.exercise.check(self)
