"""What a layer or a file tree holds at one path: file, directory, symlink or whiteout (frozen values)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.fs.content import Blob, EMPTY


@dataclass(frozen=True, slots=True)
class File:
    blob: Blob = EMPTY
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    mtime: int = 0      # a logical clock tick; docker diff compares it, the state document does not show it
    ino: int = 0        # identity of the file across writes (a file bind mount holds on to it)

    kind = "file"

    def __deepcopy__(self, memo):
        return self          # immutable: a snapshot shares it

    @property
    def size(self) -> int:
        return self.blob.size


@dataclass(frozen=True, slots=True)
class Dir:
    mode: int = 0o755
    uid: int = 0
    gid: int = 0
    mtime: int = 0
    opaque: bool = False   # overlayfs' trusted.overlay.opaque="y": lower directories of this name are hidden

    kind = "dir"

    def __deepcopy__(self, memo):
        return self          # immutable: a snapshot shares it


@dataclass(frozen=True, slots=True)
class Symlink:
    target: str
    uid: int = 0
    gid: int = 0
    mtime: int = 0

    kind = "symlink"

    def __deepcopy__(self, memo):
        return self          # immutable: a snapshot shares it
    mode = 0o777


@dataclass(frozen=True, slots=True)
class Whiteout:
    """A deletion marker. In image tarballs it is `.wh.NAME`; overlayfs stores a 0/0 char device."""

    kind = "whiteout"

    def __deepcopy__(self, memo):
        return self          # immutable: a snapshot shares it


WHITEOUT = Whiteout()
Entry = File | Dir | Symlink | Whiteout


def is_dir(e) -> bool:
    return type(e) is Dir


def with_changes(entry, **changes):
    return replace(entry, **changes)


def describe(entry, content: bool = True) -> dict:
    """The state document's form of an entry (uid/gid only when not 0)."""
    if type(entry) is Whiteout:
        return {"type": "whiteout"}
    d: dict = {"type": entry.kind}
    if type(entry) is File:
        d["mode"] = format(entry.mode, "04o")
        d["size"] = entry.size
        text = entry.blob.text() if content else None
        if text is not None:
            d["content"] = text
    elif type(entry) is Dir:
        d["mode"] = format(entry.mode, "04o")
        if entry.opaque:
            d["opaque"] = True
    else:
        d["target"] = entry.target
    if entry.uid:
        d["uid"] = entry.uid
    if entry.gid:
        d["gid"] = entry.gid
    return d
