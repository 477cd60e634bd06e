"""Which row answers for a path, and why every other version is passed over (overlayfs and mount rules).

Rows are read top first, as the kernel does: a mount covering the path answers and hides
everything below it; otherwise the first version wins; a whiteout hides the versions
below it; directories merge unless the upper one is opaque; a whiteout, an opaque
directory or a file at a parent path hides everything the rows below hold under it.
"""
from __future__ import annotations

from dataclasses import dataclass

from simulator.fs import paths
from simulator.fs import Dir, Whiteout

SEEN, MERGED, HIDDEN, WHITEOUT, EMPTY, COUNT = "seen", "merged", "hidden", "whiteout", "empty", "count"


@dataclass(frozen=True)
class Cell:
    state: str                     # seen | merged | hidden | whiteout | empty | count
    entry: object = None
    reason: tuple = ()             # hidden: (message id, fields) saying what hides it
    count: int = 0                 # folded columns: how many paths this row holds there
    note: str = ""                 # folded rows: which layer of the run holds the version


EMPTY_CELL = Cell(EMPTY)


def _parent_block(row, path: str):
    """A marker at a parent path in this row that hides what rows below hold at `path`."""
    for q in paths.prefixes(paths.parent(path)):
        e = row.lookup(q)
        if e is None:
            continue
        if type(e) is Whiteout:
            return ("reason.parent-deleted", {"row": row.label, "dir": q})
        if type(e) is not Dir:
            return ("reason.parent-not-dir", {"row": row.label, "dir": q})
        if e.opaque:
            return ("reason.opaque", {"row": row.label, "dir": q})
    return None


def resolve_path(rows, path: str) -> list[Cell]:
    """One Cell per row (top first) for `path`."""
    cells = []
    blocked = None                 # (message id, fields): hides every version in the rows below
    seen_dir = None                # the row label of the seen version, once one is seen (a directory)
    for row in rows:
        entry = row.lookup(path) if row.in_effect else None
        if entry is None:
            cells.append(EMPTY_CELL)
        elif blocked is not None:
            cells.append(Cell(HIDDEN, entry, blocked))
        elif type(entry) is Whiteout:
            cells.append(Cell(WHITEOUT, entry))
            blocked = ("reason.whiteout", {"row": row.label})
        elif seen_dir is None:
            cells.append(Cell(SEEN, entry))
            if row.covers(path):
                blocked = ("reason.mount", {"row": row.label, "target": row.target})
            elif type(entry) is not Dir:
                blocked = ("reason.covered", {"row": row.label})
            elif entry.opaque:
                blocked = ("reason.opaque-here", {"row": row.label})
            seen_dir = row.label
        elif type(entry) is Dir:
            # below a seen directory: directories merge into it, unless this one is opaque
            cells.append(Cell(MERGED, entry))
            if entry.opaque:
                blocked = ("reason.opaque-here", {"row": row.label})
        else:
            blocked = ("reason.replaced-by-dir", {"row": seen_dir})
            cells.append(Cell(HIDDEN, entry, blocked))
        if blocked is None:
            if row.covers(path):
                blocked = ("reason.mount", {"row": row.label, "target": row.target})
            elif row.in_effect and row.kind != "mount":
                blocked = _parent_block(row, path)
    return cells


def seen_row(cells) -> int | None:
    for i, c in enumerate(cells):
        if c.state == SEEN:
            return i
    return None
