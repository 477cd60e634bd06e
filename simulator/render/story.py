"""The story of one step on a container's stack: which cells its events changed, and the arrows
(copy-up, volume populated from the image) to draw. Read from the events; nothing re-derived."""
from __future__ import annotations

from dataclasses import dataclass

from simulator.fs import paths
from simulator.render.summary import human_size, place_name

MAX_POPULATE_ARROWS = 4
MAX_OBSCURE_MARKS = 6


@dataclass(frozen=True)
class Mark:
    row: int | None            # None: the column header (the container's view)
    col: int | None            # None: the row's label
    msg_id: str
    fields: tuple = ()         # (name, value) pairs, for the catalog

    def kwargs(self) -> dict:
        return dict(self.fields)


@dataclass(frozen=True)
class Arrow:
    src: tuple                 # (row, col)
    dst: tuple
    msg_id: str
    fields: tuple = ()

    def kwargs(self) -> dict:
        return dict(self.fields)


@dataclass(frozen=True)
class Story:
    marks: tuple = ()
    arrows: tuple = ()

    def marks_at(self, row, col) -> list[Mark]:
        return [m for m in self.marks if m.row == row and m.col == col]


def container_events(events, container) -> tuple[list[dict], list[dict]]:
    """(the events about this container, the same with host events on its bind sources
    rewritten to the container's path: an edit on the host shows up in the container)."""
    out, originals = [], []
    binds = [(m.host_path, m.path) for m in container.mounts if m.type == "bind"]
    for e in events:
        if e.get("container") == container.name:
            out.append(e)
            originals.append(e)
        elif e.get("host") and "path" in e:
            for host_path, target in binds:
                if paths.is_within(e["path"], host_path):
                    out.append({**e, "path": paths.rebase(e["path"], host_path, target),
                                "where": "bind:" + host_path})
                    originals.append(e)
                    break
        elif e.get("type") in ("volume-create", "volume-remove") and any(
                m.type == "volume" and m.name == e.get("volume") for m in container.mounts):
            out.append(e)
            originals.append(e)
    return originals, out


# events that alone do not earn a path its own column (mv's copy makes dozens of them);
# the path still gets one if it holds a file, a whiteout, ... (see columns.candidate_paths)
MINOR_EVENTS = {"mkdir", "chmod", "chown", "touch", "volume-use", "mount", "unmount", "populate", "obscure"}


def event_paths(events) -> list[str]:
    """Paths the events name, in event order, without repeats."""
    seen = {}
    for e in events:
        if e.get("type") in MINOR_EVENTS:
            continue
        for key in ("path", "to"):
            p = e.get(key)
            if isinstance(p, str) and p.startswith("/"):
                seen.setdefault(p, None)
    return list(seen)


class _Where:
    """Find the row of a `from`/`where` label and the column of a path."""

    def __init__(self, rows, find_column):
        self.rows, self.find = rows, find_column

    def layer(self, label: str):
        name, _, index = label.rpartition("@")
        if not index.isdigit():
            return None
        for i, r in enumerate(self.rows):
            if r.kind in ("layer", "folded") and int(index) in r.layers:
                return i
        return None

    def place(self, where: str, path: str):
        if where == "upper":
            return next(i for i, r in enumerate(self.rows) if r.kind == "upper")
        for i, r in enumerate(self.rows):
            if r.kind == "mount" and r.label == where and paths.is_within(path, r.target):
                return i
        for i, r in enumerate(self.rows):
            if r.kind == "mount" and r.label == where:
                return i
        return None

    def mount_row(self, label: str, target: str):
        for i, r in enumerate(self.rows):
            if r.kind == "mount" and r.label == label and r.target == target:
                return i
        return self.place(label, target)


WHERE_MARKS = {"write": "story.write", "create": "story.create", "mkdir": "story.mkdir",
               "chmod": "story.chmod", "chown": "story.chown", "touch": "story.touch",
               "truncate": "story.truncate", "hard-link": "story.hard-link"}


