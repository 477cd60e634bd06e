"""A container's stack as data: rows (mounts, writable layer, image layers), columns (paths) and
one resolved cell per (row, column), with the story of the last step. Diagrams and their text
twins are drawn from this, so both always carry the same information."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.fs import paths
from simulator.fs import Dir
from simulator.render.columns import (MAX_COLUMNS, Counts, column_finder, nested_columns, path_key, plan_columns)
from simulator.render.index import CountTree, image_index, is_candidate
from simulator.render.resolve import (COUNT, EMPTY_CELL, HIDDEN, MERGED, SEEN, WHITEOUT, Cell, resolve_path, seen_row)
from simulator.render.rows import Row, container_rows, row_entries
from simulator.render.story import Story, build_story, container_events, event_paths

MAX_LAYER_ROWS = 8           # more image layers than this: the uninteresting ones fold
KEEP_LAYERS = 5              # ... keeping this many (the top one, the bottom one, those with versions)
MAX_MOUNT_ROWS = 6
# rows <= MAX_MOUNT_ROWS + 1 + (2 * KEEP_LAYERS + 1); with the top row and the labels:
MAX_NODES = (MAX_MOUNT_ROWS + 1 + 2 * KEEP_LAYERS + 1 + 1) * (MAX_COLUMNS + 1) + 3


@dataclass(frozen=True)
class Stack:
    container: str
    status: str
    image: str
    rows: tuple                # Row, top first
    columns: tuple             # Column, in path order
    cells: tuple               # cells[row][col]
    seen: tuple                # seen[col]: the row whose version the container sees, or None
    story: Story = field(default_factory=Story)
    events: tuple = ()         # this container's events of the step (as the engine gave them)
    total_paths: int = 0       # paths worth a column before folding
    has_engine: bool = True
    subject: str = "container"  # or "image": an image's layers seen by a container that changed nothing

    def column_of(self, path: str):
        return column_finder(list(self.columns))(path)


class _RowCounts:
    """Candidates one small row (writable layer, mount) holds, counted below each folder."""

    def __init__(self, entries, cands):
        self.held, self.below = set(), {}
        for p, _ in entries:
            if p in cands:
                self.held.add(p)
                q = p
                while q != "/":
                    q = paths.parent(q)
                    self.below[q] = self.below.get(q, 0) + 1


def _own_entries(rows, container):
    """(row index, entries) of the rows that are not image layers: few entries, listed."""
    return {i: list(row_entries(r, container)) for i, r in enumerate(rows) if r.kind != "layer"}


def _extra_tree(own, index, event_ps, mount_targets) -> CountTree:
    """The container's own candidates that the image does not already have."""
    extra = CountTree()
    base = index.tree.cands
    parents = {paths.parent(p) for entries in own.values() for p, _ in entries}
    for entries in own.values():
        for p, e in entries:
            if p != "/" and p not in base and is_candidate(e, p in parents or p in index.parents):
                extra.add(p)
    for p in event_ps:
        if p not in base:
            extra.add(p)
    for t in mount_targets:
        if t not in base and not extra.below.get(t) and not index.tree.below.get(t):
            extra.add(t)
    return extra


def _important(event_ps, rows, own, index) -> list[str]:
    """Paths to show apart when folding, most important first."""
    order = list(event_ps)
    order += sorted((r.target for r in rows if r.kind == "mount"), key=path_key)
    for i, entries in own.items():
        if rows[i].kind == "upper":
            order += [p for p, e in entries if type(e) is not Dir or e.opaque]
    order += index.overrides + index.markers
    return list(dict.fromkeys(order))


def _fold_cells(rows, columns, own, index, cands, image_layers):
    """cells_by_col[j] for the folded columns: how many entries each row holds there."""
    counters = {i: _RowCounts(entries, cands) for i, entries in own.items()}

    def held(i, p):
        if p not in cands:
            return 0
        r = rows[i]
        if r.kind == "layer":
            return 1 if p in image_layers[r.layers[0]].entries else 0
        return 1 if p in counters[i].held else 0

    def below(i, d):
        r = rows[i]
        if r.kind == "layer":
            return index.layer_count(d, r.layers[0])
        return counters[i].below.get(d, 0)

    singles = {c.path for c in columns if not c.fold}
    out = {}
    for j, c in enumerate(columns):
        if not c.fold:
            continue
        nested = nested_columns(columns, j)
        col = []
        for i in range(len(rows)):
            n = below(i, c.path) + (held(i, c.path) if c.path not in singles else 0)
            for k in nested:
                y = columns[k]
                n -= held(i, y.path) + (below(i, y.path) if y.fold else 0)
            col.append(Cell(COUNT, count=n) if n > 0 else EMPTY_CELL)
        out[j] = col
    return out


