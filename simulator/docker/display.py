"""Jupyter display for model objects: a mixin whose `_repr_mimebundle_` draws the object.

The renderer is imported inside the method, so importing the model never imports
Graphviz or Jupyter."""
from __future__ import annotations


class Diagram:
    """Shows an Engine, Container, Image or Volume as its diagram (SVG) with the text twin."""

    __slots__ = ()

    def _repr_mimebundle_(self, include=None, exclude=None):
        from simulator.render.jupyter import mimebundle
        return mimebundle(self, include, exclude)


def _repr_mimebundle_(self, include=None, exclude=None):
    """The same, as a plain function: a model class takes it with one line in its body,
    `from .display import _repr_mimebundle_`."""
    return Diagram._repr_mimebundle_(self, include, exclude)
