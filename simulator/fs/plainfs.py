"""An ordinary file system on a Tree: a volume's data, the host's files, a tmpfs (with its size limit)."""
from __future__ import annotations

from simulator.fs import paths
from dataclasses import replace

from simulator.fs.entries import File, is_dir
from simulator.errors import FsError
from simulator.fs.links import LinkIndex
from simulator.fs.tree import Tree

PAGE = 4096


class PlainFS:
    """No layers: changes happen in place. `capacity` (bytes) makes it a sized tmpfs."""

    kind = "plain"

    def __init__(self, tree: Tree | None = None, capacity: int | None = None):
        self.tree = tree if tree is not None else Tree()
        self.capacity = capacity
        self.pins: dict[int, int] = {}       # inode -> number of file bind mounts holding it
        self.orphans: dict[int, File] = {}   # pinned inodes no longer linked at any path
        self.links = LinkIndex()             # names that share an inode (hard links)

    def lookup(self, path: str):
        return self.tree.get(path)

    @property
    def shape(self) -> int:
        """Counts the changes that alter or remove an existing path (a namespace's lookup cache)."""
        return self.tree.shape

    def names(self, path: str) -> list[str]:
        return self.tree.names(path)

    # tmpfs accounts file data in pages; holes (runs of zeros from truncate) take none.
    @staticmethod
    def _pages(entry) -> int:
        if type(entry) is not File:
            return 0
        return -(-entry.blob.literal_bytes // PAGE) * PAGE

    def used(self) -> int:
        """Pages of data, each inode once (hard links share theirs)."""
        seen: set = set()
        total = 0
        for e in self.tree.entries.values():
            if type(e) is File and e.ino:
                if e.ino in seen:
                    continue
                seen.add(e.ino)
            total += self._pages(e)
        return total

    def _fit(self, path: str, new_entry):
        """What a write stores on a sized tmpfs, and whether all of it fitted. One that does
        not fit keeps the whole pages it could get (the kernel's write stops at the first page
        it cannot allocate; the writer then gets ENOSPC); a new file exists, even if empty."""
        old = self.tree.get(path)
        if self.capacity is None or type(new_entry) is not File:
            return new_entry, True
        grow = self._pages(new_entry) - self._pages(old)
        if grow <= 0 or self.used() + grow <= self.capacity:
            return new_entry, True
        old_size = old.size if type(old) is File else 0
        room = self._pages(old) + (self.capacity - self.used())
        if new_entry.blob.has_zero_runs() or room <= old_size:
            kept = old if type(old) is File else replace(new_entry, blob=new_entry.blob.truncated(0))
            return kept, False
        return replace(new_entry, blob=new_entry.blob.truncated(room)), False

    def _store(self, path: str, entry) -> None:
        stored, fitted = self._fit(path, entry)
        self.tree.set(path, stored)
        if not fitted:
            raise FsError("ENOSPC", path)

    def create(self, path: str, entry) -> None:
        if paths.parent(path) not in self.tree:        # its directory was deleted meanwhile
            raise FsError("ENOENT", path)
        self._unlinking(path)
        self._store(path, entry)

    def replace(self, path: str, entry) -> None:
        others = self.links.names(self.tree, path) if type(entry) is File and entry.ino else [path]
        self._unlinking(path, keep=getattr(entry, "ino", 0))
        self._store(path, entry)
        for other in others:                   # the other names of the inode see the change
            if other != path and getattr(self.tree.get(other), "ino", 0) == entry.ino:
                self.tree.set(other, entry)

    def link(self, old: str, new: str, ino: int) -> None:
        """NEW becomes another name of OLD's inode (given INO when it had none)."""
        entry = self.tree.get(old)
        if type(entry) is File and not entry.ino:
            entry = replace(entry, ino=ino)
            self.tree.set(old, entry)
        self.tree.set(new, entry)

    def nlink(self, path: str) -> int:
        return len(self.links.names(self.tree, path))

    def remove(self, path: str) -> None:
        for p, _ in [(path, None)] + list(self.tree.walk(path)):
            self._unlinking(p)
        self.tree.remove(path)

    def check_rename(self, old: str, new: str) -> None:
        pass

    def rename(self, old: str, new: str) -> None:
        if new in self.tree:
            self.remove(new)
        self.tree.move(old, new)

    # ---- inodes held by file bind mounts -----------------------------------------------
    def _unlinking(self, path: str, keep: int = 0) -> None:
        """A pinned file leaving its last path lives on for the mounts that hold it, as an
        open inode does (`mv new.conf app.conf` on the host: the container keeps the old)."""
        old = self.tree.get(path)
        if type(old) is File and old.ino and old.ino != keep and old.ino in self.pins:
            self.orphans[old.ino] = old

    def pin(self, ino: int) -> None:
        self.pins[ino] = self.pins.get(ino, 0) + 1

    def unpin(self, ino: int) -> None:
        self.pins[ino] -= 1
        if not self.pins[ino]:
            del self.pins[ino]
            self.orphans.pop(ino, None)

    def entry_and_source(self, path: str):
        return self.tree.get(path), None

    def is_dir(self, path: str) -> bool:
        return is_dir(self.tree.get(path))


class PinnedFile:
    """What a file bind mount shows: one inode of the host, wherever (or whether) it is
    linked. Writes through the same inode (`echo x > file`) are seen on both sides; a new
    file renamed over the path is not (the mount keeps the old inode)."""

    kind = "pinned-file"

    def __init__(self, host: PlainFS, path: str, ino: int):
        self.host, self.path, self.ino = host, path, ino

    def _linked(self) -> bool:
        entry = self.host.tree.get(self.path)
        return type(entry) is File and entry.ino == self.ino

    def lookup(self, path: str):
        if path != "/":
            return None
        return self.host.tree.get(self.path) if self._linked() else self.host.orphans.get(self.ino)

    def entry_and_source(self, path: str):
        return self.lookup(path), None

    def names(self, path: str) -> list[str]:
        return []

    def replace(self, path: str, entry) -> None:
        if self._linked():
            self.host.replace(self.path, entry)
        else:
            self.host.orphans[self.ino] = entry

    def check_rename(self, old: str, new: str) -> None:
        raise FsError("EBUSY", old)
