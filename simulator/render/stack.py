"""A container's stack as data: rows (mounts, writable layer, image layers), columns (paths) and
one resolved cell per (row, column), with the story of the last step. Diagrams and their text
twins are drawn from this, so both always carry the same information."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import GeneratorType

from .. import paths
from ..entries import Dir
from .columns import MAX_COLUMNS, Column, candidate_paths, column_finder, path_key, plan_columns
from .resolve import COUNT, EMPTY_CELL, HIDDEN, MERGED, SEEN, WHITEOUT, Cell, resolve_path, seen_row
from .rows import Row, container_rows, row_entries
from .story import Story, build_story, container_events, event_paths

MAX_LAYER_ROWS = 8           # more image layers than this: the uninteresting ones fold
KEEP_LAYERS = 5              # ... keeping this many (the top one, the bottom one, those with versions)
# rows <= mounts shown + 1 + 2*KEEP_LAYERS+1; nodes <= (rows + 1) * (MAX_COLUMNS + 1) + a legend
MAX_MOUNT_ROWS = 6


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
    events: tuple = ()         # this container's events of the step
    total_paths: int = 0       # paths worth a column before folding
    has_engine: bool = True

    def column_of(self, path: str):
        find = column_finder(list(self.columns))
        return find(path)


def _important(event_ps, rows, entries_per_row, holders) -> list[str]:
    """Paths to show apart when folding, most important first."""
    order = list(event_ps)
    order += sorted((r.target for r in rows if r.kind == "mount"), key=path_key)
    for r, entries in zip(rows, entries_per_row):
        if r.kind == "upper":
            order += [p for p, e in entries if type(e) is not Dir or e.opaque]
    order += sorted((p for p, n in holders.items() if n > 1 and p != "/"), key=path_key)
    for r, entries in zip(rows, entries_per_row):
        if r.kind == "layer":
            order += [p for p, e in entries if e.kind == "whiteout" or (type(e) is Dir and e.opaque)]
    return list(dict.fromkeys(order))


def _fold_counts(rows, entries_per_row, columns, cand):
    """counts[row][col] of candidate paths under each folded column."""
    find = column_finder(columns)
    folded = {j for j, c in enumerate(columns) if c.fold}
    counts = []
    for entries in entries_per_row:
        row_counts = {}
        if folded:
            for p, e in entries:
                if p in cand:
                    j = find(p)
                    if j in folded:
                        row_counts[j] = row_counts.get(j, 0) + 1
        counts.append(row_counts)
    return counts


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
            if cells[i][j].state != "empty" and i not in keep:
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


def build_stack(container, engine=None, events=(), limit: int = MAX_COLUMNS) -> Stack:
    """The stack of `container` now; `events` are the last step's (any container's)."""
    rows = container_rows(container, engine)
    mounts = [r for r in rows if r.kind == "mount"]
    if len(mounts) > MAX_MOUNT_ROWS:
        keep = set(id(r) for r in mounts[:MAX_MOUNT_ROWS])
        rows = [r for r in rows if r.kind != "mount" or id(r) in keep]
    mine = container_events(events, container)
    entries_per_row = []
    for r in rows:
        e = row_entries(r, container)
        entries_per_row.append(list(e) if isinstance(e, GeneratorType) else e)
    candidates, holders = candidate_paths(entries_per_row)
    total = len(candidates)
    event_ps = [p for p in event_paths(mine) if p != "/"]
    extra = event_ps + [r.target for r in rows if r.kind == "mount" and r.target not in holders]
    if extra:
        candidates = sorted(set(candidates) | set(extra), key=path_key)
        total = len(candidates)
    cand = set(candidates) if len(candidates) > limit else None
    important = _important(event_ps, rows, entries_per_row, holders)
    columns = plan_columns(candidates, important, limit)
    counts = _fold_counts(rows, entries_per_row, columns, cand) if cand is not None else [{} for _ in rows]
    by_col = []
    for j, c in enumerate(columns):
        if c.fold:
            by_col.append([Cell(COUNT, count=counts[i].get(j, 0)) if counts[i].get(j) else EMPTY_CELL
                           for i in range(len(rows))])
        else:
            by_col.append(resolve_path(rows, c.path))
    cells = [tuple(by_col[j][i] for j in range(len(columns))) for i in range(len(rows))]
    order = {p: k for k, p in enumerate(important)}
    priority = sorted((j for j, c in enumerate(columns) if not c.fold),
                      key=lambda j: order.get(columns[j].path, len(order)))
    rows, cells = _fold_layers(rows, cells, container.image.name, priority)
    seen = tuple(seen_row([cells[i][j] for i in range(len(rows))]) for j in range(len(columns)))
    find = column_finder(columns)
    story = build_story(mine, rows, columns, cells, find)
    return Stack(container.name, container.status, container.image.name, tuple(rows), tuple(columns),
                 tuple(cells), seen, story, tuple(mine), total, engine is not None)
