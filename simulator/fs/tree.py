"""A mutable tree of entries keyed by absolute path, with a children index (writable layer, volume, host, tmpfs)."""
from __future__ import annotations

from typing import Iterator

from simulator.fs import paths
from simulator.fs.entries import Dir, is_dir

ROOT = "/"


class Tree:
    """Path -> entry, where every entry's parent is a directory in the tree.

    The root "/" is always a directory. `children` maps a directory to the names in it.
    Callers check the rules (parent exists, not a directory, ...) before they change it.

    `copy()` shares the two dicts with the copy until one of them changes (copy on write):
    a timeline step keeps every tree it did not change for the price of a pointer. Read
    `entries` and `children` freely, change them only through the methods. `version`
    counts the changes, `shape` only those that alter or remove a path that existed (a
    new name leaves every cached lookup of the others good).
    """

    __slots__ = ("entries", "children", "version", "shape", "_shared", "__weakref__")

    def __init__(self, root: Dir | None = None):
        self.entries: dict = {ROOT: root or Dir()}
        self.children: dict[str, set[str]] = {ROOT: set()}
        self.version = 0
        self.shape = 0          # changes that alter or remove an existing path (not new names)
        self._shared = False

    def _own(self) -> None:
        """About to change: stop sharing the dicts with copies, and count the change."""
        self.version += 1
        if self._shared:
            self.entries = dict(self.entries)
            self.children = {k: set(v) for k, v in self.children.items()}
            self._shared = False

    def __contains__(self, path: str) -> bool:
        return path in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, path: str):
        return self.entries.get(path)

    @property
    def root(self) -> Dir:
        return self.entries[ROOT]

    def names(self, path: str) -> list[str]:
        return sorted(self.children.get(path, ()))

    def set(self, path: str, entry) -> None:
        """Put `entry` at `path`; the parent must be a directory. Replacing a directory by
        a non-directory drops everything below it."""
        if path == ROOT:
            if not is_dir(entry):
                raise ValueError("the root of a tree must be a directory")
            self._own()
            self.entries[ROOT] = entry
            return
        if self.children.get(paths.parent(path)) is None:
            raise KeyError(f"parent of {path} is not a directory in this tree")
        self._own()
        old = self.entries.get(path)
        if old is not None:
            self.shape += 1
        if old is not None and is_dir(old) and not is_dir(entry):
            self.remove_below(path)
            del self.children[path]
        parent, name = paths.split(path)
        kids = self.children.get(parent)
        if kids is None:
            raise KeyError(f"parent of {path} is not a directory in this tree")
        kids.add(name)
        self.entries[path] = entry
        if is_dir(entry) and path not in self.children:
            self.children[path] = set()

    def set_with_parents(self, path: str, entry, parent_entry=Dir()) -> None:
        for p in paths.prefixes(paths.parent(path)):
            if p not in self.entries:
                self.set(p, parent_entry)
        self.set(path, entry)

    def remove(self, path: str) -> None:
        """Remove `path` and everything below it."""
        if path == ROOT:
            raise ValueError("cannot remove the root of a tree")
        if path not in self.entries:
            return
        self._own()
        self.shape += 1
        self.remove_below(path)
        self.children.pop(path, None)
        del self.entries[path]
        parent, name = paths.split(path)
        self.children[parent].discard(name)

    def remove_below(self, path: str) -> None:
        for name in list(self.children.get(path, ())):
            self.remove(paths.join(path, name))

    def walk(self, top: str = ROOT) -> Iterator[tuple[str, object]]:
        """(path, entry) for `top` (excluded) and everything below it, sorted depth-first."""
        return walk_index(self.children, self.entries, top)

    def copy(self) -> "Tree":
        """The same tree, sharing its dicts until either one changes."""
        t = Tree.__new__(Tree)
        t.entries, t.children, t.version, t.shape = self.entries, self.children, self.version, self.shape
        t._shared = self._shared = True
        return t

    def __deepcopy__(self, memo):
        return self.copy()

    def __getstate__(self):
        return self.entries, self.children

    def __setstate__(self, state):
        self.entries, self.children = dict(state[0]), {k: set(v) for k, v in state[1].items()}
        self.version, self.shape, self._shared = 0, 0, False

    def move(self, old: str, new: str) -> None:
        """Rename `old` (and what is below it) to `new`; `new` must not exist."""
        moved = [(old, self.entries[old])] + list(self.walk(old))
        self.remove(old)
        for p, e in moved:
            self.set(paths.rebase(p, old, new), e)


def walk_index(children: dict, entries: dict, top: str = ROOT) -> Iterator[tuple[str, object]]:
    """(path, entry) below `top` (excluded), sorted depth-first, from a children index (a Tree's, an
    image's flattened view): no recursion, so a tree as deep as PATH_MAX allows is walked too."""
    stack = [top]
    while stack:
        d = stack.pop()
        for name in sorted(children.get(d, ()), reverse=True):
            stack.append(paths.join(d, name))
        if d != top:
            yield d, entries[d]
