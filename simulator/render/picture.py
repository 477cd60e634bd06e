"""Which picture a view shows, and the one `Picture` type: every caller (notebooks' Lesson.show,
the Lab, `python -m simulator draw/--show`, Jupyter's display of model objects) picks and draws
its picture here.

A view is a pair (kind, subject):
    ("stack", container)    what one container sees, layer by layer
    ("overview", None)      the engine's images, containers and volumes
    ("image", image)        an image's layers, seen as a container that changed nothing
    ("volume", volume)      a volume's files
`choose_view` turns what a person asks for (None/"auto", a container's name, "overview",
"image:NAME", "volume:NAME") into a view; `step_views` gives the views that tell one step;
`draw` makes the Picture (DOT source, text twin, SVG).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from simulator.messages import Catalog
from simulator.render.backend import RenderError, notebook_png, to_svg
from simulator.render.overview import build_overview, overview_dot, overview_text
from simulator.render.columns import MAX_COLUMNS
from simulator.render.focus import focus_limit
from simulator.render.stack import build_stack
from simulator.render.stackdot import stack_dot
from simulator.render.stacktext import stack_text
from simulator.render.views import ImageAsContainer, volume_dot, volume_text

AUTO, OVERVIEW = "auto", "overview"
ENGINE_EVENTS = {"volume-create", "volume-remove", "volume-survives", "container-remove", "container-create"}


@dataclass(frozen=True)
class Picture:
    """A diagram (SVG) and its text twin: the same state in words, for screen readers, terminals and
    tests. `subject` names what it shows (a container's name, "overview", "image:NAME", "volume:NAME");
    `svg` is "" and `error` says why when Graphviz is missing or failed.

    In a notebook the SVG's own text/plain is the picture's title (shown where SVG cannot be shown:
    an untrusted notebook, a terminal); the twin is printed in full below it either way."""

    subject: str
    dot: str
    text: str
    svg: str = ""
    error: str = ""

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0]

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<Picture: {self.title}>"

    def _ipython_display_(self) -> None:
        from IPython.display import display
        from simulator.render.backend import notebook_svg
        from simulator.render.escape import text_html
        if self.svg:
            bundle = {"image/svg+xml": notebook_svg(self.svg), "text/plain": self.title}
            png = notebook_png(self.dot)          # beside the SVG, for viewers that show no SVG
            if png:
                bundle["image/png"] = png
            display(bundle, raw=True)
        else:
            print(f"({self.error})")
        twin = self.text.rstrip("\n")
        display({"text/plain": twin, "text/html": text_html(twin)}, raw=True)


def step_views(engine, events) -> list[tuple[str, object]]:
    """[("stack", container) ...] for each existing container the step's events name, in
    the order named, then ("overview", None) when the step changed the engine's objects
    (or named no container)."""
    out, seen = [], set()
    for e in events:
        name = e.get("container")
        if name and name not in seen and name in engine.containers:
            seen.add(name)
            out.append(("stack", engine.containers[name]))
    if not out or any(e.get("type") in ENGINE_EVENTS for e in events):
        out.append((OVERVIEW, None))
    return out


def default_view(engine, events) -> tuple[str, object]:
    """The one picture for a step: its first container's stack, else the overview."""
    return step_views(engine, events)[0]


def choose_view(engine, what=None, events=(), fallback: bool = False) -> tuple[str, object]:
    """The view `what` names: None or AUTO (the step's own picture), a container's name, OVERVIEW,
    "image:NAME" or "volume:NAME". A name that names nothing raises ValueError listing the choices,
    or, with `fallback`, gives the step's own picture (the Lab's choice of a container since removed)."""
    if what is None or what == AUTO:
        return default_view(engine, events)
    if what == OVERVIEW:
        return OVERVIEW, None
    if what in engine.containers:
        return "stack", engine.containers[what]
    kind, _, name = str(what).partition(":")
    if kind == "image" and name in engine.images:
        return "image", engine.images[name]
    if kind == "volume" and name in engine.volumes:
        return "volume", engine.volumes[name]
    if fallback:
        return default_view(engine, events)
    choices = sorted(engine.containers) + [OVERVIEW] + [f"image:{n}" for n in sorted(engine.images)] + \
        [f"volume:{n}" for n in sorted(engine.volumes)]
    raise ValueError(f"nothing to show called {what!r} (choices: {', '.join(choices)})")


def view_of(obj) -> tuple[str, object]:
    """The view of a model object on its own (Jupyter's display of an Engine, Container, Image or Volume)."""
    if hasattr(obj, "containers") and hasattr(obj, "volumes") and hasattr(obj, "images"):
        return OVERVIEW, None
    if hasattr(obj, "upper") and hasattr(obj, "image"):
        return "stack", obj
    if hasattr(obj, "layers") and hasattr(obj, "view"):
        return "image", obj
    if hasattr(obj, "fs") and hasattr(obj, "anonymous"):
        return "volume", obj
    raise TypeError(f"no diagram for a {type(obj).__name__} (allowed: Engine, Container, Image, Volume)")


def sources(engine, view: tuple, events=(), caption: str = "", cat: Catalog | None = None,
            story: bool = True, focus: bool = False) -> tuple[str, str, Callable[[], str]]:
    """(subject, DOT source, a function that writes the text twin) of one view. `engine` may be None
    for a container, image or volume on its own (a container alone shows its mounts only while it runs).
    `story`: whether the twin tells the step's events too; `focus`: a stack shows the paths the step
    touched and folds the rest (simulator.render.focus)."""
    cat = cat or Catalog()
    kind, subject = view
    if kind == OVERVIEW:
        ov = build_overview(engine, events)
        return OVERVIEW, overview_dot(ov, cat, caption), lambda: overview_text(ov, cat, caption, story)
    if kind == "volume":
        users = engine.volume_users(subject.name) if engine is not None else ()
        return f"volume:{subject.name}", volume_dot(subject, users, cat), lambda: volume_text(subject, users, cat)
    if kind == "image":
        stack = build_stack(ImageAsContainer(subject), None, (), subject="image")
        name = f"image:{subject.name}"
    elif kind == "stack":
        stack = build_stack(subject, engine, events, limit=focus_limit(subject, events) if focus else MAX_COLUMNS)
        name = subject.name
    else:
        raise ValueError(f"no such view {kind!r} (views: stack, overview, image, volume)")
    return name, stack_dot(stack, cat, caption), lambda: stack_text(stack, cat, caption, story)


def draw(engine, view: tuple, events=(), caption: str = "", cat: Catalog | None = None,
         story: bool = True, focus: bool = False) -> Picture:
    """The Picture of one view; its text twin is written while Graphviz (another process) lays out the SVG.
    Without Graphviz the picture has no SVG and says why in `error`."""
    subject, dot, twin = sources(engine, view, events, caption, cat, story, focus)
    out: dict = {}

    def render() -> None:
        try:
            out["svg"] = to_svg(dot)
        except RenderError as e:     # no Graphviz: the text twin still shows, and says why
            out["error"] = str(e)
        except Exception as e:       # anything else is raised in the caller's thread below
            out["raise"] = e

    worker = threading.Thread(target=render, name="picture-graphviz", daemon=True)
    try:
        worker.start()
    except RuntimeError:             # no threads here (Pyodide, WebAssembly): one after the other
        worker = None
    try:
        text = twin()
    finally:
        if worker is not None:
            worker.join()
    if worker is None:
        render()
    if "raise" in out:
        raise out["raise"]
    return Picture(subject, dot, text, out.get("svg", ""), out.get("error", ""))
