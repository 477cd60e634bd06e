"""The image and volume pictures (no container needed); which picture a view shows is decided in
simulator.render.picture."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.messages import Catalog
from simulator.fs import Tree
from simulator.render import theme
from simulator.render.dot import HTML, Graph
from simulator.render.escape import html as esc, plain
from simulator.render.labels import font, small, table, td, tr
from simulator.render.summary import details, preview, short_volume

MAX_VOLUME_ROWS = 30


@dataclass
class ImageAsContainer:
    """An image seen through a container that has changed nothing and mounts nothing."""

    image: object
    upper: Tree = field(default_factory=Tree)
    mounts: list = field(default_factory=list)
    status: str = "created"
    read_only: bool = False
    active: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.image.name

    @property
    def running(self) -> bool:
        return False


def volume_listing(volume, users=()) -> list[tuple[str, object]]:
    return [(p, e) for p, e in volume.fs.tree.walk()] if hasattr(volume.fs, "tree") else []


def volume_text(volume, users=(), cat: Catalog | None = None) -> str:
    cat = cat or Catalog()
    items = volume_listing(volume)
    out = [plain(cat.t("volume.title", name=short_volume(volume.name), count=len(items),
                       users=", ".join(users) if users else cat.t("text.nobody")))]
    for p, e in items[:MAX_VOLUME_ROWS]:
        out.append(f"  {plain(p)}  {plain(preview(e, 40, cat))} {details(e)}".rstrip())
    if len(items) > MAX_VOLUME_ROWS:
        out.append("  " + cat.t("volume.more", count=len(items) - MAX_VOLUME_ROWS))
    return "\n".join(out) + "\n"


def volume_dot(volume, users=(), cat: Catalog | None = None) -> str:
    cat = cat or Catalog()
    items = volume_listing(volume)
    title = font(esc(cat.t("volume.title", name=short_volume(volume.name), count=len(items),
                           users=", ".join(users) if users else cat.t("text.nobody")), 90), bold=True)
    rows = [tr(td(title, colspan="2", align="left"))]
    for p, e in items[:MAX_VOLUME_ROWS]:
        rows.append(tr(td(esc(p, 50), align="left"), td(font(esc(preview(e, 30, cat), None), face=theme.MONO), align="left")))
    if len(items) > MAX_VOLUME_ROWS:
        rows.append(tr(td(small(cat.t("volume.more", count=len(items) - MAX_VOLUME_ROWS)), colspan="2")))
    g = Graph("volume", {"pad": theme.PAD}, theme.NODE, {})
    g.node("v", label=HTML(table(rows, border=1, color=theme.GREY, bgcolor=theme.ROW_FILL["mount"], cellpadding=3)))
    return g.source()