def _fold_layers(rows, cells, image_name, priority_cols):
    """Fold runs of image layers that hold nothing in the path columns, keeping at most
    KEEP_LAYERS layers: returns the new rows and cells."""
    layer_rows = [i for i, r in enumerate(rows) if r.kind == "layer"]
    if len(layer_rows) <= MAX_LAYER_ROWS:
        return rows, cells
    keep = [layer_rows[0], layer_rows[-1]]
    for j in priority_cols:
        for i in layer_rows:
            if len(keep) >= KEEP_LAYERS:
                break
            cell = cells[i][j]
            if cell.state in (SEEN, HIDDEN, WHITEOUT) and type(cell.entry) is not Dir and i not in keep:
                keep.append(i)
    new_rows, new_cells, run = [], [], []

    def flush():
        if not run:
            return
        idx = sorted(j for i in run for j in rows[i].layers)
        label = f"{image_name}@{idx[0]}..{image_name}@{idx[-1]}" if len(idx) > 1 else rows[run[0]].label
        new_rows.append(Row(f"L{idx[0]}-{idx[-1]}", "folded", label, lambda p: None, layers=tuple(idx),
                            size=sum(rows[i].size for i in run)))
        new_cells.append(tuple(_merge_cells([cells[i][j] for i in run], [rows[i].label for i in run])
                               for j in range(len(cells[run[0]]))))
        run.clear()

    for i, r in enumerate(rows):
        if r.kind == "layer" and i not in keep:
            run.append(i)
            continue
        flush()
        new_rows.append(r)
        new_cells.append(cells[i])
    flush()
    return new_rows, new_cells


def _merge_cells(cells, labels) -> Cell:
    for state in (SEEN, WHITEOUT, MERGED, HIDDEN):
        for c, label in zip(cells, labels):
            if c.state == state:
                return Cell(c.state, c.entry, c.reason, note=label)
    total = sum(c.count for c in cells)
    return Cell(COUNT, count=total) if total else EMPTY_CELL


def build_stack(container, engine=None, events=(), limit: int = MAX_COLUMNS, subject: str = "container") -> Stack:
    """The stack of `container` now; `events` are the last step's (any container's)."""
    rows = container_rows(container, engine)
    if subject == "image":
        rows = [r for r in rows if r.kind != "upper"]
    mounts = [r for r in rows if r.kind == "mount"]
    if len(mounts) > MAX_MOUNT_ROWS:
        keep = set(id(r) for r in mounts[:MAX_MOUNT_ROWS])
        rows = [r for r in rows if r.kind != "mount" or id(r) in keep]
    originals, mine = container_events(events, container)
    layers = tuple(container.image.layers)
    index = image_index(layers)
    own = _own_entries(rows, container)
    event_ps = [p for p in event_paths(mine) if p != "/"]
    mount_targets = [r.target for r in rows if r.kind == "mount"]
    extra = _extra_tree(own, index, event_ps, mount_targets)
    counts = Counts(index.tree, extra)
    total = counts.total()
    important = _important(event_ps, rows, own, index)
    columns = plan_columns(counts, important, limit)
    folded = _fold_cells(rows, columns, own, index, _Cands(index.tree.cands, extra.cands), layers) \
        if any(c.fold for c in columns) else {}
    by_col = [folded[j] if c.fold else resolve_path(rows, c.path) for j, c in enumerate(columns)]
    cells = [tuple(by_col[j][i] for j in range(len(columns))) for i in range(len(rows))]
    order = {p: k for k, p in enumerate(important)}
    priority = sorted((j for j, c in enumerate(columns) if not c.fold),
                      key=lambda j: order.get(columns[j].path, len(order)))
    rows, cells = _fold_layers(rows, cells, container.image.name, priority)
    seen = tuple(seen_row([cells[i][j] for i in range(len(rows))]) for j in range(len(columns)))
    story = build_story(mine, rows, columns, cells, column_finder(columns))
    return Stack(container.name, container.status, container.image.name, tuple(rows), tuple(columns),
                 tuple(cells), seen, story, tuple(originals), total, engine is not None, subject)


class _Cands:
    """Membership in the image's or the container's candidates, without copying either set."""

    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    def __contains__(self, p) -> bool:
        return p in self.a or p in self.b
