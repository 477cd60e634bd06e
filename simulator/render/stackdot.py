"""The layer-stack diagram of one container as DOT: the container's view on top, then one row per
mount, the writable layer and each image layer; one column per path; the story of the step in
vermillion; a legend. Node ids come from row and column indexes (h3, r2c3, l2)."""
from __future__ import annotations

from simulator.fs import paths
from simulator.messages import Catalog
from simulator.render import theme
from simulator.render.dot import HTML, Graph
from simulator.render.escape import html as esc, plain, shorten
from simulator.render.labels import font, lines, small, table, td, tr
from simulator.render.narrate import headline
from simulator.render.resolve import COUNT, EMPTY, HIDDEN, MERGED, SEEN, WHITEOUT
from simulator.render.summary import details, human_size, place_name, preview, short_volume

LABEL_WIDTH = 30             # characters of a row label line
CELL_TEXT = 22


def graph_attrs(title: str) -> dict:
    return {"rankdir": "TB", "nodesep": "0.18", "ranksep": "0.22", **theme.TITLE, "bgcolor": "white",
            "pad": theme.PAD, "newrank": True, "label": HTML(title)}


def row_title(row, cat: Catalog, stack) -> list[str]:
    """Lines of a row's label: a bold name, then details."""
    if row.kind == "mount":
        kind, _, src = row.label.partition(":")
        if kind == "volume":
            name = cat.t("row.mount.volume", name=esc(short_volume(src)))
        elif kind == "bind":
            name = cat.t("row.mount.bind", path=esc(src, LABEL_WIDTH))
        else:
            name = cat.t("row.mount.tmpfs")
        mode = cat.t("row.mount.ro" if row.read_only else "row.mount.rw")
        out = [font(name, bold=True), small(cat.t("row.mount.at", target=esc(row.target, LABEL_WIDTH), mode=mode))]
        if not row.in_effect:
            out.append(small(cat.t("row.mount.inactive", status=cat.t("status." + stack.status)), theme.GREY))
        if row.users:
            names = ", ".join(esc(u, 16) for u in row.users[:4]) + (", ..." if len(row.users) > 4 else "")
            out.append(small(cat.t("row.mount.shared", names=names)))
        return out
    if row.kind == "upper":
        out = [font(cat.t("row.upper"), bold=True),
               small(cat.t("row.upper.detail", count=row.entries))]
        if row.read_only:
            out.append(small(cat.t("row.upper.ro")))
        return out
    if row.kind == "folded":
        return [font(esc(row.label, LABEL_WIDTH), bold=True),
                small(cat.t("row.folded", count=len(row.layers))),
                small(cat.t("row.folded.detail", size=human_size(row.size)))]
    out = [font(esc(row.label, LABEL_WIDTH), bold=True)]
    if row.created_by:
        out.append(small(esc(row.created_by, LABEL_WIDTH)))
    out.append(small(cat.t("row.layer.size", size=human_size(row.size)), theme.GREY))
    return out


def wrapped(text: str, width: int = 30) -> str:
    """Escaped text broken into lines of about `width` characters (at spaces)."""
    return "<BR/>".join(esc(part.strip(), None) for part in _wrap(text, width))


def badge(marks, cat: Catalog) -> list[str]:
    return [small(wrapped(cat.t(m.msg_id, **_shown(m.kwargs()))), theme.STORY, bold=True) for m in marks]


def framed(inner: str, marks, cat: Catalog) -> str:
    """Wrap a label in a vermillion frame with the step's badges, when the step touched it."""
    if not marks:
        return inner
    rows = [tr(td(line)) for line in badge(marks, cat)]
    return table(rows + [tr(td(inner))], border=theme.STORY_WIDTH, color=theme.STORY, cellpadding=1,
                 cellspacing=2)


def cell_label(cell, stack, cat: Catalog, marks) -> str:
    fill, color, width, ink, style = theme.CELL[cell.state]
    if cell.state == COUNT:
        body = [esc(cat.t("cell.count", count=cell.count))]
    else:
        text = esc(preview(cell.entry, CELL_TEXT, cat), None)
        text = font(text, face=theme.MONO, color=ink, strike=cell.state == HIDDEN)
        body = [text]
        extra = details(cell.entry)
        if extra:
            body.append(small(esc(extra), ink if cell.state != HIDDEN else theme.GREY))
        if cell.note:
            body.append(small(esc(cat.t("cell.in", layer=cell.note), 30), theme.GREY))
        if cell.state == SEEN:
            body.append(small(cat.t("cell.seen"), theme.BLUE, bold=True))
        elif cell.state == MERGED:
            body.append(small(cat.t("cell.merged"), theme.GREY))
        elif cell.state == WHITEOUT:
            body.append(small(cat.t("cell.whiteout")))
        elif cell.state == HIDDEN:
            msg_id, fields = cell.reason
            body.append(small(wrapped(cat.t(msg_id, **_shown(fields))), theme.GREY, italic=True))
    inner = table([tr(td(lines(*body)))], border=width, color=color, bgcolor=fill, cellpadding=4,
                  style="dashed" if style == "dashed" else None)
    return framed(inner, marks, cat)


