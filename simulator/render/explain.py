""""Why do I see this?": for one path of a container, which layer or mount answered and why every
other version was passed over, as sentences from the message catalog."""
from __future__ import annotations

from simulator.fs import paths
from simulator.errors import FsError
from simulator.messages import Catalog
from simulator.render.escape import plain
from simulator.render.resolve import EMPTY, HIDDEN, MERGED, SEEN, WHITEOUT, resolve_path, seen_row
from simulator.render.rows import container_rows
from simulator.render.summary import place_name, preview


def row_words(row, cat: Catalog) -> str:
    if row.kind == "mount":
        return cat.t("why.row.mount", label=plain(place_name(row.label)), target=plain(row.target))
    if row.kind == "upper":
        return cat.t("why.row.upper")
    return cat.t("why.row.layer", label=plain(row.label), created_by=plain(row.created_by, 60) or "-")


def _reason(cell, cat: Catalog) -> str:
    msg_id, fields = cell.reason
    words = {k: (cat.t("why.row.upper") if v == "upper" else plain(place_name(v))) if k == "row" else plain(v)
             for k, v in fields.items()}
    return cat.t(msg_id, **words)


def _resolved(engine, container, path: str) -> str:
    """The path with symlinks in its parents followed, as the kernel would (the last
    component is not followed: a symlink is itself what is seen)."""
    if engine is None:
        return path
    try:
        real, _, _ = engine.namespace(container).resolve(path, follow=False)
    except FsError:
        return path
    return real


def explain(engine, container, path: str, cat: Catalog | None = None) -> list[str]:
    """Sentences explaining what `container` sees at `path` (absolute)."""
    cat = cat or Catalog()
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"explain needs an absolute path, not {path!r}")
    path = paths.normalise(path)
    out = []
    real = _resolved(engine, container, path)
    if real != path:
        out.append(cat.t("why.symlink", path=plain(path), resolved=plain(real)))
        path = real
    rows = container_rows(container, engine)
    cells = resolve_path(rows, path)
    i = seen_row(cells)
    who, shown = plain(container.name), plain(path)
    if i is None:
        any_version = any(c.state != EMPTY for c in cells)
        out.append(cat.t("why.not-seen" if any_version else "why.not-seen.none", path=shown, container=who))
    elif cells[i].state == SEEN and cells[i].entry.kind == "dir" and any(c.state == MERGED for c in cells):
        merged = ", ".join(row_words(rows[k], cat) for k, c in enumerate(cells) if c.state == MERGED)
        out.append(cat.t("why.seen.dir", path=shown, container=who, row=row_words(rows[i], cat), rows=merged))
    else:
        what = cat.t("why.what.content", what=preview(cells[i].entry, 40, cat))
        out.append(cat.t("why.seen", path=shown, container=who, row=row_words(rows[i], cat), what=what))
    for k, c in enumerate(cells):
        if c.state == HIDDEN:
            out.append(cat.t("why.passed", row=row_words(rows[k], cat), what=preview(c.entry, 40, cat),
                             reason=_reason(c, cat)))
        elif c.state == WHITEOUT:
            out.append(cat.t("why.whiteout", row=row_words(rows[k], cat)))
    empty = [plain(place_name(r.label)) for r, c in zip(rows, cells) if c.state == EMPTY]
    if empty:
        out.append(cat.t("why.empty", rows=", ".join(empty)))
    return out
