"""The Lab's diagram: which picture a step shows, its DOT source and text twin (from the
renderers), and its SVG, kept per step so stepping back and forth renders nothing twice."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from simulator.render import (RenderError, build_overview, build_stack, default_view, overview_dot, overview_text, stack_dot, stack_text, to_svg)

AUTO, OVERVIEW = "auto", "overview"


@dataclass(frozen=True)
class Picture:
    subject: str             # a container's name, or OVERVIEW
    dot: str
    text: str                # the text twin: the same information, for screen readers and tests
    svg: str = ""            # "" when Graphviz is missing or failed
    error: str = ""


def choose(engine, events, choice: str) -> tuple[str, object]:
    """("stack", container) or ("overview", None): the step's own picture for AUTO, else the one asked
    for (a container that no longer exists falls back to the step's own)."""
    if choice == OVERVIEW:
        return "overview", None
    if choice != AUTO and choice in engine.containers:
        return "stack", engine.containers[choice]
    return default_view(engine, events)


def sources(engine, events, choice: str, caption: str = "", cat=None):
    """(subject, DOT, a function that writes the text twin) of the picture for this state and step,
    in the language of `cat` (None: the process's)."""
    kind, container = choose(engine, events, choice)
    if kind == "overview":
        ov = build_overview(engine, events)
        return OVERVIEW, overview_dot(ov, cat, caption), lambda: overview_text(ov, cat, caption)
    stack = build_stack(container, engine, events)
    return container.name, stack_dot(stack, cat, caption), lambda: stack_text(stack, cat, caption)


class PictureCache:
    """Pictures by (step number, choice): a step's state never changes, so neither does its picture,
    and stepping back and forth draws nothing twice. Bounded by the SVG text it keeps."""

    def __init__(self, budget: int = 64 * 2**20):
        self.budget, self.used = budget, 0
        self._pictures: OrderedDict = OrderedDict()

    def get(self, key, make) -> Picture:
        hit = self._pictures.get(key)
        if hit is not None:
            self._pictures.move_to_end(key)
            return hit
        picture = make()
        if picture.svg:                  # a missing Graphviz may be installed meanwhile: draw again then
            self._pictures[key] = picture
            self.used += len(picture.svg)
            while self.used > self.budget and len(self._pictures) > 1:
                self.used -= len(self._pictures.popitem(last=False)[1].svg)
        return picture


def draw(engine, events, choice: str, caption: str, cat=None) -> Picture:
    """The picture; its text twin is written while Graphviz (another process) lays out the SVG."""
    subject, dot, twin = sources(engine, events, choice, caption, cat)
    out: dict = {}

    def render() -> None:
        try:
            out["svg"] = to_svg(dot)
        except RenderError as e:     # no Graphviz: the text twin still shows, and says why
            out["error"] = str(e)
        except Exception as e:       # anything else is raised in the caller's thread below
            out["raise"] = e

    worker = threading.Thread(target=render, name="lab-graphviz", daemon=True)
    worker.start()
    try:
        text = twin()
    finally:
        worker.join()
    if "raise" in out:
        raise out["raise"]
    return Picture(subject, dot, text, out.get("svg", ""), out.get("error", ""))
