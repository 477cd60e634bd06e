# long module: every control of the Lab is a plain method of one controller (the widgets only call it)
"""The Lab without widgets: one plain method per control, over a Timeline and the renderers.

Every method is safe to call from a widget callback: a failure is printed in the lab's terminal,
as a shell would print it, and never raised (ipywidgets would swallow it and the lab would
look frozen). The Lab widgets only call these methods and show what the readers return.
"""
from __future__ import annotations

import functools
import traceback

from simulator.run import paths
from simulator.errors import FsError, ScenarioError
from simulator.render import explain
from simulator.render import Line, grouped
from simulator.run import load_text
from simulator.run import Timeline
from simulator.run import FILE_WORK_UNITS
from simulator.ui import listing
from simulator.ui.guided import ACTIONS, HOST, GuidedError, guided_command
from simulator.ui.lines import LineIndex, step_text
from simulator.ui.picture import AUTO, OVERVIEW, Picture, PictureCache, draw
from simulator.ui.scenariofile import as_scenario, dump
from simulator.ui.state import UiState
from simulator.ui.words import catalog, known_language, languages, speaking, t

MAX_NARRATION = 30


def never_raises(fallback=None):
    """Print an unexpected failure in the terminal and return `fallback` instead of raising (a
    function is called for it, so its words are in the language of the moment)."""
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception as e:          # a bug must not freeze the lab: show it, keep going
                self.last_error = traceback.format_exc()
                self.ui.print(t("lab.terminal.internal-error", where=method.__name__, kind=type(e).__name__,
                                error=str(e)))
                return fallback() if callable(fallback) else fallback
        return call
    return wrap


