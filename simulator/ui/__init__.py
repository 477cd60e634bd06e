"""The Layer Lab workbench: `LabController` (plain methods, no widgets) and, in `simulator.ui.lab`,
`Lab`, its ipywidgets face (imported apart, so the controller needs no Jupyter)."""
from simulator.ui.controller import LabController
from simulator.ui.guided import ACTIONS, HOST, GuidedError, guided_command

__all__ = ["ACTIONS", "HOST", "GuidedError", "LabController", "guided_command"]
