"""Exercise files (the shipped simulator/course/data/exercises/*.yaml): reading and checking them into ExerciseSpec values (data; simulator.course.exercises.Exercise adds the checks), and the start
each one describes as a scenario. The checks themselves are in simulator.course.exercises."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from simulator.course import expectations, predictions
from simulator.errors import SimulatorError
from simulator.course.files import exercise_ids, exercises_dir
from simulator.course.lesson import Lesson, scenario_path
from simulator.messages import get_language
from simulator.course.predictions import QuestionError
from simulator.run import Scenario, from_dict, load_file

EXERCISES = exercises_dir()
KINDS = ("predict", "goal")
KEYS = {"title", "kind", "start", "task", "hints", "question", "goal", "solution", "wrong", "accept", "picture"}
NEEDED = {"predict": {"title", "kind", "start", "task", "question", "solution"},
          "goal": {"title", "kind", "start", "task", "goal", "solution"}}
ONLY = {"predict": {"question", "wrong", "accept"}, "goal": {"goal", "picture"}}
FALLBACK = "en"


class ExerciseError(ValueError):
    """An exercise file that cannot be used; the message names the file and the key at fault."""

    def __init__(self, message: str, where: str = "", file: str = ""):
        self.message, self.where, self.file = message, where, file
        super().__init__(self.render())

    def render(self) -> str:
        head = ": ".join(p for p in (self.file, self.where) if p)
        return f"{head}: {self.message}" if head else self.message


# ---- the file ---------------------------------------------------------------------------------
def localized(value, where: str) -> dict:
    """A text field as {language: text}; plain text is English."""
    if isinstance(value, str):
        return {FALLBACK: value}
    if isinstance(value, dict) and value and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        if FALLBACK not in value:
            raise ExerciseError(f"a text needs its English version ({FALLBACK}:)", where)
        return dict(value)
    raise ExerciseError("must be text, or a mapping of languages to text (en: ..., ko: ...)", where)


def pick(text: dict, language: str | None = None) -> str:
    return text.get(language or get_language()) or text[FALLBACK]


@dataclass(frozen=True, eq=False)
class ExerciseSpec:
    id: str
    kind: str                         # predict | goal
    title: dict                       # language -> text
    task: dict
    start_spec: dict                  # `start:` of the file: {scenario: FILE, steps: [...]} or a scenario
    hints: tuple = ()                 # of language -> text
    question: dict | None = None      # predict: simulator.course.predictions
    goal: tuple = ()                  # goal: simulator.course.expectations
    solution: object = None           # goal: the commands of one solution; predict: the right answer
    wrong: tuple = ()                 # predict: ({answer, why}, ...): typical wrong answers, and why
    accept: tuple = ()                # predict: other answers that count as right
    picture: str | None = None        # goal: what the goal's picture shows (a container, "overview")
    source: str = ""                  # the file it came from

    def text(self, key: str, language: str | None = None) -> str:
        return pick(getattr(self, key), language)

    def start_scenario(self) -> Scenario:
        return start_scenario(self)

    def start(self) -> Lesson:
        """A Lesson on the start state: run commands on it, then pass it to check()."""
        sc = start_scenario(self)
        return Lesson(sc, setup=sc.steps)

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.kind})>"


def exercise_path(ref) -> Path:
    """An exercise by id ("02-goal-fresh-folder") or an existing file's path."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    shipped = EXERCISES / (path.name if path.suffix in (".yaml", ".yml") else path.name + ".yaml")
    if shipped.is_file():
        return shipped
    raise FileNotFoundError(f"no exercise {str(ref)!r}: give a file's path or one of: {', '.join(all_ids())}")


def all_ids() -> list[str]:
    return exercise_ids()


def load(ref, cls=None) -> ExerciseSpec:
    """An exercise by id or path, checked: a bad file raises ExerciseError naming the file and key."""
    path = exercise_path(ref)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return from_data(data, path.stem, str(path), cls)
    except yaml.YAMLError as e:
        raise ExerciseError(f"invalid YAML: {getattr(e, 'problem', None) or e}", file=str(path)) from None
    except ExerciseError as e:
        raise ExerciseError(e.message, e.where, str(path)) from None


def load_all(cls=None) -> list[ExerciseSpec]:
    return [load(i, cls) for i in all_ids()]