def _shown(fields: dict) -> dict:
    """Field values as a diagram shows them: short labels, long names shortened."""
    out = {}
    for k, v in fields.items():
        if isinstance(v, str):
            v = shorten(plain(place_name(v) if k in ("row", "place") else v), 28)
        out[k] = v
    return out


def header_label(j, stack, cat: Catalog, marks) -> str:
    col = stack.columns[j]
    if col.fold:
        head = esc(col.path if col.path == "/" else col.path + "/", 32)
        if col.rest:
            sub = cat.t("header.fold.rest", folders=f"{col.folders:,}", count=col.count)
        else:
            sub = cat.t("header.fold", count=col.count)
        changed = _changed(stack, j)
        body = [font(head, bold=True), small(sub)]
        if changed:
            body.append(small(cat.t("header.fold.changed", count=changed), theme.GREEN, bold=True))
    else:
        parent, name = paths.split(col.path)
        body = [small(esc(parent if parent.endswith("/") else parent + "/", 34), theme.GREY),
                font(esc(name, 30), bold=True)]
        i = stack.seen[j]
        if i is None:
            body.append(small(cat.t("header.not-seen"), theme.GREY, italic=True))
        else:
            cell = stack.cells[i][j]
            body.append(font(esc(preview(cell.entry, CELL_TEXT, cat), None), face=theme.MONO))
            body.append(small(cat.t("header.from", row=esc(place_name(cell.note or stack.rows[i].label), 30)),
                              theme.BLUE))
    inner = table([tr(td(lines(*body)))], border=1, color=theme.INK, bgcolor="#FFFFFF", cellpadding=4)
    return framed(inner, marks, cat)


def _drawn(stack, i, j) -> bool:
    """A cell is drawn when it holds something or the step marked it; else it is a gap."""
    return stack.cells[i][j].state != EMPTY or bool(stack.story.marks_at(i, j))


def _changed(stack, j) -> int:
    for i, r in enumerate(stack.rows):
        if r.kind == "upper":
            return stack.cells[i][j].count
    return 0


def legend_label(cat: Catalog, states) -> str:
    rows = [tr(td(font(cat.t("legend.title"), bold=True), colspan="2", align="left"))]
    rows.append(tr(td(small(cat.t("legend.rows")), colspan="2", align="left")))
    samples = {SEEN: cat.t("cell.seen"), MERGED: cat.t("cell.merged"), HIDDEN: "abc",
               WHITEOUT: cat.t("preview.whiteout"), COUNT: cat.t("cell.count", count=12)}
    for state in (SEEN, MERGED, HIDDEN, WHITEOUT, COUNT):
        if state not in states:
            continue
        fill, color, width, ink, style = theme.CELL[state]
        sample = font(esc(samples[state]), color=ink, strike=state == HIDDEN, size=theme.SMALL)
        swatch = table([tr(td(sample))], border=width, color=color, bgcolor=fill, cellpadding=2,
                       style="dashed" if style == "dashed" else None)
        rows.append(tr(td(swatch), td(small(cat.t("legend." + state)), align="left")))
    story = table([tr(td(small(esc(cat.t("legend.new")), theme.STORY, bold=True)))], border=theme.STORY_WIDTH, color=theme.STORY,
                  cellpadding=2)
    rows.append(tr(td(story), td(small(cat.t("legend.story")), align="left")))
    return table(rows, border=1, color=theme.GREY, cellpadding=3, cellspacing=2)


def story_label(stack, cat: Catalog) -> str:
    return story_box(list(stack.events), cat, cat.t("stack.story.none", container=stack.container))


def story_box(events, cat: Catalog, nothing: str = "", limit: int = 6) -> str:
    """"What this step did": the most telling sentences of the step, wrapped."""
    sentences, more = headline(events, cat, limit)
    rows = [tr(td(font(cat.t("stack.story"), bold=True, color=theme.STORY), align="left"))]
    if not sentences and nothing:
        sentences = [nothing]
    for s in sentences:
        for part in _wrap(s, 70):
            rows.append(tr(td(small(esc(part, None)), align="left")))
    if more:
        rows.append(tr(td(small(cat.t("stack.story.more", count=more), theme.GREY, italic=True),
                          align="left")))
    return table(rows, border=1, color=theme.STORY, cellpadding=1, cellspacing=1)


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return [out[0]] + ["    " + x for x in out[1:]] if out else []


def stack_title(stack, cat: Catalog) -> str:
    if stack.subject == "image":
        return cat.t("stack.title.image", image=stack.image)
    return cat.t("stack.title", container=stack.container, status=cat.t("status." + stack.status),
                 image=stack.image)


