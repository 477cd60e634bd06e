"""Image layers: frozen sets of entries (files, dirs, symlinks, whiteouts, opaque dirs) with a content id."""
from __future__ import annotations

import hashlib
from types import MappingProxyType

from simulator.fs import paths
from simulator.fs.entries import Dir, Whiteout, describe, is_dir


class Layer:
    """One committed image layer. It never changes once made; images share layer objects.

    `entries` maps absolute paths to entries. A `Whiteout` hides the lower entry of that
    name; a `Dir` with `opaque=True` hides every lower entry below it (as overlayfs'
    trusted.overlay.opaque does; `.wh..wh..opq` in a tarball).
    """

    __slots__ = ("entries", "children", "created_by", "_id", "_frozen")

    def __init__(self, entries: dict, created_by: str = ""):
        if any(not paths.is_normalised(p) or p == "/" for p in entries):
            raise ValueError("layer paths must be absolute, normalised and not '/'")
        children: dict[str, list[str]] = {}
        for p in entries:
            parent, name = paths.split(p)
            children.setdefault(parent, []).append(name)
        self.entries = MappingProxyType(dict(entries))
        self.children = MappingProxyType({k: tuple(sorted(v)) for k, v in children.items()})
        self.created_by = created_by
        self._id = None
        self._frozen = True

    def __setattr__(self, name, value):
        if getattr(self, "_frozen", False) and name != "_id":
            raise AttributeError("a committed layer never changes")
        object.__setattr__(self, name, value)

    @property
    def id(self) -> str:
        """sha256 of the content (like a diffID; created_by is not part of it)."""
        if self._id is None:
            h = hashlib.sha256()
            for p in sorted(self.entries):
                e = self.entries[p]
                h.update(repr((p, e.kind, getattr(e, "mode", 0), getattr(e, "uid", 0), getattr(e, "gid", 0),
                               getattr(e, "opaque", False), getattr(e, "target", None),
                               e.blob.parts if e.kind == "file" else None)).encode())
            self._id = "sha256:" + h.hexdigest()
        return self._id

    def get(self, path: str):
        return self.entries.get(path)

    def __deepcopy__(self, memo):
        return self          # committed layers never change: every snapshot shares them

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"<Layer {self.id[7:19]} {len(self.entries)} entries {self.created_by!r}>"

    @property
    def size(self) -> int:
        """Bytes of files and symlink targets in this layer (what `docker history` and image
        size count: a symlink weighs the length of its target)."""
        return sum(e.size if e.kind == "file" else len(e.target.encode()) if e.kind == "symlink" else 0
                   for e in self.entries.values())

    def whiteouts(self) -> list[str]:
        return sorted(p for p, e in self.entries.items() if type(e) is Whiteout)

    def opaque_dirs(self) -> list[str]:
        return sorted(p for p, e in self.entries.items() if is_dir(e) and e.opaque)


def describe_layer(layer: Layer, describe_=describe) -> dict:
    return {"id": layer.id, "created_by": layer.created_by,
            "files": {p: describe_(e) for p, e in sorted(layer.entries.items())}}


def implicit_parent(view, path: str) -> Dir:
    """The entry a layer holds for a parent directory it needs but does not declare: a
    real build's layer has it copied up (the mode and owner it has below) or new (0755 root)."""
    below = view.get(path) if view is not None else None
    if below is not None and is_dir(below):
        return Dir(mode=below.mode, uid=below.uid, gid=below.gid)
    return Dir()