def from_data(data, ex_id: str, source: str = "", cls=None) -> ExerciseSpec:
    """The exercise in `data`, as a `cls` (an ExerciseSpec class; simulator.course.exercises gives its Exercise)."""
    if not isinstance(data, dict):
        raise ExerciseError("an exercise must be a mapping (title, kind, start, task, ...)")
    unknown = set(data) - KEYS
    if unknown:
        raise ExerciseError(f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ExerciseError(f"must be one of {', '.join(KINDS)}, not {kind!r}", "kind")
    missing = NEEDED[kind] - set(data)
    if missing:
        raise ExerciseError(f"a {kind} exercise needs {', '.join(sorted(missing))}")
    other = [k for k in data if k in set().union(*ONLY.values()) - ONLY[kind]]
    if other:
        raise ExerciseError(f"{other[0]} is for a {'goal' if kind == 'predict' else 'predict'} exercise", other[0])
    hints = data.get("hints") or []
    if not isinstance(hints, list):
        raise ExerciseError("must be a list of texts", "hints")
    ex = (cls or ExerciseSpec)(
        id=ex_id, kind=kind, title=localized(data["title"], "title"), task=localized(data["task"], "task"),
        start_spec=_start(data["start"]), hints=tuple(localized(h, f"hints[{i}]") for i, h in enumerate(hints)),
        source=source)
    if kind == "goal":
        return _goal_fields(ex, data)
    return _predict_fields(ex, data)


def _start(spec) -> dict:
    if not isinstance(spec, dict):
        raise ExerciseError("must be a mapping: {scenario: FILE, steps: [...]} or a scenario", "start")
    if "scenario" in spec:
        extra = set(spec) - {"scenario", "steps"}
        if extra:
            raise ExerciseError(f"with scenario:, only steps: may follow, not {sorted(extra)[0]!r}", "start")
    spec = dict(spec)
    try:
        _scenario_of(spec)          # loads now, so a bad start fails at load time
    except (FileNotFoundError, ValueError, SimulatorError) as e:
        raise ExerciseError(str(e), "start") from None
    return spec


def _commands(value, where: str) -> tuple:
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
        raise ExerciseError("must be a list of commands", where)
    return tuple(value)


def _goal_fields(ex: ExerciseSpec, data: dict) -> ExerciseSpec:
    goal = data["goal"]
    if not isinstance(goal, list) or not goal:
        raise ExerciseError("must be a non-empty list of expectations", "goal")
    for i, exp in enumerate(goal):
        try:
            expectations.shape(exp)
        except expectations.ExpectationError as e:
            raise ExerciseError(str(e), f"goal[{i}]") from None
    picture = data.get("picture")
    if picture is not None and not isinstance(picture, str):
        raise ExerciseError("must be a container's name or overview", "picture")
    return _replace(ex, goal=tuple(goal), solution=_commands(data["solution"], "solution"), picture=picture)


def _predict_fields(ex: ExerciseSpec, data: dict) -> ExerciseSpec:
    try:
        predictions.check_question(data["question"])
    except QuestionError as e:
        raise ExerciseError(str(e), "question") from None
    wrong = data.get("wrong") or []
    if not isinstance(wrong, list) or not all(isinstance(w, dict) and set(w) == {"answer", "why"} for w in wrong):
        raise ExerciseError("must be a list of {answer: ..., why: ...}", "wrong")
    wrong = tuple({"answer": w["answer"], "why": localized(w["why"], f"wrong[{i}].why")} for i, w in enumerate(wrong))
    accept = data.get("accept") or []
    if not isinstance(accept, list):
        raise ExerciseError("must be a list of answers", "accept")
    return _replace(ex, question=dict(data["question"]), solution=data["solution"], wrong=wrong, accept=tuple(accept))


def _replace(ex: ExerciseSpec, **changes) -> ExerciseSpec:
    return replace(ex, **changes)


# ---- the start ---------------------------------------------------------------------------------
def _scenario_of(spec: dict) -> Scenario:
    if "scenario" in spec:
        data = dict(load_file(str(scenario_path(spec["scenario"]))).source)
        data["steps"] = list(spec.get("steps") or [])     # the file's own steps are its story, not the start
        return from_dict(data)
    return from_dict(spec)


def start_scenario(ex: ExerciseSpec) -> Scenario:
    """The start as a scenario: its images and host, and the setup steps as its steps (a Lab or
    `python -m simulator run` runs them first)."""
    sc = _scenario_of(ex.start_spec)
    data = dict(sc.source)
    data["title"] = ex.text("title")
    data["steps"] = list(sc.steps)
    return from_dict(data)
