"""Jupyter display of model objects: the diagram as SVG and PNG, its text twin as text/plain.

Called lazily by simulator.docker.display, so the model never imports Graphviz or Jupyter."""
from __future__ import annotations

from simulator.messages import Catalog
from simulator.render.backend import RenderError, notebook_png, notebook_svg, to_svg
from simulator.render.picture import sources, view_of


def pictures(obj, cat: Catalog | None = None) -> tuple[str, str]:
    """(DOT, text twin) for an Engine, Container, Image or Volume (an object on its own: a
    container knows no engine, so its mounts show only while it runs; a volume names no users)."""
    view = view_of(obj)
    engine = obj if view[1] is None else None
    _, dot, twin = sources(engine, view, (), "", cat)
    return dot, twin()


def mimebundle(obj, include=None, exclude=None) -> dict:
    dot, text = pictures(obj)
    bundle = {"text/plain": text}
    try:
        bundle["image/svg+xml"] = notebook_svg(to_svg(dot))
        png = notebook_png(dot)           # beside the SVG, for viewers that show no SVG
        if png:
            bundle["image/png"] = png
    except RenderError as e:          # no Graphviz: the text twin still shows, and says why
        bundle["text/plain"] = text + f"\n({e})\n"
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle
