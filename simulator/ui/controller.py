"""The Lab without widgets: one plain method per control, over a Timeline and the renderers.

Every method is safe to call from a widget callback: a failure is printed in the lab's terminal,
as a shell would print it, and never raised (ipywidgets would swallow it and the lab would
look frozen). The Lab widgets only call these methods and show what the readers return.
"""
from __future__ import annotations

import functools
import traceback

import yaml

from .. import paths
from ..errors import FsError, ScenarioError
from ..render import explain, narrate_all
from ..scenario import Scenario, load_file, load_text
from ..timeline import Timeline
from . import listing
from .guided import ACTIONS, HOST, GuidedError, guided_command
from .picture import AUTO, OVERVIEW, Picture, SvgCache, draw
from .playground import default_scenario
from .state import UiState

MAX_NARRATION = 30


class ScenarioDumper(yaml.SafeDumper):
    """Writes file text as the course files do: "port=80\\n" on one line, not a folded block."""


def _text(dumper, value: str):
    style = '"' if "\n" in value and len(value) <= 200 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


ScenarioDumper.add_representer(str, _text)


def as_scenario(scenario) -> Scenario:
    """A Scenario from a Scenario, a file path, or None (the playground)."""
    if scenario is None:
        return default_scenario()
    if isinstance(scenario, Scenario):
        return scenario
    return load_file(str(scenario))


def never_raises(fallback=None):
    """Print an unexpected failure in the terminal and return `fallback` instead of raising."""
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception as e:          # a bug must not freeze the lab: show it, keep going
                self.last_error = traceback.format_exc()
                self.ui.print(f"lab: internal error in {method.__name__} ({type(e).__name__}): {e}")
                return fallback
        return call
    return wrap


