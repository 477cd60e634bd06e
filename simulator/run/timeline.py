"""Every step of a session kept: step back, step forward, jump, reset, and branches.

Each step stores the engine as it was after it. A step runs on a fork of the one before
(docker/fork.py): what it does not change it shares (trees are copy-on-write, containers
and volumes are copied when the step first uses them, frozen layers, images and file
contents are never copied), so a step costs the same however long the history is, and
moving between steps costs nothing. Running a command after stepping back starts a new branch;
the old branch stays reachable.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from simulator.cli import image_ref, interactive_prompt
from simulator.run.scenario import Scenario
from simulator.run.session import Session, StepRecord
from simulator.shell import FILE_WORK_UNITS, Budget


@dataclass(eq=False)
class Step:
    number: int                    # 0 is the start (no command)
    parent: "Step | None"
    record: StepRecord | None
    engine: object                 # the engine after this step; never changed afterwards
    children: list = field(default_factory=list)
    loaded: tuple | None = None    # the lab's *Load image*: (archive file name, image names), else None

    @property
    def command(self) -> str | None:
        return self.record.command if self.record else None

    def path(self) -> list["Step"]:
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


class Timeline:
    def __init__(self, scenario: Scenario | None = None, run_steps: bool = True):
        """Step 0 is the scenario's images and host; its steps (if `run_steps`) follow."""
        self.scenario = scenario or Scenario()
        start = self.scenario.new_engine()
        self.steps: list[Step] = [Step(0, None, None, start)]
        self.current = self.steps[0]
        self.not_run = 0            # the file's steps left out: together they had spent their work
        steps = list(self.scenario.steps if run_steps else [])
        start.work = Budget(FILE_WORK_UNITS)          # each fork carries on the count (Session.run_each)
        for i, command in enumerate(steps):
            if self.current.engine.work.spent:
                self.not_run = len(steps) - i
                break
            self.current.engine.work.used += 1
            self.run(command)
        for step in self.steps:
            step.engine.work = None                   # commands typed later have their own budgets only

    # ---- running ---------------------------------------------------------------------
    def run(self, command, input=None) -> StepRecord:
        """Run on a copy of the current state; the result is a new step after the current one.
        COMMAND may be a scenario step (a mapping: an interactive step with its input)."""
        session = Session(self.scenario, engine=self.current.engine.fork())
        if isinstance(command, dict):
            command, input = "docker " + command["docker"], command.get("input") or []
        record = session.run(command, input=input) if input is not None else session.run(command)
        step = Step(len(self.steps), self.current, record, session.engine)
        self.current.children.append(step)
        self.steps.append(step)
        self.current = step
        return record

    def load_archive(self, fileobj, source: str, size: int) -> StepRecord:
        """The lab's *Load image* door: the images of a real archive (FILEOBJ, SIZE bytes, named
        SOURCE) loaded as `docker load` loads them, as a new step whose state holds them (back,
        forward and branches keep working). A bad archive raises ArchiveError, nothing changed."""
        from simulator.cli import held_diff_ids, register_loaded
        from simulator.docker import read_archive
        engine = self.current.engine.fork()
        images = read_archive(fileobj, source, size, held_diff_ids(engine))
        engine.take_events()
        out = register_loaded(engine, images)
        record = StepRecord(f"docker load -i {shlex.quote(source)}", 0, out, "", tuple(engine.take_events()))
        names = tuple(image_ref(n) for image in images for n in image.names)
        step = Step(len(self.steps), self.current, record, engine, loaded=(source, names))
        self.current.children.append(step)
        self.steps.append(step)
        self.current = step
        return record

    # ---- moving ----------------------------------------------------------------------
    def back(self) -> Step:
        if self.current.parent is not None:
            self.current = self.current.parent
        return self.current

    def forward(self) -> Step:
        """To the most recent step made after this one (the branch last worked on)."""
        if self.current.children:
            self.current = self.current.children[-1]
        return self.current

    def jump(self, number: int) -> Step:
        if not 0 <= number < len(self.steps):
            raise IndexError(f"no step {number}: steps are 0..{len(self.steps) - 1}")
        self.current = self.steps[number]
        return self.current

    def reset(self) -> Step:
        return self.jump(0)

    # ---- reading ---------------------------------------------------------------------
    @property
    def engine(self):
        """The state at the current step. Read it; change it only through run()."""
        return self.current.engine

    def history(self) -> list[Step]:
        """The steps from the start to the current one."""
        return self.current.path()[1:]

    def branches(self) -> list[list[Step]]:
        """Every line of work: the path from the start to each last step."""
        return [leaf.path()[1:] for leaf in self.steps if not leaf.children and leaf.number]

    def prompt(self) -> str | None:
        """The prompt of the shell the current step left attached (`/ # `), or None."""
        return interactive_prompt(self.current.engine)

    def send(self, line: str) -> StepRecord:
        """A line typed at the shell a step left attached (`docker run -it ... sh` in the lab):
        a new step, so that the picture follows each line."""
        import copy
        engine = self.current.engine
        session = Session(self.scenario, engine=engine.fork() if hasattr(engine, "fork") else copy.deepcopy(engine))
        record = session.send(line)
        step = Step(len(self.steps), self.current, record, session.engine)
        self.current.children.append(step)
        self.steps.append(step)
        self.current = step
        return record

    def commands(self, step: Step | None = None) -> list:
        """The steps to the current one as a scenario lists them: lines typed at an
        interactive shell go into its step's `input`."""
        out: list = []
        for s in (step or self.current).path()[1:]:
            r = s.record
            if s.loaded is not None:          # a loaded archive is no command: as_scenario names it
                continue
            if getattr(r, "typed", False) and out and isinstance(out[-1], dict):
                out[-1]["input"].append(r.command)
            elif r is not None and r.input is not None:
                out.append({"docker": r.command.split(None, 1)[1], "input": list(r.input)})
            else:
                out.append(s.command)
        return out

    def as_scenario(self) -> dict:
        """The session as a scenario file: the starting scenario plus the commands run so
        far on the current branch (save, hand in, replay)."""
        data = {k: v for k, v in self.scenario.source.items() if k != "steps"}
        data["steps"] = self.commands()
        loaded = {name: {"archive": file} for file, names in self.loaded_archives() for name in names}
        if loaded:
            data["images"] = {**(data.get("images") or {}), **loaded}
        return data

    def loaded_archives(self) -> list[tuple[str, tuple]]:
        """The archives *Load image* brought in on the current branch: (file name, image names).
        A scenario cannot carry their bytes: as_scenario names each file as an `archive:` image."""
        return [s.loaded for s in self.current.path() if s.loaded is not None]
