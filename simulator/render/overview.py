"""The engine overview: images and the layers they share, containers, volumes, bind sources and
tmpfs mounts, and which containers use which, as one picture (DOT) and its text twin."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.messages import Catalog
from simulator.render import theme
from simulator.render.dot import HTML, Graph
from simulator.render.escape import html as esc, plain
from simulator.render.labels import font, lines, small, table, td, tr
from simulator.render.narrate import narrate_all
from simulator.render.stackdot import story_box
from simulator.render.summary import human_size, short_volume

MAX_ITEMS = 12               # containers, volumes, images each; more are folded into one node
MAX_LAYERS = 6               # per image; runs of unshared layers fold


@dataclass(frozen=True)
class Overview:
    images: tuple                  # (name, layer keys top first, size)
    layers: dict                   # key -> (label, created_by, size, shared by image names, folded count)
    containers: tuple              # (name, status, image, upper entries, mounts: (kind, source, target, ro))
    volumes: tuple                 # (name, anonymous, entries, users)
    hidden: dict = field(default_factory=dict)   # kind -> how many were folded away
    removed_containers: tuple = ()  # (name, surviving volumes) removed in this step
    removed_volumes: tuple = ()
    created: frozenset = frozenset()  # names made in this step (containers and volumes)
    populated: dict = field(default_factory=dict)   # volume -> entries copied from the image
    events: tuple = ()


def _layer_keys(engine) -> dict:
    """A stable key per distinct layer object: the first image (by name) and index holding it."""
    keys = {}
    for name in sorted(engine.images):
        for i, layer in enumerate(engine.images[name].layers):
            keys.setdefault(id(layer), f"{name}@{i}")
    return keys


def build_overview(engine, events=()) -> Overview:
    keys = _layer_keys(engine)
    users: dict = {}
    for name in sorted(engine.images):
        for layer in engine.images[name].layers:
            users.setdefault(id(layer), []).append(name)
    layers, images = {}, []
    for name in sorted(engine.images)[:MAX_ITEMS]:
        img = engine.images[name]
        order = list(reversed(range(len(img.layers))))
        shown, run = [], []
        keep = {order[0], order[-1]} if order else set()
        keep |= {i for i in order if len(users[id(img.layers[i])]) > 1}
        for i in order:
            layer = img.layers[i]
            if len(order) > MAX_LAYERS and i not in keep:
                run.append(i)
                continue
            if run:
                key = f"{name}@{run[-1]}..{run[0]}"
                layers[key] = (key, "", sum(img.layers[j].size for j in run), (name,), len(run))
                shown.append(key)
                run = []
            key = keys[id(layer)]
            layers.setdefault(key, (key, layer.created_by, layer.size, tuple(users[id(layer)]), 0))
            shown.append(key)
        if run:
            key = f"{name}@{run[-1]}..{run[0]}"
            layers[key] = (key, "", sum(img.layers[j].size for j in run), (name,), len(run))
            shown.append(key)
        images.append((name, tuple(shown), img.size))
    containers = []
    for c in sorted(engine.containers.values(), key=lambda c: c.name)[:MAX_ITEMS]:
        mounts = tuple((m.type, m.name if m.type == "volume" else (m.host_path or ""), m.path, not m.rw)
                       for m in sorted(c.mounts, key=lambda m: (m.path, m.type)))
        containers.append((c.name, c.status, c.image.name, len(c.upper) - 1, mounts))
    volumes = tuple((name, v.anonymous, sum(1 for _ in v.fs.tree.walk()) if hasattr(v.fs, "tree") else 0,
                     tuple(engine.volume_users(name)))
                    for name, v in sorted(engine.volumes.items())[:MAX_ITEMS])
    hidden = {k: max(0, n - MAX_ITEMS) for k, n in
              (("images", len(engine.images)), ("containers", len(engine.containers)), ("volumes", len(engine.volumes)))}
    removed_c = {}
    for e in events:
        if e.get("type") == "container-remove" and e.get("container") not in engine.containers:
            removed_c.setdefault(e["container"], [])
        if e.get("type") == "volume-survives":
            removed_c.setdefault(e["container"], []).append(e.get("volume", ""))
    removed_v = tuple(e["volume"] for e in events if e.get("type") == "volume-remove" and e.get("volume") not in engine.volumes)
    created = frozenset([e["container"] for e in events if e.get("type") == "container-create"] +
                        [e["volume"] for e in events if e.get("type") == "volume-create"])
    populated = {e["volume"]: e.get("entries", 0) for e in events if e.get("type") == "populate"}
    return Overview(tuple(images), layers, tuple(containers), volumes, hidden,
                    tuple((k, tuple(v)) for k, v in sorted(removed_c.items())), removed_v, created, populated,
                    tuple(events))


def _box(rows, fill, marks=(), dashed=False) -> str:
    inner = table([tr(td(lines(*rows), align="left"))], border=1, color=theme.GREY, bgcolor=fill, cellpadding=5,
                  style="dashed" if dashed else None)
    if not marks:
        return inner
    badge = [tr(td(small(esc(m, 40), theme.STORY, bold=True))) for m in marks]
    return table(badge + [tr(td(inner))], border=theme.STORY_WIDTH, color=theme.STORY, cellpadding=1, cellspacing=2)


def overview_dot(ov: Overview, cat: Catalog | None = None, caption: str = "") -> str:
    cat = cat or Catalog()
    title = font(esc(cat.t("overview.title", images=str(len(ov.images) + ov.hidden.get("images", 0)),
                           containers=str(len(ov.containers) + ov.hidden.get("containers", 0)),
                           volumes=str(len(ov.volumes) + ov.hidden.get("volumes", 0))), 100), bold=True)
    if caption:
        title += "<BR/>" + small(esc(cat.t("stack.step", command=caption), 110), theme.GREY)
    g = Graph("overview", {"rankdir": "LR", "nodesep": "0.25", "ranksep": "0.6", **theme.TITLE,
                           "label": HTML(title), "pad": theme.PAD, "newrank": True}, theme.NODE, theme.EDGE)
    layer_ids = {key: f"ly{k}" for k, key in enumerate(sorted(ov.layers))}
    for key in sorted(ov.layers):
        label, created_by, size, users, folded = ov.layers[key]
        rows = [font(esc(label, 30), bold=True)]
        if folded:
            rows.append(small(cat.t("overview.layers-folded", count=folded)))
        if created_by:
            rows.append(small(esc(created_by, 34)))
        rows.append(small(human_size(size), theme.GREY))
        if len(users) > 1:
            rows.append(small(esc(cat.t("overview.layer.shared", names=", ".join(users)), 40), theme.BLUE, bold=True))
        g.node(layer_ids[key], label=HTML(_box(rows, theme.ROW_FILL["layer"])))
    img_ids = {}
    for k, (name, keys, size) in enumerate(ov.images):
        img_ids[name] = f"im{k}"
        g.node(f"im{k}", label=HTML(_box([font(esc(cat.t("overview.image", name=name), 34), bold=True),
                                          small(cat.t("overview.image.detail", layers=str(len(keys)),
                                                      size=human_size(size)))], "#FFFFFF")))
        chain = [f"im{k}"] + [layer_ids[x] for x in keys]
        for a, b in zip(chain, chain[1:]):
            g.edge(a, b, color=theme.GREY)
    vol_ids = {}
    for k, (name, anonymous, entries, users) in enumerate(ov.volumes):
        vol_ids[name] = f"v{k}"
        head = cat.t("overview.volume.anonymous" if anonymous else "overview.volume", name=short_volume(name))
        rows = [font(esc(head, 40), bold=True), small(cat.t("overview.volume.detail", count=entries))]
        if not users:
            rows.append(small(cat.t("overview.volume.unused"), theme.GREY, italic=True))
        marks = []
        if name in ov.created:
            marks.append(cat.t("story.volume-create"))
        if name in ov.populated:
            marks.append(cat.t("story.populated", count=ov.populated[name]))
        g.node(f"v{k}", label=HTML(_box(rows, theme.ROW_FILL["mount"], marks)))
    for k, name in enumerate(ov.removed_volumes):
        g.node(f"vx{k}", label=HTML(_box([font(esc(cat.t("overview.volume", name=short_volume(name)), 40), bold=True)],
                                         "#FFFFFF", [cat.t("story.volume-remove")], dashed=True)))
    binds = {}
    for k, (name, status, image, upper, mounts) in enumerate(ov.containers):
        rows = [font(esc(cat.t("overview.container", name=name), 40), bold=True),
                small(esc(cat.t("overview.container.detail", status=cat.t("status." + status), image=image), 44)),
                small(cat.t("overview.container.upper", count=upper))]
        for kind, source, target, ro in mounts:
            if kind == "tmpfs":
                rows.append(small(esc(cat.t("overview.tmpfs", target=target), 40)))
        marks = [cat.t("overview.container.created")] if name in ov.created else []
        g.node(f"c{k}", label=HTML(_box(rows, theme.ROW_FILL["upper"], marks)))
        if image in img_ids:
            g.edge(f"c{k}", img_ids[image], color=theme.INK)
        for kind, source, target, ro in mounts:
            text = esc(cat.t("overview.mount.ro" if ro else "overview.mount", target=target), 30)
            if kind == "volume" and source in vol_ids:
                g.edge(vol_ids[source], f"c{k}", dir="none", color=theme.ORANGE, penwidth="2", label=HTML(text))
            elif kind == "bind":
                if source not in binds:
                    binds[source] = f"b{len(binds)}"
                    g.node(binds[source], label=HTML(_box([font(esc(cat.t("overview.bind", path=source), 40),
                                                               bold=True)], "#FFFFFF")))
                g.edge(binds[source], f"c{k}", dir="none", color=theme.PURPLE, penwidth="2", style="dashed",
                       label=HTML(text))
    for k, (name, survivors) in enumerate(ov.removed_containers):
        g.node(f"cx{k}", label=HTML(_box([font(esc(cat.t("overview.container", name=name), 40), bold=True),
                                          small(cat.t("status.removed"), theme.GREY)], "#FFFFFF",
                                         [cat.t("overview.container.removed")], dashed=True)))
        for vol in survivors:
            if vol in vol_ids:
                g.edge(vol_ids[vol], f"cx{k}", dir="none", color=theme.STORY, style="dashed", penwidth="2",
                       label=HTML(font(esc(cat.t("story.volume-survives"), 30), color=theme.STORY, bold=True)))
    if not (ov.images or ov.containers or ov.volumes):
        g.node("empty", label=HTML(esc(cat.t("overview.empty"), None)))
    g.node("legend", label=HTML(_legend(cat)))
    if ov.events:
        g.node("story", label=HTML(story_box(list(ov.events), cat, limit=8)))
    return g.source()


def _legend(cat: Catalog) -> str:
    """Line colours and styles of the overview, each also told apart by its style or width."""
    rows = [tr(td(font(cat.t("legend.title"), bold=True), colspan="2", align="left"))]
    for color, style, width, msg in ((theme.ORANGE, "solid", 2, "legend.overview.volume"),
                                     (theme.PURPLE, "dashed", 2, "legend.overview.bind"),
                                     (theme.INK, "solid", 1, "legend.overview.image"),
                                     (theme.GREY, "solid", 1, "legend.overview.layers"),
                                     (theme.STORY, "solid", 3, "legend.story")):
        line = "- - -" if style == "dashed" else "-----"
        rows.append(tr(td(font(line, color=color, bold=width > 1)), td(small(cat.t(msg)), align="left")))
    return table(rows, border=1, color=theme.GREY, cellpadding=2)


def overview_text(ov: Overview, cat: Catalog | None = None, caption: str = "", story: bool = True) -> str:
    cat = cat or Catalog()
    out = [cat.t("overview.title", images=str(len(ov.images) + ov.hidden.get("images", 0)),
                 containers=str(len(ov.containers) + ov.hidden.get("containers", 0)),
                 volumes=str(len(ov.volumes) + ov.hidden.get("volumes", 0)))]
    if caption:
        out.append(plain(cat.t("stack.step", command=caption)))
    for name, keys, size in ov.images:
        out.append("")
        out.append(plain(cat.t("overview.image", name=name)) + ": " +
                   cat.t("overview.image.detail", layers=str(len(keys)), size=human_size(size)))
        for key in keys:
            label, created_by, lsize, users, folded = ov.layers[key]
            parts = [plain(label)]
            if folded:
                parts.append(cat.t("overview.layers-folded", count=folded))
            if created_by:
                parts.append(plain(created_by))
            parts.append(human_size(lsize))
            if len(users) > 1:
                parts.append(cat.t("overview.layer.shared", names=", ".join(users)))
            out.append("  " + "; ".join(parts))
    for name, status, image, upper, mounts in ov.containers:
        out.append("")
        out.append(plain(cat.t("overview.container", name=name)) + ": " + plain(cat.t(
            "overview.container.detail", status=cat.t("status." + status), image=image)) + "; " +
            cat.t("overview.container.upper", count=upper) +
            ("; " + cat.t("overview.container.created") if name in ov.created else ""))
        for kind, source, target, ro in mounts:
            where = cat.t("overview.mount.ro" if ro else "overview.mount", target=target)
            what = (cat.t("overview.volume", name=short_volume(source)) if kind == "volume" else
                    cat.t("overview.bind", path=source) if kind == "bind" else "tmpfs")
            out.append(f"  {plain(where)} <- {plain(what)}")
    for name, survivors in ov.removed_containers:
        out.append("")
        out.append(plain(cat.t("overview.container", name=name)) + ": " + cat.t("overview.container.removed"))
        for vol in survivors:
            out.append("  " + plain(cat.t("overview.volume", name=short_volume(vol))) + ": " + cat.t("story.volume-survives"))
    if ov.volumes:
        out.append("")
    for name, anonymous, entries, users in ov.volumes:
        out.append(plain(cat.t("text.volume", name=short_volume(name), count=entries,
                               users=", ".join(users) if users else cat.t("text.nobody"))))
    for name in ov.removed_volumes:
        out.append(plain(cat.t("overview.removed-volume", name=short_volume(name))))
    for kind, n in sorted(ov.hidden.items()):
        if n:
            out.append(cat.t("overview.more", count=n, kind=cat.t(f"overview.kind.{kind}")))
    if not (ov.images or ov.containers or ov.volumes):
        out.append(cat.t("overview.empty"))
    sentences = narrate_all(list(ov.events), cat)
    if sentences and story:
        out += ["", cat.t("text.story")] + ["- " + plain(s) for s in sentences]
    return "\n".join(out) + "\n"