def build_story(events, rows, columns, cells, find_column) -> Story:
    """Marks and arrows for the events of one step (already filtered to this container)."""
    where = _Where(rows, find_column)
    marks: dict = {}
    arrows: dict = {}

    def mark(row, col, msg_id, _label=False, **fields):
        if col is None and not _label:
            return          # a path without a column of its own: the narration tells it
        if row is None and col is None or col is not None and row is not None and cells[row][col].state == "empty":
            return          # the step's end state has nothing there (a whiteout replaced by its parent's)
        # a later mark of the same kind replaces an earlier one: the last error is the outcome
        marks.pop((row, col, msg_id), None)
        marks[(row, col, msg_id)] = Mark(row, col, msg_id, tuple(sorted(fields.items())))

    for e in events:
        kind, path = e.get("type"), e.get("path", "")
        col = find_column(path) if path else None
        if kind == "copy-up":
            src, dst = where.layer(e.get("from", "")), where.place("upper", path)
            if col is not None and src is not None and dst is not None and cells[dst][col].state != "empty":
                size = human_size(e["bytes"]) if "bytes" in e else ""
                msg = "story.copy-up" if size else "story.copy-up.dir"
                arrows.setdefault((src, dst, col), Arrow((src, col), (dst, col), msg,
                                                         (("size", size),) if size else ()))
                mark(dst, col, "story.copied-up")
        elif kind == "whiteout":
            mark(where.place("upper", path), col, "story.whiteout")
        elif kind == "link-broken":
            mark(where.place("upper", path), col, "story.link-broken")
        elif kind == "opaque":
            mark(where.place("upper", path), col, "story.opaque")
        elif kind in WHERE_MARKS:
            mark(where.place(e.get("where", "upper"), path), col, WHERE_MARKS[kind])
        elif kind == "delete":
            mark(None, col, "story.delete", place=place_name(e.get("where", "")))
        elif kind == "rename":
            mark(None, col, "story.rename-from", to=e.get("to", ""))
            to_col = find_column(e.get("to", ""))
            mark(where.place(e.get("where", "upper"), e.get("to", "")), to_col, "story.rename-to")
        elif kind == "populate":
            _populate(e, where, columns, cells, rows, arrows, mark)
        elif kind == "obscure":
            _obscure(e, rows, columns, cells, mark)
        elif kind == "mount":
            mark(where.mount_row(e.get("source", ""), path), None, "story.mounted", True)
        elif kind == "unmount":
            mark(where.mount_row(e.get("source", ""), path), None,
                 "story.unmounted.discarded" if e.get("discarded") else "story.unmounted", True)
        elif kind in ("volume-create", "volume-remove"):
            i = next((i for i, r in enumerate(rows) if r.label == "volume:" + e.get("volume", "")), None)
            mark(i, None, "story." + kind, True)
        elif kind == "exdev":
            mark(None, col, "story.exdev")
            to_col = find_column(e.get("to", ""))
            if col is not None and to_col is not None and to_col != col:
                arrows.setdefault((None, None, col), Arrow((None, col), (None, to_col), "story.exdev-copy"))
        elif kind == "error":
            mark(None, col, "story.error", errno=e.get("errno", ""))
    return Story(_trim(marks.values()), tuple(arrows.values()))


# badges by importance; a cell shows at most MAX_BADGES, and metadata changes only when
# nothing bigger happened to it
RANK = ["story.copied-up", "story.link-broken", "story.whiteout", "story.opaque", "story.exdev", "story.error",
        "story.create", "story.hard-link",
        "story.mkdir", "story.rename-to", "story.rename-from", "story.delete", "story.write", "story.truncate",
        "story.chmod", "story.chown", "story.touch"]
MINOR = {"story.chmod", "story.chown", "story.touch", "story.write"}
MAJOR_NEW = {"story.create", "story.mkdir", "story.rename-to"}
MAX_BADGES = 2


def _trim(marks) -> tuple:
    by_place: dict = {}
    for m in marks:
        by_place.setdefault((m.row, m.col), []).append(m)
    out = []
    for place, ms in by_place.items():
        ids = {m.msg_id for m in ms}
        if ids & MAJOR_NEW:
            ms = [m for m in ms if m.msg_id not in MINOR]
        ms.sort(key=lambda m: RANK.index(m.msg_id) if m.msg_id in RANK else len(RANK))
        out.extend(ms[:MAX_BADGES])
    return tuple(out)


def _populate(e, where, columns, cells, rows, arrows, mark):
    target = e.get("path", "")
    dst_row = where.mount_row("volume:" + e.get("volume", ""), target)
    if dst_row is None:
        return
    mark(dst_row, None, "story.populated", True, count=int(e.get("entries", 0)))
    drawn = 0
    for j, c in enumerate(columns):
        if drawn >= MAX_POPULATE_ARROWS or not paths.is_within(c.path, target) or c.path == target:
            continue
        src = next((i for i, r in enumerate(rows) if r.kind in ("upper", "layer", "folded")
                    and cells[i][j].entry is not None and cells[i][j].state != "whiteout"), None)
        if src is not None and cells[dst_row][j].entry is not None:
            arrows.setdefault((src, dst_row, j), Arrow((src, j), (dst_row, j), "story.populate"))
            drawn += 1


def _obscure(e, rows, columns, cells, mark):
    target = e.get("path", "")
    done = 0
    for j, c in enumerate(columns):
        if not paths.is_within(c.path, target) or c.path == target:
            continue
        for i, r in enumerate(rows):
            cell = cells[i][j]
            if r.kind != "mount" and cell.state == "hidden" and cell.reason and cell.reason[0] == "reason.mount" \
                    and done < MAX_OBSCURE_MARKS:
                mark(i, j, "story.obscured")
                done += 1
