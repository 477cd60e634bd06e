"""Running a simulation: a scenario file (`load_file`, `load_text`, `Scenario`) becomes an engine,
a `Session` runs docker and shell command lines on it step by step (`StepRecord`: what a terminal
printed and the step's events), a `Timeline` keeps every step to go back and branch, and
`statedoc` writes the state as the JSON document the real-engine recordings are compared with.
The packages above (course, ui) reach the model through here: `paths` is simulator.fs.paths, the
path rules scenario files and state documents use.
"""
from simulator.fs import paths
from simulator.run import imagefile, samples, statedoc
from simulator.run.scenario import Scenario, from_dict, load_file, load_text, split_docker_step
from simulator.run.session import Session, StepRecord, docker_output
from simulator.run.termtext import one_line, terminal_safe
from simulator.run.timeline import Step, Timeline
from simulator.shell import FILE_WORK_UNITS

__all__ = ["FILE_WORK_UNITS", "Scenario", "Session", "Step", "StepRecord", "Timeline", "docker_output", "from_dict", "imagefile", "load_file",
           "load_text", "one_line", "paths", "samples", "split_docker_step", "statedoc", "terminal_safe"]
