"""Jupyter display for model objects: an Engine, Container, Image or Volume shows as its diagram
(SVG) with the text twin. A model class takes it with one line in its body,
`from simulator.docker.display import _repr_mimebundle_`.

The renderer is imported inside the function, so importing the model never imports Graphviz or
Jupyter: the one hook from the model up to the renderer (tests/test_architecture.py, HOOKS)."""
from __future__ import annotations


def _repr_mimebundle_(self, include=None, exclude=None):
    from simulator.render.jupyter import mimebundle
    return mimebundle(self, include, exclude)
