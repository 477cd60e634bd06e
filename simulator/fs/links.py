"""Hard links: several names of one inode in one file system.

A file's inode is its `ino` (File.ino): two names in one tree (or one image layer) that
hold a File with the same non-zero ino are one inode. A change written through one name
(`replace`) is written to every name of the inode; removing a name leaves the others;
the link count (st_nlink) is the number of names. An ino of 0 is a file with no identity
kept (image files, test fixtures): it is alone.

overlayfs as Docker mounts it (index=off): the names of one lower inode are separate
files once copied up (each copy-up makes a new upper inode), so a write through one name
no longer shows through the other, and `ln` of an image file copies it up first.
"""
from __future__ import annotations

import hashlib

from simulator.fs.entries import File


def _index(entries) -> dict:
    """ino -> names, for the files of a tree or a layer that share their inode."""
    by_ino: dict[int, list[str]] = {}
    for path, e in entries.items():
        if type(e) is File and e.ino:
            by_ino.setdefault(e.ino, []).append(path)
    return {ino: sorted(names) for ino, names in by_ino.items() if len(names) > 1}


class LinkIndex:
    """The shared inodes of one tree, rebuilt when the tree changes (its `version`, or
    its entries dict when it has none)."""

    __slots__ = ("_key", "_by_ino")

    def __init__(self):
        self._key = None
        self._by_ino: dict = {}

    def of(self, tree) -> dict:
        key = (id(tree.entries), getattr(tree, "version", None), len(tree.entries))
        if key != self._key or key[1] is None:
            self._by_ino = _index(tree.entries)
            self._key = key
        return self._by_ino

    def __deepcopy__(self, memo):
        return LinkIndex()          # a cache: a copy starts empty

    def names(self, tree, path: str) -> list[str]:
        """Every name of the inode at PATH (PATH alone when it has no other)."""
        e = tree.get(path)
        if type(e) is not File or not e.ino:
            return [path]
        return self.of(tree).get(e.ino, [path])


def layer_nlink(entries, path: str) -> int:
    """st_nlink of an image file: the names its inode has in its own layer."""
    e = entries.get(path)
    if type(e) is not File or not e.ino:
        return 1
    return sum(1 for x in entries.values() if type(x) is File and x.ino == e.ino)


def fresh_ino(path: str, salt: str = "") -> int:
    """A new inode number for PATH (an upper copy of a lower inode, a linked file that had
    none): negative and large, so it meets neither the clock's ticks nor host files'."""
    digest = hashlib.sha256(f"{salt}\0{path}".encode()).digest()
    return -(1 << 40) - int.from_bytes(digest[:5], "big")