def _title(stack, cat: Catalog, caption: str) -> str:
    title = font(esc(stack_title(stack, cat), 90), bold=True)
    if caption:
        title += "<BR/>" + small(esc(cat.t("stack.step", command=caption), 110), theme.GREY)
    if stack.total_paths > len(stack.columns) and any(c.fold for c in stack.columns):
        shown = sum(1 for c in stack.columns if not c.fold)
        title += "<BR/>" + small(cat.t("stack.folded-paths", shown=str(shown), total=f"{stack.total_paths:,}"))
    return title


def _top_row(g: Graph, stack, cat: Catalog) -> None:
    """What the container sees: one header per column, left to right in path order."""
    head = [font(esc(cat.t("stack.sees", container=stack.container), 40), bold=True),
            small(cat.t("stack.sees.detail"))]
    g.node("l_top", label=HTML(table([tr(td(lines(*head)))], bgcolor="#FFFFFF", border=1, cellpadding=5)))
    order = ["l_top"] + [f"h{j}" for j in range(len(stack.columns))]
    for j in range(len(stack.columns)):
        g.node(f"h{j}", label=HTML(header_label(j, stack, cat, stack.story.marks_at(None, j))))
    g.same_rank(order)
    for a, b in zip(order, order[1:]):
        g.edge(a, b, style="invis")


def _rows(g: Graph, stack, cat: Catalog) -> set:
    """One rank per row: its label, then a cell per column (an invisible point for a gap
    below the seen version, nothing above it). Returns the cell states drawn."""
    states = set()
    for i, row in enumerate(stack.rows):
        label = table([tr(td(lines(*row_title(row, cat, stack)), align="left"))],
                      bgcolor=theme.ROW_FILL.get(row.kind, "#FFFFFF"), border=1, color=theme.GREY, cellpadding=5,
                      style="dashed" if not row.in_effect else None)
        g.node(f"l{i}", label=HTML(framed(label, stack.story.marks_at(i, None), cat)))
        ids = [f"l{i}"]
        for j in range(len(stack.columns)):
            node = f"r{i}c{j}"
            if _drawn(stack, i, j):
                cell = stack.cells[i][j]
                states.add(cell.state)
                g.node(node, label=HTML(cell_label(cell, stack, cat, stack.story.marks_at(i, j))))
                ids.append(node)
            elif stack.seen[j] is None or i > stack.seen[j]:
                g.node(node, shape="point", style="invis", width="0.01", height="0.01")
                ids.append(node)
        g.same_rank(ids)
    return states


def _chains(g: Graph, stack) -> None:
    """Vertical chains keep each column aligned; the seen version is linked to the top row
    by the first link of its chain (the rows above it hold nothing there: it runs straight)."""
    chain = ["l_top"] + [f"l{i}" for i in range(len(stack.rows))]
    for a, b in zip(chain, chain[1:]):
        g.edge(a, b, style="invis", weight="20")
    for j, seen in enumerate(stack.seen):
        chain = [f"h{j}"] + [f"r{i}c{j}" for i in range(len(stack.rows))
                             if seen is None or i >= seen or _drawn(stack, i, j)]
        for a, b in zip(chain, chain[1:]):
            if seen is not None and a == f"h{j}" and b == f"r{seen}c{j}":
                g.edge(a, b, dir="back", color=theme.LINK, penwidth="2", weight="20")
            else:
                g.edge(a, b, style="invis", weight="20")


def _arrows(g: Graph, stack, cat: Catalog) -> None:
    """The step's arrows: copy-up and populate between cells, EXDEV's copy between headers."""
    for a in stack.story.arrows:
        (si, sj), (di, dj) = a.src, a.dst
        text = HTML(font(wrapped(cat.t(a.msg_id, **a.kwargs()), 24), bold=True))
        if si is None:
            g.edge(f"h{sj}", f"h{dj}", color=theme.STORY, penwidth=str(theme.STORY_WIDTH), fontcolor=theme.STORY,
                   constraint=False, xlabel=text, tailport="n", headport="n")
        else:
            g.edge(f"r{si}c{sj}", f"r{di}c{dj}", color=theme.STORY, penwidth=str(theme.STORY_WIDTH),
                   fontcolor=theme.STORY, constraint=False, label=text, tailport="e", headport="e")


def stack_dot(stack, cat: Catalog | None = None, caption: str = "") -> str:
    """DOT source of the layer-stack diagram (deterministic: the same stack gives the same bytes)."""
    cat = cat or Catalog()
    g = Graph("stack", graph_attrs(_title(stack, cat, caption)), theme.NODE, theme.EDGE)
    _top_row(g, stack, cat)
    states = _rows(g, stack, cat)
    _chains(g, stack)
    _arrows(g, stack, cat)
    last = f"l{len(stack.rows) - 1}" if stack.rows else "l_top"
    g.node("legend", label=HTML(legend_label(cat, states)))
    g.edge(last, "legend", style="invis", weight="20")
    if stack.subject != "image":
        g.node("story", label=HTML(story_label(stack, cat)))
        g.edge(last, "story", style="invis")
        g.same_rank(["legend", "story"])
        g.edge("legend", "story", style="invis")
    return g.source()
