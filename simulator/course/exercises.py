"""The exercises' checks, as plain functions that a notebook and a teacher's grading tool call alike (the
files themselves are read by simulator.course.exercisefile; its names are repeated here, so one import does).

Two kinds. "Predict, then check": the student says what a command prints, whether it succeeds, or where
a container sees a file from, and the model runs it and answers. "Reach the goal": the student runs
commands until the state meets the goal's expectations (simulator.course.expectations); the check says, one
sentence per difference, what is still wrong, and shows the goal as a picture.

    ex = load("02-goal-fresh-folder")
    work = ex.start()                        # a Lesson on the start state
    work.run("docker exec web rm -r /srv/www")
    ex.check(work)                           # CheckResult: .passed, .sentences, the goal's picture

    check_prediction(load("02-predict-new-container-after-rm"), "index.html old.html")
    check_commands(ex, ["docker exec web ..."])       # grading: replay a student's commands
    check_file(ex, "handed-in.yaml")                  # grading: a session saved from the Lab

The file format is in the README ("Writing a scenario or an exercise"). Every text is English or a
mapping of languages ({en: ..., ko: ...}); a language a text lacks falls back to English.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.course import expectations, predictions
from simulator.run import statedoc
from simulator.course import exercisefile
from simulator.course.exercisefile import (EXERCISES, KINDS, ExerciseError, ExerciseSpec, all_ids, exercise_path, localized,
                                           pick, start_scenario)
from simulator.course.lesson import Picture, Text, make_picture, step_text
from simulator.messages import Catalog
from simulator.run import load_file
from simulator.run import Session

__all__ = ["EXERCISES", "KINDS", "CheckResult", "Exercise", "ExerciseError", "all_ids", "check_commands",
           "check_file", "check_goal", "check_prediction", "describe", "differences", "engine_of", "exercise_path",
           "from_data", "goal_picture", "hint", "load", "load_all", "localized", "pick", "solution_session",
           "start_scenario", "start_session", "state_parts"]


def start_session(ex: Exercise) -> Session:
    session = Session(start_scenario(ex))
    session.run_all()
    return session


def is_engine(thing) -> bool:
    """An Engine (simulator.docker), known by what it holds: the course imports no engine."""
    return all(hasattr(thing, a) for a in ("containers", "images", "volumes", "new_container"))


def engine_of(thing):
    """The engine inside an Engine, Session, Lesson, Timeline, LabController, Lab or ExerciseLab."""
    if is_engine(thing):
        return thing
    for inner in ("lab", "controller"):          # ExerciseLab -> Lab -> LabController
        held = getattr(thing, inner, None)
        if held is not None and not callable(held):
            return engine_of(held)
    engine = getattr(thing, "engine", None)
    if is_engine(engine):
        return engine
    raise TypeError(f"no simulated state in a {type(thing).__name__} (give a Lesson, Session, Timeline, "
                    f"Lab or Engine)")


# ---- results -----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class CheckResult:
    exercise: str
    passed: bool
    sentences: tuple                  # the verdict, then one sentence per difference (goal)
    evidence: str = ""                # what the model shows (predict): the command's run, or why
    picture: Picture | None = None    # goal: the state after one solution
    differences: tuple = field(default=())

    def text(self) -> str:
        lines = [self.sentences[0]] + [f"- {s}" for s in self.sentences[1:]]
        if self.evidence:
            lines += ["", self.evidence]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"<CheckResult {self.exercise}: {'passed' if self.passed else 'not yet'}>"

    def _ipython_display_(self) -> None:
        print(self.text())
        if self.picture is not None:
            print("\n" + Catalog().t("exercise.goal.picture"))
            self.picture._ipython_display_()


# ---- reach the goal ----------------------------------------------------------------------------
def _need(ex: Exercise, kind: str) -> None:
    if ex.kind != kind:
        raise ValueError(f"{ex.id} is a {ex.kind} exercise, not a {kind} one")


def state_parts(thing) -> tuple[dict, dict]:
    """(state document, {container: read_only}) of anything holding a state, or of a state document."""
    if isinstance(thing, dict):
        doc = thing.get("state", thing)
        return doc, {}
    engine = engine_of(thing)
    return statedoc.state(engine), {name: c.read_only for name, c in engine.containers.items()}


def differences(ex: Exercise, thing, cat: Catalog | None = None) -> list:
    _need(ex, "goal")
    doc, read_only = state_parts(thing)
    return expectations.differences(list(ex.goal), doc, read_only, cat)


def solution_session(ex: Exercise) -> Session:
    session = start_session(ex)
    for command in ex.solution:
        session.run(command)
    return session


def goal_picture(ex: Exercise, cat: Catalog | None = None) -> Picture:
    """The goal as a picture: the state one solution reaches (a container's stack, or the overview)."""
    engine = solution_session(ex).engine
    what = ex.picture
    if what is None:
        named = [e["container"] for e in ex.goal if "container" in e and e["container"] in engine.containers]
        what = named[0] if named else "overview"
    view = ("overview", None) if what == "overview" else ("stack", engine.containers[what])
    return make_picture(engine, view, (), cat)


def check_goal(ex: Exercise, thing, cat: Catalog | None = None, picture: bool = True) -> CheckResult:
    """Does the state in `thing` meet the goal? One sentence per difference, and the goal's picture."""
    cat = cat or Catalog()
    diffs = differences(ex, thing, cat)
    verdict = (cat.t("exercise.goal.reached") if not diffs else cat.t("exercise.goal.not-yet", count=len(diffs)))
    return CheckResult(ex.id, not diffs, (verdict,) + tuple(d.sentence(cat) for d in diffs),
                       picture=goal_picture(ex, cat) if picture else None, differences=tuple(diffs))


def check_commands(ex: Exercise, commands, cat: Catalog | None = None, picture: bool = False) -> CheckResult:
    """Grading: replay a student's commands on the exercise's own start, then check the goal."""
    session = start_session(ex)
    session.run_all(list(commands))          # bounded together, like a file's steps (Session.run_each)
    return check_goal(ex, session, cat, picture)


def check_file(ex: Exercise, path, cat: Catalog | None = None) -> CheckResult:
    """Grading: a session saved from the Lab (a scenario file). Only its commands are used, replayed on the
    exercise's own start; the setup steps it begins with are not run twice."""
    steps = load_file(str(path)).steps
    setup = list(start_scenario(ex).steps)
    if steps[:len(setup)] == setup:
        steps = steps[len(setup):]
    return check_commands(ex, steps, cat)


# ---- predict, then check -----------------------------------------------------------------------
def check_prediction(ex: Exercise, answer, cat: Catalog | None = None) -> CheckResult:
    """Is `answer` what the model does? The verdict, and what the model shows (once answered)."""
    _need(ex, "predict")
    cat = cat or Catalog()
    q = ex.question
    if predictions.unanswered(answer):
        return CheckResult(ex.id, False, (cat.t("exercise.predict.no-answer"),))
    session = start_session(ex)
    record = session.run(q["command"]) if q.get("command") else None
    evidence = step_text(record, cat) if record else ""
    command = q.get("command", "")
    if q["ask"] == "output":
        actual = record.stdout + record.stderr
        match = q.get("match", "words")
        right = any(predictions.same_output(a, actual, match) for a in (answer,) + ex.accept)
        alike = lambda a: predictions.same_output(answer, predictions.as_text(a), match)
        verdict = cat.t("exercise.predict.output.right" if right else "exercise.predict.output.wrong",
                        command=command, answer=expectations.quote(predictions.as_text(answer)))
    elif q["ask"] == "succeeds":
        said = predictions.yes_no(answer)
        if said is None:
            return CheckResult(ex.id, False, (cat.t("exercise.predict.yes-no"),))
        right = said == (record.exit_code == 0)
        alike = lambda a: predictions.yes_no(a) == said
        outcome = cat.t("exercise.outcome.succeeds") if record.exit_code == 0 else \
            cat.t("exercise.outcome.fails", code=str(record.exit_code))
        verdict = cat.t("exercise.predict.succeeds.right" if right else "exercise.predict.succeeds.wrong",
                        command=command, outcome=outcome)
    else:
        right, verdict, why = _check_layer(ex, answer, session, cat)
        if verdict is None:
            return CheckResult(ex.id, False, (why,))
        evidence = "\n".join(p for p in (evidence, why) if p)
        said = _layer_answer(ex, answer, session)
        alike = lambda a: _layer_answer(ex, a, session) == said
    sentences = [verdict]
    if not right:                   # a typical wrong answer gets its own explanation
        for w in ex.wrong:
            if alike(w["answer"]):
                sentences.append(pick(w["why"]))
                break
    return CheckResult(ex.id, right, tuple(sentences), cat.t("exercise.evidence") + "\n" + evidence)


def _actual_layer(ex: Exercise, session: Session) -> str:
    q = ex.question
    c = statedoc.state(session.engine)["containers"].get(q["container"])
    if c is None:
        return ""
    entry = c["rootfs"].get(q["path"])
    return entry["from"] if entry else ""


def _layer_answer(ex: Exercise, answer, session: Session):
    return predictions.place(answer, sorted(session.engine.images))


def _check_layer(ex: Exercise, answer, session: Session, cat: Catalog):
    """(right, verdict or None, the explanation or what to answer instead)."""
    from simulator.render import explain
    q = ex.question
    said = _layer_answer(ex, answer, session)
    examples = ", ".join(f"{n}@0" for n in sorted(session.engine.images)[:1]) or "app@0"
    if said is None:
        return False, None, cat.t("exercise.predict.layer.unknown", answer=expectations.quote(str(answer)),
                                  example=examples)
    actual = _actual_layer(ex, session)
    right = said == actual or any(_layer_answer(ex, a, session) == actual for a in ex.accept)
    words = lambda label: expectations.place_words(label, cat) if label else cat.t("exercise.place.nothing")
    verdict = cat.t("exercise.predict.layer.right" if right else "exercise.predict.layer.wrong",
                    container=q["container"], path=q["path"], actual=words(actual), answer=words(said))
    c = session.engine.containers.get(q["container"])
    why = "\n".join(explain(session.engine, c, q["path"], cat)) if c else ""
    return right, verdict, why


# ---- telling the exercise ------------------------------------------------------------------------
def describe(ex: Exercise, cat: Catalog | None = None) -> Text:
    cat = cat or Catalog()
    lines = [cat.t("exercise.heading", id=ex.id, title=ex.text("title")), cat.t("exercise.kind." + ex.kind), "",
             ex.text("task").rstrip("\n")]
    setup = start_scenario(ex).steps
    if setup:
        lines += ["", cat.t("exercise.start")] + [f"  $ {c}" for c in setup]
    if ex.kind == "predict" and ex.question.get("command"):
        lines += ["", cat.t("exercise.command", command=ex.question["command"])]
    if ex.hints:
        lines += ["", cat.t("exercise.hints", count=len(ex.hints))]
    return Text("\n".join(lines))


def hint(ex: Exercise, number: int = 1, cat: Catalog | None = None) -> Text:
    cat = cat or Catalog()
    total = len(ex.hints)
    if not total:
        return Text(cat.t("exercise.hint.none"))
    if not isinstance(number, int) or not 1 <= number <= total:
        raise ValueError(f"{ex.id} has hints 1 to {total}, not {number!r}")
    return Text(cat.t("exercise.hint", number=str(number), total=str(total), text=pick(ex.hints[number - 1])))


class Exercise(ExerciseSpec):
    """An exercise with a notebook cell's short forms of this module's functions."""

    def check(self, attempt) -> CheckResult:
        """predict: `attempt` is the answer; goal: anything holding the state (a Lesson, Session, Lab, ...)."""
        return check_prediction(self, attempt) if self.kind == "predict" else check_goal(self, attempt)

    def hint(self, number: int = 1) -> Text:
        return hint(self, number)

    def describe(self) -> Text:
        return describe(self)

    def _ipython_display_(self) -> None:
        print(self.describe())


def load(ref) -> Exercise:
    """An exercise by id or path, checked: a bad file raises ExerciseError naming the file and key."""
    return exercisefile.load(ref, Exercise)


def load_all() -> list[Exercise]:
    return exercisefile.load_all(Exercise)


def from_data(data, ex_id: str, source: str = "") -> Exercise:
    return exercisefile.from_data(data, ex_id, source, Exercise)
