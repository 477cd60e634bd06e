"""Explore an image: its layers with what each adds, changes and deletes, the space wasted on
files stored twice and dive's efficiency score (simulator/docker/explore.py), as a picture and
its text twin; and "why is this file in my image?" for one path.

    from simulator.render.explore import explore_picture, why_text
    explore_picture(session.engine, "nginx")          # a Picture: .svg, .text
    print(why_text(session.engine, "nginx", "/etc/passwd"))
"""
from __future__ import annotations

from simulator.docker import explore_image as explore, why_in_image as why
from simulator.messages import Catalog
from simulator.render import theme
from simulator.render.backend import RenderError, to_svg
from simulator.render.dot import HTML, Graph
from simulator.render.escape import html as esc
from simulator.render.labels import font, small, table, td, tr
from simulator.render.summary import human_size as _human

MAX_WASTE_ROWS = 10


def human_size(n: int, _precision: int = 3) -> str:
    return _human(n)


def _image(engine, ref: str):
    """An image by name ("nginx", "nginx:latest", "postgres:16") or by a prefix of its ID
    (render may not use the docker command line's lookup)."""
    name = ref[:-7] if ref.endswith(":latest") else ref
    image = engine.images.get(name)
    if image is None:
        hexpart = ref[7:] if ref.startswith("sha256:") else ref
        image = next((i for i in list(engine.images.values()) + engine.dangling_images()
                      if len(hexpart) >= 4 and i.id[7:].startswith(hexpart)), None)
    if image is None:
        raise KeyError(f"no image {ref}")
    return image, engine.image_history(image)


def _percent(x: float) -> str:
    return f"{100 * x:.1f} %"


def explore_text(engine, ref: str, cat: Catalog | None = None) -> str:
    cat = cat or Catalog()
    image, history = _image(engine, ref)
    ex = explore(image, history)
    lines = [cat.t("explore.title", name=ref, count=len(ex.layers), size=human_size(ex.total, 3),
                   efficiency=_percent(ex.efficiency), wasted=human_size(ex.wasted, 3))]
    for ch in reversed(ex.layers):
        lines.append(cat.t("explore.layer", index=ch.index, size=human_size(ch.size, 3), added=len(ch.added),
                           changed=len(ch.changed), deleted=len(ch.deleted), created_by=ch.created_by[:70]))
        for key, items in (("explore.changed", ch.changed), ("explore.deleted", ch.deleted)):
            if items:
                shown = ", ".join(items[:5]) + (" …" if len(items) > 5 else "")
                lines.append("    " + cat.t(key, paths=shown))
    if ex.inefficiencies:
        lines.append(cat.t("explore.waste.title"))
        for x in ex.inefficiencies[:MAX_WASTE_ROWS]:
            lines.append("  " + cat.t("explore.waste.row", size=human_size(x.cumulative, 3), path=x.path,
                                      layers=", ".join(map(str, x.layers))))
    else:
        lines.append(cat.t("explore.waste.none"))
    return "\n".join(lines) + "\n"


def explore_dot(engine, ref: str, cat: Catalog | None = None) -> str:
    cat = cat or Catalog()
    image, history = _image(engine, ref)
    ex = explore(image, history)
    title = cat.t("explore.title", name=ref, count=len(ex.layers), size=human_size(ex.total, 3),
                  efficiency=_percent(ex.efficiency), wasted=human_size(ex.wasted, 3))
    rows = [tr(td(font(esc(title, 100), bold=True), colspan="6", align="left"))]
    heads = [cat.t(k) for k in ("explore.head.layer", "explore.head.size", "explore.head.added",
                                "explore.head.changed", "explore.head.deleted", "explore.head.created_by")]
    rows.append(tr(*(td(small(esc(h, 30))) for h in heads)))
    biggest = max((ch.size for ch in ex.layers), default=0) or 1
    for ch in reversed(ex.layers):
        bar = "█" * max(1 if ch.size else 0, round(12 * ch.size / biggest))
        rows.append(tr(td(str(ch.index)), td(font(esc(f"{human_size(ch.size, 3)} {bar}", 40), face=theme.MONO),
                                               align="left"),
                       td(font(f"+{len(ch.added)}", color=theme.GREEN)),
                       td(font(f"~{len(ch.changed)}", color=theme.ORANGE)),
                       td(font(f"-{len(ch.deleted)}", color=theme.VERMILLION)),
                       td(esc(ch.created_by, 60), align="left")))
    for x in ex.inefficiencies[:MAX_WASTE_ROWS]:
        rows.append(tr(td(small(esc(cat.t("explore.waste.row", size=human_size(x.cumulative, 3), path=x.path,
                                          layers=", ".join(map(str, x.layers))), 100)), colspan="6", align="left")))
    g = Graph("explore", {"pad": theme.PAD}, theme.NODE, {})
    g.node("t", label=HTML(table(rows, border=1, color=theme.GREY, bgcolor=theme.ROW_FILL["layer"],
                                 cellpadding=3)))
    return g.source()


def explore_picture(engine, ref: str, cat: Catalog | None = None):
    from simulator.render.picture import Picture
    dot = explore_dot(engine, ref, cat)
    text = explore_text(engine, ref, cat)
    try:
        return Picture(f"explore:{ref}", dot, text, to_svg(dot))
    except RenderError as e:
        return Picture(f"explore:{ref}", dot, text, "", str(e))


def why_text(engine, ref: str, path: str, cat: Catalog | None = None) -> str:
    """"Why is this file in my image?": every layer that added, changed, deleted or hid it."""
    cat = cat or Catalog()
    image, history = _image(engine, ref)
    w = why(image, path, history)
    lines = [cat.t("explore.why.title", path=w.path, name=ref)]
    if not w.steps:
        return lines[0] + "\n" + cat.t("explore.why.never", path=w.path, name=ref) + "\n"
    for index, what, created_by in w.steps:
        lines.append("  " + cat.t(f"explore.why.{what}", index=index, created_by=created_by[:80]))
    lines.append(cat.t("explore.why.visible", index=w.visible_from) if w.visible_from is not None
                 else cat.t("explore.why.gone"))
    return "\n".join(lines) + "\n"
