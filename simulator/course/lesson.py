"""Notebook demonstrations: a scenario run command by command, each step shown as a terminal shows it
with one sentence per storage event, and pictures (SVG) printed with their text twins.

    lab = Lesson.open("01-copy-up")             # images and host of the shipped scenario 01-copy-up.yaml
    lab.run("docker run -d --name web app")     # what a terminal prints, then what the storage did
    lab.show()                                  # this step's picture, and its text twin below it
    lab.why("web", "/etc/app.conf")             # which layer or mount answers, and why

Every sentence comes from the message catalog, in its default language, so a translated notebook
keeps the same code cells. Nothing here changes the model: a Lesson only runs commands on its own
Session and reads the state.
"""
from __future__ import annotations

from pathlib import Path

from simulator.course.files import scenario_names, scenarios_dir
from simulator.messages import Catalog
from simulator.render import Picture, text_html
from simulator.run import Scenario, load_file
from simulator.run import Session

SCENARIOS = scenarios_dir()


def scenario_path(name: str | Path) -> Path:
    """A course scenario by name ("01-copy-up", with or without .yaml) or an existing file's path."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml", ".json"):
        path = path.with_name(path.name + ".yaml")
    if path.is_file():
        return path
    shipped = SCENARIOS / path.name
    if shipped.is_file():
        return shipped
    known = ", ".join(scenario_names()) or "none"
    raise FileNotFoundError(f"no scenario {str(name)!r}: give a file's path or one of: {known}")


def as_scenario(scenario) -> Scenario:
    if scenario is None:
        return Scenario()
    if isinstance(scenario, Scenario):
        return scenario
    return load_file(str(scenario_path(scenario)))


class Text:
    """Lines of plain text that a notebook shows as they are (no quotes, no repr)."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Plain text, and the same as HTML <pre>: JupyterLab turns anything like `data:...` in plain
        text into a link (`-v appdata:/var/lib/app`), but leaves HTML text alone."""
        text = self.text.rstrip("\n")
        return {"text/plain": text, "text/html": text_html(text)}


def step_text(record, cat: Catalog) -> str:
    """One step: the terminal's lines, then what the storage did, one line per kind of event (a `mv`
    of a tree is a handful of lines, each saying how many more of its kind it stands for)."""
    from simulator.render import grouped_text
    from simulator.render import step_transcript
    lines = [step_transcript(record).rstrip("\n")]
    lines += grouped_text(list(record.events), cat, bullet="  * ")
    return "\n".join(lines)


def make_picture(engine, view: tuple, events=(), cat: Catalog | None = None) -> Picture:
    """The picture of one view (see simulator.render.picture), without the step's story in its twin.
    Pictures of a step carry its events (what it changed is marked)."""
    from simulator.render import draw
    return draw(engine, view, events, "", cat or Catalog(), story=False)


def pick_view(engine, what, events) -> tuple:
    """The view `what` names: None (the step's own picture), a container's name, "overview",
    "image:NAME" or "volume:NAME"."""
    from simulator.render import choose_view
    return choose_view(engine, what, events)


class Lesson:
    """A scenario's images and host, and the commands a notebook runs on them, one cell at a time.
    Lessons share nothing: two in one notebook are two separate machines."""

    def __init__(self, scenario=None, setup=(), language: str | None = None):
        """`scenario`: a Scenario, a file's path, a course scenario's name or None (nothing at all).
        `setup`: commands run first, silently (their steps are in `records` all the same). The
        scenario's own `steps` are not run: a notebook runs the commands it shows."""
        self.scenario = as_scenario(scenario)
        self.session = Session(self.scenario)
        self.catalog = Catalog(language)
        for command in setup:
            self.session.run(command)

    @classmethod
    def open(cls, name, setup=(), language: str | None = None) -> "Lesson":
        return cls(name, setup, language)

    @property
    def engine(self):
        return self.session.engine

    @property
    def records(self) -> list:
        return self.session.records

    @property
    def last(self):
        """The record of the last command (None before any)."""
        return self.records[-1] if self.records else None

    def run(self, *commands: str) -> Text:
        """Run each command; show what a terminal prints and one sentence per storage event."""
        blocks = [step_text(self.session.run(c), self.catalog) for c in commands]
        return Text("\n\n".join(blocks))

    def show(self, what=None) -> Picture:
        """A picture of the state now: the last step's own (None), a container's layer stack (its
        name), the engine (\"overview\"), an image (\"image:NAME\") or a volume (\"volume:NAME\").
        What the last step that changed anything did is marked on it: steps that only read (cat, ls,
        docker diff) cause no event and leave the state as that step left it."""
        events = next((r.events for r in reversed(self.records) if r.events), ())
        view = pick_view(self.engine, what, events)
        return make_picture(self.engine, view, events, self.catalog)

    def why(self, container: str, path: str) -> Text:
        """Which layer or mount gives `container` what it sees at `path`, and why the others do not."""
        from simulator.render import explain
        if container not in self.engine.containers:
            raise ValueError(f"no container {container!r} (containers: {', '.join(sorted(self.engine.containers)) or 'none'})")
        return Text("\n".join(explain(self.engine, self.engine.containers[container], path, self.catalog)))

    def volume_of(self, container: str, target: str) -> str:
        """The name of the volume `container` has at `target` (an anonymous one's 64 hex digits)."""
        c = self.engine.containers.get(container)
        names = [m.name for m in (c.mounts if c else ()) if m.type == "volume" and m.path == target]
        if not names:
            raise ValueError(f"{container!r} has no volume at {target!r}")
        return names[-1]

    def transcript(self) -> Text:
        return Text(self.session.transcript().rstrip("\n"))
