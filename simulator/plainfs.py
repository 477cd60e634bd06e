"""An ordinary file system on a Tree: a volume's data, the host's files, a tmpfs (with its size limit)."""
from __future__ import annotations

from . import paths
from .entries import File, is_dir
from .errors import FsError
from .tree import Tree

PAGE = 4096


class PlainFS:
    """No layers: changes happen in place. `capacity` (bytes) makes it a sized tmpfs."""

    kind = "plain"

    def __init__(self, tree: Tree | None = None, capacity: int | None = None):
        self.tree = tree if tree is not None else Tree()
        self.capacity = capacity

    def lookup(self, path: str):
        return self.tree.get(path)

    def names(self, path: str) -> list[str]:
        return self.tree.names(path)

    # tmpfs accounts file data in pages; holes (runs of zeros from truncate) take none.
    @staticmethod
    def _pages(entry) -> int:
        if type(entry) is not File:
            return 0
        return -(-entry.blob.literal_bytes // PAGE) * PAGE

    def used(self) -> int:
        return sum(self._pages(e) for e in self.tree.entries.values())

    def _check_space(self, path: str, new_entry) -> None:
        if self.capacity is None:
            return
        grow = self._pages(new_entry) - self._pages(self.tree.get(path))
        if grow > 0 and self.used() + grow > self.capacity:
            raise FsError("ENOSPC", path)

    def create(self, path: str, entry) -> None:
        self._check_space(path, entry)
        self.tree.set(path, entry)

    def replace(self, path: str, entry) -> None:
        self._check_space(path, entry)
        self.tree.set(path, entry)

    def remove(self, path: str) -> None:
        self.tree.remove(path)

    def check_rename(self, old: str, new: str) -> None:
        pass

    def rename(self, old: str, new: str) -> None:
        if new in self.tree:
            self.tree.remove(new)
        self.tree.move(old, new)

    def entry_and_source(self, path: str):
        return self.tree.get(path), None

    def is_dir(self, path: str) -> bool:
        return is_dir(self.tree.get(path))
