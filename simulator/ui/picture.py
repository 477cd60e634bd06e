"""The Lab's pictures, kept per step so stepping back and forth renders nothing twice (which picture a
step shows, and the Picture itself, come from simulator.render.picture)."""
from __future__ import annotations

from collections import OrderedDict

from simulator.render import AUTO, OVERVIEW, Picture, choose_view, sources
from simulator.render import draw as draw_view

__all__ = ["AUTO", "OVERVIEW", "Picture", "PictureCache", "choose", "draw", "lab_sources"]


def choose(engine, events, choice: str) -> tuple[str, object]:
    """The step's own picture for AUTO, else the one asked for (a container that no longer exists
    falls back to the step's own)."""
    return choose_view(engine, choice, events, fallback=True)


def lab_sources(engine, events, choice: str, caption: str = "", cat=None):
    """(subject, DOT, a function that writes the text twin) of the Lab's picture for this state and step."""
    return sources(engine, choose(engine, events, choice), events, caption, cat)


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


def draw(engine, events, choice: str, caption: str, cat=None, focus: bool = False) -> Picture:
    """The Lab's picture for this state and step (`choice`: AUTO, OVERVIEW or a container's name);
    `focus`: a stack shows the paths the step touched, the rest folded."""
    return draw_view(engine, choose(engine, events, choice), events, caption, cat, focus=focus)
