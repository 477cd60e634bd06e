"""Explore an image as dive does, and beyond: what each layer adds, changes and deletes, the
space wasted on files a later layer overwrote or deleted, dive's efficiency score, and "why is
this file in my image?" for one path.

Dive's rules (wagoodman/dive, image/efficiency.go), kept: every path that is a leaf of a
layer's tree (a file, a symbolic link, an empty directory, a whiteout) is counted in each layer
that has it, with its size (a whiteout of a directory counts the size of everything it hid, a
whiteout of a file 0);
a path met in two layers or more is an inefficiency, and the space it wastes is the sum of its
sizes in all of them (dive's "potential wasted space"); the efficiency score is the sum, over
all paths, of the smallest size seen divided by the sum of all sizes seen (1.0: nothing was
stored twice).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.fs import paths
from simulator.fs import ImageView


@dataclass
class LayerChange:
    index: int
    created_by: str
    size: int
    added: list = field(default_factory=list)      # paths new in this layer
    changed: list = field(default_factory=list)    # paths a lower layer had: replaced (or copied up)
    deleted: list = field(default_factory=list)    # paths this layer's whiteouts and opaque dirs hide


@dataclass
class Inefficiency:
    path: str
    cumulative: int            # bytes, summed over every layer that has the path
    layers: list               # their indexes


@dataclass
class Exploration:
    layers: list               # LayerChange, bottom first
    total: int                 # bytes of all layers
    wasted: int                # dive's potential wasted space
    efficiency: float          # dive's score, 0..1
    inefficiencies: list       # Inefficiency, most wasted first
    user_wasted_percent: float # wasted / (total - bottom layer), as dive shows it


def _size(e) -> int:
    if e.kind == "file":
        return e.size
    if e.kind == "symlink":
        return len(e.target.encode())
    return 0


def _below_size(view: ImageView, path: str) -> int:
    """What dive counts for a whiteout: everything below a deleted directory (a deleted file: 0)."""
    e = view.get(path)
    if e is None or e.kind != "dir":
        return 0
    total, stack = 0, [path]
    while stack:
        d = stack.pop()
        for name in view.children.get(d, ()):
            p = paths.join(d, name)
            child = view.get(p)
            total += _size(child) if child is not None else 0
            if child is not None and child.kind == "dir":
                stack.append(p)
    return total


def explore(image, history: list[dict] | None = None) -> Exploration:
    rows = [h["created_by"] for h in (history or []) if not h.get("empty_layer")]
    view = ImageView([])
    changes, seen = [], {}
    for i, layer in enumerate(image.layers):
        created_by = rows[i] if i < len(rows) else layer.created_by
        ch = LayerChange(i, created_by, layer.size)
        for path in sorted(layer.entries):
            e = layer.entries[path]
            below = view.get(path)
            if e.kind == "whiteout":
                if below is not None:
                    ch.deleted.append(path)
            elif e.kind == "dir":
                if e.opaque and view.children.get(path):
                    ch.deleted.extend(paths.join(path, n) for n in sorted(view.children[path]))
                if below is None:
                    ch.added.append(path)
            elif below is None:
                ch.added.append(path)
            else:
                ch.changed.append(path)
            leaf = e.kind != "dir" or not layer.children.get(path)
            if leaf:
                size = _below_size(view, path) if e.kind == "whiteout" else _size(e)
                data = seen.setdefault(path, [0, None, []])
                data[0] += size
                data[1] = size if data[1] is None else min(data[1], size)
                data[2].append(i)
        changes.append(ch)
        view.add(layer)
    total = sum(layer.size for layer in image.layers)
    ineff = [Inefficiency(p, d[0], d[2]) for p, d in seen.items() if len(d[2]) > 1]
    ineff.sort(key=lambda x: (-x.cumulative, x.path))
    wasted = sum(x.cumulative for x in ineff)
    discovered = sum(d[0] for d in seen.values())
    minimum = sum(d[1] or 0 for d in seen.values())
    score = 1.0 if discovered == 0 else minimum / discovered
    user = total - (image.layers[0].size if image.layers else 0)
    return Exploration(changes, total, wasted, score, ineff, 100.0 * wasted / user if user else 0.0)


@dataclass
class Why:
    path: str
    visible_from: int | None           # the layer whose version a container sees (None: not there)
    steps: list                        # (layer index, "added" | "changed" | "deleted" | "hidden", created_by)


def why(image, path: str, history: list[dict] | None = None) -> Why:
    """Every layer that put `path` there, changed it or removed it, bottom first."""
    path = paths.normalise(path if path.startswith("/") else "/" + path)
    rows = [h["created_by"] for h in (history or []) if not h.get("empty_layer")]
    view = ImageView([])
    steps = []
    for i, layer in enumerate(image.layers):
        created_by = rows[i] if i < len(rows) else layer.created_by
        e = layer.entries.get(path)
        below = view.get(path)
        hider = next((q for q in paths.prefixes(path)[:-1]
                      if layer.entries.get(q) is not None and (layer.entries[q].kind == "whiteout" or (
                          layer.entries[q].kind == "dir" and layer.entries[q].opaque))), None)
        if e is not None:
            if e.kind == "whiteout":
                if below is not None:
                    steps.append((i, "deleted", created_by))
            else:
                steps.append((i, "changed" if below is not None else "added", created_by))
        elif hider is not None and below is not None:
            steps.append((i, "hidden", created_by))
        view.add(layer)
    return Why(path, view.source.get(path) if view.get(path) is not None else None, steps)
