"""Jupyter display of model objects: the diagram as SVG, its text twin as text/plain.

Called lazily by simulator.docker.display, so the model never imports Graphviz or Jupyter."""
from __future__ import annotations

from simulator.messages import Catalog
from simulator.render.backend import RenderError, to_svg


def pictures(obj, cat: Catalog | None = None) -> tuple[str, str]:
    """(DOT, text twin) for an Engine, Container, Image or Volume."""
    from simulator.render.overview import build_overview, overview_dot, overview_text
    from simulator.render.stack import build_stack
    from simulator.render.stackdot import stack_dot
    from simulator.render.stacktext import stack_text
    from simulator.render.views import ImageAsContainer, volume_dot, volume_text
    cat = cat or Catalog()
    kind = type(obj).__name__
    if hasattr(obj, "containers") and hasattr(obj, "volumes") and hasattr(obj, "images"):
        ov = build_overview(obj, ())
        return overview_dot(ov, cat), overview_text(ov, cat)
    if hasattr(obj, "upper") and hasattr(obj, "image"):
        # a container alone knows no engine: its mounts show only while it runs
        stack = build_stack(obj, None, ())
        return stack_dot(stack, cat), stack_text(stack, cat)
    if hasattr(obj, "layers") and hasattr(obj, "view"):
        stack = build_stack(ImageAsContainer(obj), None, (), subject="image")
        return stack_dot(stack, cat), stack_text(stack, cat)
    if hasattr(obj, "fs") and hasattr(obj, "anonymous"):
        return volume_dot(obj, (), cat), volume_text(obj, (), cat)
    raise TypeError(f"no diagram for a {kind} (allowed: Engine, Container, Image, Volume)")


def mimebundle(obj, include=None, exclude=None) -> dict:
    dot, text = pictures(obj)
    bundle = {"text/plain": text}
    try:
        bundle["image/svg+xml"] = to_svg(dot)
    except RenderError as e:          # no Graphviz: the text twin still shows, and says why
        bundle["text/plain"] = text + f"\n({e})\n"
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle
