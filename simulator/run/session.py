"""A running simulation: an engine built from a scenario, and the record of every step run on it."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.cli import interactive_prompt, interactive_send, run_docker
from simulator.errors import SimulatorError
from simulator.run.processes import run_host_command, run_in_container
from simulator.run.scenario import Scenario, split_docker_step
from simulator.run import statedoc
from simulator.run.termtext import terminal_safe
from simulator.shell import FILE_WORK_UNITS, Budget


@dataclass(frozen=True)
class StepRecord:
    command: str
    exit_code: int
    stdout: str
    stderr: str
    events: tuple = field(default=())
    input: tuple | None = None      # an interactive step's lines (cli/interactive.py)
    typed: bool = False             # a line typed at the shell a step left attached (the lab)

    def as_dict(self) -> dict:
        d = {"command": self.command, "exit_code": self.exit_code, "stdout": self.stdout,
             "stderr": self.stderr, "events": [dict(e) for e in self.events]}
        if self.input is not None:
            d["input"] = list(self.input)
        return d


class Session:
    """Runs commands (docker steps and host shell steps) on one engine. No globals: two
    sessions in one notebook share nothing."""

    def __init__(self, scenario: Scenario | None = None, engine=None):
        self.scenario = scenario or Scenario()
        self.engine = engine if engine is not None else self.scenario.new_engine()
        self.records: list[StepRecord] = []
        self.not_run = 0                    # steps of the last run_all left out: the file's work was spent

    def run(self, command: str, input: list | None = None) -> StepRecord:
        """Run one step. INPUT: the lines typed at the terminal of an interactive step
        (`docker run -it ... sh`, `docker exec -it ...`; cli/interactive.py)."""
        engine = self.engine
        engine.take_events()
        lab = input == "lab"                # the lab: the lines come one by one (send)
        engine.terminal = None if input is None else "lab" if lab else list(input)
        try:
            argv = split_docker_step(command, windows=engine.platform == "windows")
        except ValueError as e:
            record = StepRecord(command, 2, "", f"sh: syntax error: {e}\n")
        else:
            if argv is None:
                code, out, err = run_host_command(engine, command)
            else:
                try:
                    res = run_docker(engine, argv, lambda *a, **k: run_in_container(engine, *a, **k))
                    code, out, err = res.exit_code, res.stdout, res.stderr
                except SimulatorError as e:     # a rule the commands did not foresee: report, never crash
                    code, out, err = 1, "", f"{e}\n"
            record = StepRecord(command, code, out, err)
        engine.terminal = None
        record = StepRecord(record.command, record.exit_code, record.stdout, record.stderr,
                            tuple(engine.take_events()),
                            None if input is None or lab and interactive_prompt(engine) is None
                            else () if lab else tuple(input))
        self.records.append(record)
        return record

    def send(self, line: str) -> StepRecord:
        """A line typed at the terminal an interactive step left attached (the lab)."""
        engine = self.engine
        engine.take_events()
        res = interactive_send(engine, line)
        record = StepRecord(line, res.exit_code, res.stdout, res.stderr, tuple(engine.take_events()), None, True)
        self.records.append(record)
        return record

    def run_step(self, step) -> StepRecord:
        """A scenario step: a command line, or an interactive one `{docker: ARGS, input: [LINES]}`."""
        if isinstance(step, dict):
            return self.run("docker " + step["docker"], input=step.get("input") or [])
        return self.run(step)

    def run_all(self, steps=None) -> list[StepRecord]:
        return list(self.run_each(steps))

    def run_each(self, steps=None):
        """The steps of a file, run as one: together they may do FILE_WORK_UNITS of work (a
        unit per step, and whatever their commands do). When that is spent, the rest are not
        run and `not_run` says how many: a hand-in of 10,000 endless loops ends in seconds."""
        steps = list(self.scenario.steps if steps is None else steps)
        meter = self.engine.work = Budget(FILE_WORK_UNITS)
        self.not_run = 0
        try:
            for i, step in enumerate(steps):
                if meter.spent:
                    self.not_run = len(steps) - i
                    return
                meter.used += 1
                yield self.run_step(step)
        finally:
            self.engine.work = None

    def document(self) -> dict:
        return statedoc.document(self.scenario.title, self.records, self.engine)

    def transcript(self) -> str:
        """The steps as a terminal would show them (control characters escaped: termtext.py)."""
        lines = []
        for r in self.records:
            lines.append(f"$ {r.command}")
            lines.append(r.stdout + r.stderr if (r.stdout + r.stderr).endswith("\n") or not (r.stdout + r.stderr)
                         else r.stdout + r.stderr + "\n")
            if r.exit_code:
                lines.append(f"[exit {r.exit_code}]\n")
        text = "".join(line if line.endswith("\n") or not line else line + "\n" for line in lines)
        return terminal_safe(text)        # a handed-in file must not retitle or clear the terminal


def docker_output(engine, argv: list[str]) -> str:
    """What a read-only docker command (`diff NAME`, `volume ls`) prints on the engine, for a reader
    that is not a step (the Lab's panels): nothing is recorded."""
    return run_docker(engine, list(argv), lambda *a, **k: run_in_container(engine, *a, **k)).stdout