class LabController:
    def __init__(self, scenario=None):
        self.scenario = as_scenario(scenario)
        self.timeline = Timeline(self.scenario)
        self.ui = UiState()
        self.svgs = SvgCache()
        self.last_error = ""
        self._follow_new_container()
        self._print_start()

    # ---- reading the simulation -------------------------------------------------------
    @property
    def engine(self):
        return self.timeline.engine

    @property
    def step(self):
        return self.timeline.current

    @property
    def record(self):
        return self.timeline.current.record

    @property
    def events(self) -> tuple:
        return self.record.events if self.record else ()

    # ---- the command box --------------------------------------------------------------
    @never_raises()
    def run_command(self, text: str):
        """Run a docker or host shell command as the next step; its output goes to the terminal.
        Returns the StepRecord, or None for an empty line."""
        command = (text or "").strip()
        if not command:
            return None
        self.ui.remember(command)
        record = self.timeline.run(command)
        self._print_record(record)
        self._follow_new_container()
        return record

    def _print_record(self, record) -> None:
        self.ui.print(f"$ {record.command}\n{record.stdout}{record.stderr}"
                      + (f"[exit {record.exit_code}]\n" if record.exit_code else ""))

    def _print_start(self) -> None:
        """The scenario's own steps, as if they had been typed."""
        title, n = self.scenario.title or "a scenario", len(self.timeline.history())
        self.ui.print(f"# {title}: {n} step{'' if n == 1 else 's'} run, now at step {self.step_label()}")
        for step in self.timeline.history():
            self._print_record(step.record)

    def history_up(self) -> str:
        """The command before the one shown (the up arrow of a shell)."""
        if self.ui.history:
            self.ui.history_pos = max(0, self.ui.history_pos - 1)
            return self.ui.history[self.ui.history_pos]
        return ""

    def history_down(self) -> str:
        """The command after the one shown; past the newest, an empty line."""
        self.ui.history_pos = min(len(self.ui.history), self.ui.history_pos + 1)
        if self.ui.history_pos < len(self.ui.history):
            return self.ui.history[self.ui.history_pos]
        return ""

    # ---- guided controls --------------------------------------------------------------
    def guided_command(self, action: str, target: str | None = None, path: str | None = None,
                       arg: str | None = None, name: str | None = None, image: str | None = None) -> str:
        """The command a guided control stands for (raises GuidedError when it cannot be written).
        Left out: the target and path picked, the action's usual argument, a free container
        name, the target container's image."""
        target = self.target() if target is None else target
        path = self.ui.path if path is None else path
        a = ACTIONS.get(action)
        if arg is None:
            arg = self.default_arg(action, path) if a else ""
        c = self.engine.containers.get(target)
        if image is None:
            image = c.image.name if c else (sorted(self.engine.images) or [""])[0]
        if name is None:
            name = self.free_name(target if c else "lab")
        return guided_command(action, target, path, arg=arg, name=name, image=image,
                              is_dir=self._is_dir(target, path))

    def preview(self, action: str, target: str | None = None, path: str | None = None, **args) -> str:
        """The command, or a shell comment saying what is missing."""
        try:
            return self.guided_command(action, target, path, **args)
        except GuidedError as e:
            return f"# {e}"

    @never_raises("")
    def guided(self, action: str, target: str | None = None, path: str | None = None, **args) -> str:
        """Run a guided control: exactly the command it shows, through the timeline. Returns that
        command ("" when it could not be written; the terminal says why)."""
        try:
            command = self.guided_command(action, target, path, **args)
        except GuidedError as e:
            self.ui.print(f"# {e}")
            return ""
        self.run_command(command)
        return command

    def default_arg(self, action: str, path: str) -> str:
        if action == "rename":
            return (path.rstrip("/") or "/") + ".old"
        if action == "mount-bind":
            hosts = [p for p, e, _ in self.engine.host_namespace().walk() if e.kind == "dir"]
            deepest = [p for p in hosts if not any(paths.is_within(q, p) and q != p for q in hosts)]
            return sorted(deepest)[0] if deepest else ACTIONS[action].arg_default
        return ACTIONS[action].arg_default

    def free_name(self, base: str) -> str:
        """base2, base3, ...: the first name no container has."""
        n = 2
        while f"{base}{n}" in self.engine.containers:
            n += 1
        return f"{base}{n}"

    def _is_dir(self, target: str, path: str) -> bool:
        ns = self._namespace(target)
        try:
            return ns is not None and bool(path) and ns.lstat(path).kind == "dir"
        except (FsError, ValueError):
            return False

    # ---- the timeline -----------------------------------------------------------------
    @never_raises(0)
    def back(self) -> int:
        before = self.step.number
        self.timeline.back()
        self._moved(before)
        return self.step.number

    @never_raises(0)
    def forward(self) -> int:
        before = self.step.number
        self.timeline.forward()
        self._moved(before)
        return self.step.number

    @never_raises(0)
    def jump(self, number: int) -> int:
        before = self.step.number
        try:
            self.timeline.jump(int(number))
        except (IndexError, ValueError, TypeError) as e:
            self.ui.print(f"# {e}")
            return self.step.number
        self._moved(before)
        return self.step.number

    @never_raises(0)
    def reset(self) -> int:
        before = self.step.number
        self.timeline.reset()
        self._moved(before)
        return self.step.number

    def _moved(self, before: int) -> None:
        if self.step.number != before:
            self.ui.print(f"# now at step {self.step_label()}")

    def step_label(self) -> str:
        return f"{self.step.number}: {self.step.command}" if self.step.command else "0 (the start)"

    def line(self) -> list:
        """The steps of the current line of work: the start, the steps to here, and the steps
        that forward() would go through."""
        steps = self.step.path()
        node = self.step
        while node.children:
            node = node.children[-1]
            steps.append(node)
        return steps

    def line_rows(self) -> list[tuple[str, int]]:
        return [(_step_text(s), s.number) for s in self.line()]

    def branch_rows(self) -> list[tuple[str, int]]:
        """(label, last step's number) for each line of work."""
        out = []
        for branch in self.timeline.branches():
            last = branch[-1]
            here = " (you are here)" if self.step in branch else ""
            out.append((f"{len(branch)} steps, ends with {last.number}: {_short(last.command, 50)}{here}",
                        last.number))
        return out

    def all_step_rows(self) -> list[tuple[str, int]]:
        return [(_step_text(s), s.number) for s in self.timeline.steps]

    # ---- selection --------------------------------------------------------------------
    def targets(self) -> list[str]:
        return sorted(self.engine.containers) + [HOST]

    def target(self) -> str:
        """The container picked, or HOST; one that does not exist at this step gives way to the
        first container there is (the choice comes back when the container does)."""
        wanted = self.ui.target
        if wanted == HOST or wanted in self.engine.containers:
            return wanted
        return (sorted(self.engine.containers) or [HOST])[0]

    @never_raises(False)
    def select_container(self, name: str) -> bool:
        if name != HOST and name not in self.engine.containers:
            self.ui.print(f"# no container {name!r} at this step (there are: {', '.join(self.targets())})")
            return False
        self.ui.target = name
        return True

    @never_raises(False)
    def select_path(self, path: str) -> bool:
        """Pick a path; its folders open so it shows in the tree, and a folder opens itself."""
        if not isinstance(path, str) or not path.startswith("/"):
            self.ui.print(f"# a path must start with /, not {path!r}")
            return False
        path = paths.normalise(path)
        self.ui.path = path
        folders = self.ui.folders(self.target())
        q = path
        while q != "/":
            q = paths.parent(q)
            folders.add(q)
        if self._is_dir(self.target(), path):
            folders.add(path)
        return True

    @never_raises(False)
    def toggle_folder(self, path: str) -> bool:
        """Open or close a folder in the tree; returns whether it is now open."""
        folders = self.ui.folders(self.target())
        if path in folders:
            folders.discard(path)
            return False
        folders.add(path)
        return True

    @never_raises(False)
    def select_picture(self, choice: str) -> bool:
        if choice not in (AUTO, OVERVIEW) and choice not in self.engine.containers:
            self.ui.print(f"# no picture {choice!r} (allowed: {AUTO}, {OVERVIEW}, or a container)")
            return False
        self.ui.picture = choice
        return True

    def _follow_new_container(self) -> None:
        """After a step that created a container, pick it (the student wants to look at it)."""
        for e in self.events:
            if e.get("type") == "container-create" and e.get("container") in self.engine.containers:
                self.ui.target = e["container"]

    # ---- "why do I see this?" ---------------------------------------------------------
    @never_raises([])
    def why(self, path: str | None = None) -> list[str]:
        path = self.ui.path if path is None else path
        if not self.select_path(path):
            self.ui.why = [f"{path!r} is not an absolute path"]
            return self.ui.why
        target = self.target()
        if target == HOST:
            seen = self._namespace(HOST).exists(self.ui.path)
            self.ui.why = [f"{self.ui.path}: the host sees " +
                           ("its own file there: no layers, no mounts (a container sees it through a bind mount)."
                            if seen else "nothing at this path.")]
        else:
            self.ui.why = explain(self.engine, self.engine.containers[target], self.ui.path)
        return self.ui.why

    # ---- save and load ----------------------------------------------------------------
    @never_raises("")
    def save(self) -> str:
        """The session as a scenario file (YAML): the start plus the commands to this step."""
        return yaml.dump(self.timeline.as_scenario(), Dumper=ScenarioDumper, sort_keys=False,
                         allow_unicode=True, default_flow_style=False, width=100)

    @never_raises(False)
    def load(self, text: str) -> bool:
        """Start over from a scenario file's text; a bad file changes nothing and says why."""
        try:
            scenario = load_text(text)
        except ScenarioError as e:
            self.ui.print(f"# cannot load the scenario: {e}")
            return False
        self.scenario = scenario
        self.timeline = Timeline(scenario)
        history, terminal = self.ui.history, self.ui.terminal
        self.ui = UiState(history=history, history_pos=len(history), terminal=terminal)
        self._follow_new_container()
        self._print_start()
        return True

    # ---- what the panels show ---------------------------------------------------------
    def _namespace(self, target: str):
        if target == HOST:
            return self.engine.host_namespace()
        c = self.engine.containers.get(target)
        return self.engine.namespace(c) if c else None

    @never_raises(Picture("", "", "", "", "the diagram failed: see the terminal"))
    def diagram(self) -> Picture:
        return draw(self.engine, self.events, self.ui.picture, self.step.command or "", self.svgs)

    def narration(self) -> list[str]:
        if self.record is None:
            return ["The start: the scenario's images and host files, before any command."]
        sentences = list(dict.fromkeys(narrate_all(self.events)))
        if not sentences:
            first = (self.record.stderr or self.record.stdout).strip().splitlines()[:1]
            what = f" ({first[0]})" if self.record.exit_code and first else ""
            sentences = [f"This step changed no file{what}."]
        if len(sentences) > MAX_NARRATION:
            sentences = sentences[:MAX_NARRATION] + [f"... and {len(sentences) - MAX_NARRATION} more."]
        return sentences

    def terminal_text(self) -> str:
        return "".join(self.ui.terminal)

    def tree(self) -> list:
        ns = self._namespace(self.target())
        if ns is None:
            return []
        return listing.tree_rows(ns, self.ui.folders(self.target()))

    def view_text(self) -> str:
        return listing.tree_text(self.tree())

    def diff_text(self) -> str:
        return listing.diff_text(self.engine, self.target() if self.target() != HOST else None)

    def volumes_text(self) -> str:
        return listing.volumes_text(self.engine)

    def host_text(self) -> str:
        return listing.host_text(self.engine)


def _short(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _step_text(step) -> str:
    return f"{step.number}: {_short(step.command, 60)}" if step.command else "0: (the start)"
