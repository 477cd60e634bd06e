"""The Layer Lab workbench: `LabController` (plain methods, no widgets) and `Lab`, its ipywidgets face
(imported only when asked for, so the controller needs no Jupyter); `ExerciseLab`: the Lab on an
exercise's start."""
from simulator.ui.controller import LabController
from simulator.ui.exercise import ExerciseLab
from simulator.ui.guided import ACTIONS, HOST, GuidedError, guided_command
from simulator.ui.voila import ARGS as VOILA_ARGS
from simulator.ui.voila import environment as voila_environment

__all__ = ["ACTIONS", "HOST", "ExerciseLab", "GuidedError", "Lab", "LabController", "VOILA_ARGS", "guided_command",
           "voila_environment"]


def __getattr__(name: str):
    """`from simulator.ui import Lab`: the widgets (ipywidgets) are imported only then."""
    if name == "Lab":
        from simulator.ui.lab import Lab
        return Lab
    raise AttributeError(name)                  # a programmer's mistake: the name is the message