class LabController:
    def __init__(self, scenario=None):
        self.scenario = as_scenario(scenario)
        self.timeline = Timeline(self.scenario)
        self.lines = LineIndex(self.timeline)
        self.ui = UiState()
        self.pictures = PictureCache()
        self.last_error = ""
        self._follow_new_container()
        self._pick_a_file()
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
        prompt = self.timeline.prompt()
        if prompt is not None:        # a shell is attached (docker run -it): the line goes to it
            return self._send_line(prompt, text or "")
        if not command:
            return None
        self.ui.remember(command)
        # docker commands with -i run with the lab as their terminal: the command box attaches
        record = self.timeline.run(command, input="lab") if _interactive(command) else self.timeline.run(command)
        self._print_record(record)
        self._follow_new_container()
        return record

    def prompt(self) -> str:
        """The command box's prompt: `$` on the host, the container shell's (`/ # `) while
        one is attached."""
        prompt = self.timeline.prompt()
        return "$ " if prompt is None else prompt

    def _send_line(self, prompt: str, line: str):
        """A line typed at the attached shell (`^D`: Ctrl-D, `^P^Q`: Ctrl-P Ctrl-Q)."""
        if line.strip():
            self.ui.remember(line.strip())
        record = self.timeline.send(line)
        self.ui.print((prompt + line + "\n" + record.stdout + record.stderr).replace("\r\n", "\n"))
        return record

    def _print_record(self, record) -> None:
        self.ui.print(f"$ {record.command}\n{record.stdout}{record.stderr}".replace("\r\n", "\n")
                      + (f"[exit {record.exit_code}]\n" if record.exit_code else ""))

    def _print_start(self) -> None:
        """The scenario's own steps, as if they had been typed."""
        self.ui.print(t("lab.terminal.start", title=self.scenario.title or "-", count=len(self.timeline.history()),
                        step=self.step_label()))
        for step in self.timeline.history():
            self._print_record(step.record)
        if self.timeline.not_run:
            self.ui.print(t("lab.terminal.steps-not-run", units=f"{FILE_WORK_UNITS:,}", count=self.timeline.not_run))

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
        return ACTIONS[action].default()

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

    # ---- the language -----------------------------------------------------------------
    def language(self) -> str:
        """The language this lab speaks ("en", "ko"): its own choice, else the process's."""
        return catalog().language

    @never_raises(False)
    def set_language(self, language: str | None) -> bool:
        """Speak `language` ("en", "ko", a locale name) in this lab only: labels, narration,
        diagrams, explanations; None: the process's language (simulator.set_language). The
        terminal keeps what it printed, and Docker's own output stays as Docker prints it."""
        code = known_language(language) if language is not None else None
        if language is not None and code is None:
            self.ui.print(t("lab.terminal.no-language", language=repr(language),
                            allowed=", ".join(c for _, c in languages())))
            return False
        self.ui.language = code
        self.lines = LineIndex(self.timeline)      # its step rows are words: write them again
        if self.ui.why:
            self.why(self.ui.path)
        return True

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
        except (IndexError, ValueError, TypeError):
            self.ui.print(t("lab.terminal.no-step", number=repr(number), last=len(self.timeline.steps) - 1))
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
            self.ui.print(t("lab.terminal.moved", step=self.step_label()))

    def step_label(self) -> str:
        return f"{self.step.number}: {self.step.command}" if self.step.command else t("lab.step.start", number=0)

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
        return [(step_text(s), s.number) for s in self.line()]

    def position(self) -> tuple[int, int]:
        """(where this step is on its line, where the line ends): the timeline slider."""
        return self.lines.position()

    def step_at(self, index: int) -> int:
        """The number of the step at slider position `index`."""
        return self.lines.step_at(index)

    def all_step_rows(self) -> tuple:
        return self.lines.step_rows()

    def branch_rows(self) -> tuple:
        """(label, last step's number) for each line of work."""
        return self.lines.branch_rows()

    def branch_here(self) -> int:
        """The last step of the line of work the current step is on."""
        return self.lines.leaf(self.step).number

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
            self.ui.print(t("lab.terminal.no-container", name=repr(name), names=", ".join(self.targets())))
            return False
        self.ui.target = name
        return True

    @never_raises(False)
    def select_path(self, path: str) -> bool:
        """Pick a path; its folders open so it shows in the tree, and a folder opens itself."""
        if not isinstance(path, str) or not path.startswith("/"):
            self.ui.print(t("lab.terminal.not-absolute", path=repr(path)))
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
            self.ui.print(t("lab.terminal.no-picture", name=repr(choice), allowed=f"{AUTO}, {OVERVIEW}"))
            return False
        self.ui.picture = choice
        return True

    def _pick_a_file(self) -> None:
        """Start the path box on a file the target has (the guided controls' first click then works:
        appending to a file, not to "/"), its folders open in the tree."""
        ns = self._namespace(self.target())
        if ns is None or self.ui.path != "/":
            return
        files = sorted((p.count("/"), p) for p, e, *_ in ns.walk() if e.kind == "file")
        if files:
            self.select_path(files[0][1])

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
            self.ui.why = [t("lab.why.not-absolute", path=repr(path))]
            return self.ui.why
        target = self.target()
        if target == HOST:
            seen = self._namespace(HOST).exists(self.ui.path)
            self.ui.why = [t("lab.why.host.seen" if seen else "lab.why.host.none", path=self.ui.path)]
        else:
            self.ui.why = explain(self.engine, self.engine.containers[target], self.ui.path, catalog())
        return self.ui.why

    # ---- save and load ----------------------------------------------------------------
    @never_raises("")
    def save(self) -> str:
        """The session as a scenario file (YAML): the start plus the commands to this step. An
        image *Load image* brought in is saved as an `archive:` image naming its file (one line
        in the terminal says so: the scenario cannot carry the archive's bytes)."""
        text = dump(self.timeline.as_scenario())
        for file, names in self.timeline.loaded_archives():
            key = "lab.terminal.saved-archive" if names else "lab.terminal.saved-archive.unnamed"
            self.ui.print(t(key, file=file, names=", ".join(names)))
        return text

    @never_raises(False)
    def load_image(self, file_name: str, content: bytes) -> bool:
        """*Load image*: a real image archive the user picked (its file name and bytes) loaded as
        `docker load -i FILE` would, as the next step. A bad archive: its error in the terminal,
        nothing changed."""
        from simulator.run import imagefile
        name = (file_name or "").replace("\\", "/").rpartition("/")[2] or "image.tar"
        try:
            record = self.timeline.load_archive(imagefile.uploaded(content), name, len(content))
        except imagefile.ArchiveError as e:
            self.ui.print(t("lab.terminal.cannot-load-image", error=str(e)))
            return False
        self._print_record(record)
        self.ui.print(t("lab.terminal.image-loaded", file=name))
        return True

    @never_raises(False)
    def load(self, text: str) -> bool:
        """Start over from a scenario file's text; a bad file changes nothing and says why."""
        try:
            scenario = load_text(text)
        except ScenarioError as e:
            self.ui.print(t("lab.terminal.cannot-load", error=str(e)))
            return False
        self.scenario = scenario
        self.timeline = Timeline(scenario)
        self.lines = LineIndex(self.timeline)
        self.pictures = PictureCache()
        history, terminal = self.ui.history, self.ui.terminal
        self.ui = UiState(history=history, history_pos=len(history), terminal=terminal, language=self.ui.language)
        self._follow_new_container()
        self._pick_a_file()
        self._print_start()
        return True

    # ---- what the panels show ---------------------------------------------------------
    def _namespace(self, target: str):
        if target == HOST:
            return self.engine.host_namespace()
        c = self.engine.containers.get(target)
        return self.engine.namespace(c) if c else None

    @never_raises(lambda: Picture("", "", "", "", t("lab.diagram.failed")))
    def diagram(self) -> Picture:
        """The step's picture: focused on the paths it touched, or the whole picture (`set_whole`)."""
        cat, choice, focus = catalog(), self.picture_choice(), not self.ui.whole
        return self.pictures.get((self.step.number, choice, cat.language, focus),
                                 lambda: draw(self.engine, self.events, choice, self.step.command or "", cat, focus))

    def set_whole(self, whole: bool) -> None:
        """Show every path of a stack (True), or the focused picture (False, the default)."""
        self.ui.whole = bool(whole)

    def picture_choice(self) -> str:
        """The picture asked for; for "this step's picture" after a step that changed nothing (`ls`, a
        failed command), the container the student works with rather than the whole engine."""
        if self.ui.picture == AUTO and not self.events and self.target() in self.engine.containers:
            return self.target()
        return self.ui.picture

    def narration_groups(self) -> list:
        """The step's story: one line per kind of event, the others of that kind folded under it."""
        if self.record is None:
            return [Line("start", t("lab.story.start"))]
        lines = grouped(self.events, catalog())
        if not lines:
            first = (self.record.stderr or self.record.stdout).strip().splitlines()[:1]
            lines = [Line("none", t("lab.story.no-change.failed", message=first[0]) if self.record.exit_code and first
                          else t("lab.story.no-change"))]
        if len(lines) > MAX_NARRATION:
            lines = lines[:MAX_NARRATION] + [Line("more", t("lab.story.more", count=len(lines) - MAX_NARRATION))]
        return lines

    def narration(self) -> list[str]:
        """Every sentence of the step's story, the folded ones too, in order."""
        return [s for line in self.narration_groups() for s in (line.text, *line.details)]

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


def _in_the_labs_language(method):
    """Run a controller method in its lab's language (the language switch), whoever calls it."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        ui = self.__dict__.get("ui")
        with speaking(ui.language if ui is not None else None):
            return method(self, *args, **kwargs)
    return call


for _name, _method in list(vars(LabController).items()):
    if callable(_method) and not _name.startswith("__"):
        setattr(LabController, _name, _in_the_labs_language(_method))


def _interactive(command: str) -> bool:
    """A docker command that may want a terminal (`-i`, `-it`, `--interactive`): it gets the lab's."""
    words = command.split()
    return bool(words) and words[0] == "docker" and any(
        w == "--interactive" or (w.startswith("-") and not w.startswith("--") and "i" in w[1:]) for w in words[1:])
