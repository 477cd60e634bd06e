"""The Lab's diagram: which picture a step shows, its DOT source and text twin (from the
renderers), and its SVG, kept per DOT source so stepping back and forth renders nothing twice."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..render import (RenderError, build_overview, build_stack, default_view, overview_dot, overview_text,
                      stack_dot, stack_text, to_svg)

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


def sources(engine, events, choice: str, caption: str = "") -> tuple[str, str, str]:
    """(subject, DOT, text twin) of the picture for this state and step's events."""
    kind, container = choose(engine, events, choice)
    if kind == "overview":
        ov = build_overview(engine, events)
        return OVERVIEW, overview_dot(ov, None, caption), overview_text(ov, None, caption)
    stack = build_stack(container, engine, events)
    return container.name, stack_dot(stack, None, caption), stack_text(stack, None, caption)


class SvgCache:
    """DOT source -> SVG, the most recent `size` pictures (one per controller: labs share nothing)."""

    def __init__(self, size: int = 64):
        self.size = size
        self._svgs: OrderedDict = OrderedDict()

    def svg(self, dot: str) -> str:
        hit = self._svgs.get(dot)
        if hit is None:
            hit = to_svg(dot)
            self._svgs[dot] = hit
            if len(self._svgs) > self.size:
                self._svgs.popitem(last=False)
        else:
            self._svgs.move_to_end(dot)
        return hit


def draw(engine, events, choice: str, caption: str, cache: SvgCache) -> Picture:
    subject, dot, text = sources(engine, events, choice, caption)
    try:
        return Picture(subject, dot, text, cache.svg(dot))
    except RenderError as e:         # no Graphviz: the text twin still shows, and says why
        return Picture(subject, dot, text, "", str(e))
