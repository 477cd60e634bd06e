"""Counting the paths worth a column, per folder and per row, once per image.

Image layers never change, so what an image holds is counted once (and kept for the few
images last drawn); each drawing then adds only the writable layer, the mounts and the
step's paths. That keeps a 100,000-file image as quick to draw as a small one.
"""
from __future__ import annotations

from functools import lru_cache

from simulator.fs import paths
from simulator.fs import Dir


def is_candidate(entry, has_children: bool) -> bool:
    """Worth a column: a file, symlink, whiteout, opaque directory, or a directory with
    nothing below it (a directory with content shows through its content)."""
    return type(entry) is not Dir or entry.opaque or not has_children


class CountTree:
    """Candidate paths, with how many lie below each folder and which children lead to them."""

    def __init__(self):
        self.cands: set[str] = set()
        self.below: dict[str, int] = {}           # folder -> candidates strictly below it
        self.children: dict[str, set[str]] = {}   # folder -> child paths on the way to candidates

    def add(self, path: str) -> None:
        if path in self.cands or path == "/":
            return
        self.cands.add(path)
        child = path
        while child != "/":
            parent = paths.parent(child)
            self.below[parent] = self.below.get(parent, 0) + 1
            kids = self.children.get(parent)
            if kids is None:
                self.children[parent] = {child}
            elif child in kids:
                # the rest of the way up is known: only the counts change
                parent2 = parent
                while parent2 != "/":
                    parent2 = paths.parent(parent2)
                    self.below[parent2] = self.below.get(parent2, 0) + 1
                return
            else:
                kids.add(child)
            child = parent


class _Children:
    """folder -> child paths leading to candidates, made when first asked (only the few
    folders a drawing splits are ever asked)."""

    def __init__(self, names: dict, hidden: set):
        self.names, self.hidden, self.made = names, hidden, {}

    def get(self, folder: str, default=None):
        kids = self.made.get(folder)
        if kids is None:
            names = self.names.get(folder)
            if names is None:
                return default
            prefix = "/" if folder == "/" else folder + "/"
            kids = self.made[folder] = {prefix + n for n in names}
        return kids


class ImageIndex:
    """What an image's layers hold, counted once: candidates, overrides, markers, and the
    number of candidates each layer holds below each folder.

    Counted folder by folder from each layer's children index, with set operations: the
    work per file is done in C, the Python work is per folder, so a 100,000-file image
    costs little more than a small one."""

    def __init__(self, layers):
        parents: set[str] = set()
        for layer in layers:
            parents.update(layer.children.keys())
        # a folder with content is a column only if some layer holds something else there
        plain_only = {d for d in parents if d != "/" and all(
            (e := layer.entries.get(d)) is None or (type(e) is Dir and not e.opaque) for layer in layers)}
        seen: set[str] = set()
        twice: set[str] = set()
        names: dict[str, set[str]] = {}
        markers: list[str] = []
        self.per_layer: dict[str, dict[int, int]] = {}   # folder -> layer index -> candidates below
        for i, layer in enumerate(layers):
            keys = layer.entries.keys()
            if not seen.isdisjoint(keys):          # some path is in a lower layer too
                twice |= seen.intersection(keys)
            seen.update(keys)
            markers += [p for p, e in layer.entries.items() if e.kind == "whiteout" or (type(e) is Dir and e.opaque)]
            direct = {}
            for parent, kids in layer.children.items():
                direct[parent] = len(kids)
                got = names.get(parent)
                if got is None:
                    names[parent] = set(kids)
                else:
                    got.update(kids)
            for d in plain_only:
                if d in layer.entries:
                    direct[paths.parent(d)] -= 1
            self._add_up(direct, lambda q, n, i=i: self._bump(q, i, n))
        tree = self.tree = CountTree()
        tree.cands = seen - plain_only
        tree.cands.discard("/")
        distinct = {parent: len(kids) for parent, kids in names.items()}
        for d in plain_only:
            distinct[paths.parent(d)] -= 1
        self._add_up(distinct, lambda q, n: tree.below.__setitem__(q, tree.below.get(q, 0) + n))
        # children that lead nowhere (plain folders with nothing worth a column) are left out
        tree.children = _Children(names, set())
        self.parents = parents
        self.sizes = tuple(layer.size for layer in layers)     # bytes of files, per layer
        self.overrides = sorted(twice, key=lambda p: p.split("/"))
        self.markers = sorted(set(markers), key=lambda p: p.split("/"))

    def _bump(self, folder: str, index: int, n: int) -> None:
        counts = self.per_layer.get(folder)
        if counts is None:
            self.per_layer[folder] = counts = {}
        counts[index] = counts.get(index, 0) + n

    @staticmethod
    def _add_up(direct: dict, add) -> None:
        """Give each folder's direct count to it and to every folder above it."""
        for folder, n in direct.items():
            if not n:
                continue
            q = folder
            while True:
                add(q, n)
                if q == "/":
                    break
                q = paths.parent(q)

    def layer_count(self, folder: str, index: int) -> int:
        counts = self.per_layer.get(folder)
        return counts.get(index, 0) if counts else 0


@lru_cache(maxsize=8)
def image_index(layers: tuple) -> ImageIndex:
    """The index of a stack of layers (layers compare by identity; the cache keeps the few
    last drawn, and a committed layer never changes, so an entry is never stale)."""
    return ImageIndex(layers)
