"""The text twin of the layer-stack diagram: the same rows, paths, versions, marks and story as an
aligned Markdown table (paths as rows, since cell text is long and layers are few), for
terminals, screen readers and stable notebook outputs."""
from __future__ import annotations

from simulator.messages import Catalog
from simulator.render.escape import plain, shorten
from simulator.render.narrate import narrate_all
from simulator.render.stackdot import stack_title
from simulator.render.resolve import COUNT, EMPTY, HIDDEN, MERGED, SEEN, WHITEOUT
from simulator.render.summary import details, human_size, place_name, preview, short_volume

CELL_TEXT = 22
PATH_TEXT = 64


def md(text: str) -> str:
    """A table cell's text: one line, with Markdown's column separator escaped."""
    return plain(text).replace("|", "\\|")


def row_line(row, cat: Catalog, status: str) -> str:
    if row.kind == "mount":
        kind, _, src = row.label.partition(":")
        name = (cat.t("row.mount.volume", name=short_volume(src)) if kind == "volume" else
                cat.t("row.mount.bind", path=src) if kind == "bind" else cat.t("row.mount.tmpfs"))
        mode = cat.t("row.mount.ro" if row.read_only else "row.mount.rw")
        parts = [name, cat.t("row.mount.at", target=row.target, mode=mode)]
        if not row.in_effect:
            parts.append(cat.t("row.mount.inactive", status=cat.t("status." + status)))
        if row.users:
            parts.append(cat.t("row.mount.shared", names=", ".join(row.users)))
    elif row.kind == "upper":
        parts = [cat.t("row.upper"), cat.t("row.upper.detail", count=row.entries)]
        if row.read_only:
            parts.append(cat.t("row.upper.ro"))
    elif row.kind == "folded":
        parts = [cat.t("row.folded", count=len(row.layers)), cat.t("row.folded.detail", size=human_size(row.size))]
    else:
        parts = [row.created_by, human_size(row.size)] if row.created_by else [human_size(row.size)]
    return f"{plain(place_name(row.label))}: " + "; ".join(plain(p) for p in parts)


def _fields(fields: dict) -> dict:
    return {k: (plain(place_name(v)) if k in ("row", "place") and isinstance(v, str) else v)
            for k, v in fields.items()}


def cell_text(stack, i, j, cat: Catalog) -> str:
    cell = stack.cells[i][j]
    marks = stack.story.marks_at(i, j)
    parts = []
    if cell.state == COUNT:
        parts.append(cat.t("cell.count", count=cell.count))
    elif cell.state != EMPTY:
        parts.append(preview(cell.entry, CELL_TEXT, cat))
        extra = details(cell.entry)
        if extra:
            parts.append(extra)
        if cell.note:
            parts.append(cat.t("cell.in", layer=cell.note))
        if cell.state == SEEN:
            parts.append("[" + cat.t("cell.seen") + "]")
        elif cell.state == MERGED:
            parts.append("[" + cat.t("cell.merged") + "]")
        elif cell.state == WHITEOUT:
            parts.append("[" + cat.t("cell.whiteout") + "]")
        elif cell.state == HIDDEN:
            msg_id, fields = cell.reason
            parts.append("[" + cat.t(msg_id, **_fields(fields)) + "]")
    for a in stack.story.arrows:
        if a.dst == (i, j) and a.src[0] is not None:
            src = stack.rows[a.src[0]].label
            parts.append(cat.t("text.arrow", what=cat.t(a.msg_id, **a.kwargs()), row=place_name(src)))
    if marks:
        parts.append("; ".join(cat.t(m.msg_id, **_fields(m.kwargs())) for m in marks))
    return md(" ".join(parts)) if parts else cat.t("text.none")


def header_text(stack, j, cat: Catalog) -> tuple[str, str]:
    """(the path column's text, the 'sees' column's text)."""
    col = stack.columns[j]
    marks = [cat.t(m.msg_id, **_fields(m.kwargs())) for m in stack.story.marks_at(None, j)]
    if col.fold:
        if col.rest:
            name = cat.t("text.folded.rest", path=col.path.rstrip("/") or "", folders=f"{col.folders:,}",
                         count=col.count)
        else:
            name = cat.t("text.folded", path=col.path.rstrip("/") or "", count=col.count)
        sees = ""
    else:
        name = shorten(plain(col.path), PATH_TEXT)
        i = stack.seen[j]
        if i is None:
            sees = cat.t("header.not-seen")
        else:
            cell = stack.cells[i][j]
            sees = preview(cell.entry, CELL_TEXT, cat) + " " + cat.t(
                "header.from", row=place_name(cell.note or stack.rows[i].label))
    for a in stack.story.arrows:
        if a.src[0] is None and a.dst == (None, j):
            marks.append(cat.t("text.arrow", what=cat.t(a.msg_id, **a.kwargs()),
                               row=stack.columns[a.src[1]].path))
    if marks:
        sees = (sees + " " if sees else "") + "; ".join(marks)
    return md(name), md(sees)


def table(headers: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in [headers] + body) for k in range(len(headers))]
    fmt = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return [fmt(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [fmt(r) for r in body]


def stack_text(stack, cat: Catalog | None = None, caption: str = "", story: bool = True) -> str:
    """The text twin of `stack_dot(stack)`: the same information, as lines of text."""
    cat = cat or Catalog()
    out = [plain(stack_title(stack, cat))]
    if caption:
        out.append(plain(cat.t("stack.step", command=caption)))
    if any(c.fold for c in stack.columns):
        shown = sum(1 for c in stack.columns if not c.fold)
        out.append(cat.t("stack.folded-paths", shown=str(shown), total=f"{stack.total_paths:,}"))
    out += ["", cat.t("text.rows")]
    out += ["  " + row_line(r, cat, stack.status) for r in stack.rows]
    out.append("")
    headers = [cat.t("text.path"), cat.t("text.sees", container=plain(stack.container))]
    headers += [md(place_name(r.label)) for r in stack.rows]
    body = []
    for j in range(len(stack.columns)):
        name, sees = header_text(stack, j, cat)
        body.append([name, sees] + [cell_text(stack, i, j, cat) for i in range(len(stack.rows))])
    out += table(headers, body)
    for i, r in enumerate(stack.rows):
        for m in stack.story.marks_at(i, None):
            out.append(f"{plain(place_name(r.label))}: {cat.t(m.msg_id, **_fields(m.kwargs()))}")
    if stack.subject == "image" or not story:
        return "\n".join(out + ["", cat.t("text.key")] if story else out) + "\n"
    out += ["", cat.t("text.story")]
    sentences = narrate_all(list(stack.events), cat)
    if not sentences:
        sentences = [cat.t("stack.story.none", container=plain(stack.container))]
    out += ["- " + plain(s) for s in sentences]
    out += ["", cat.t("text.key")]
    return "\n".join(out) + "\n"

