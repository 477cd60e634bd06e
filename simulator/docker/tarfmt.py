"""Tar streams as file values: writing a tar as a Blob (runs of zeros stay runs, so a saved
100 MB size-only file costs nothing) and reading a Blob as a seekable file.

Headers are POSIX ustar, with a PAX header only when a field needs one (as Go's archive/tar
writes them, which is what `docker save` uses).
"""
from __future__ import annotations

import hashlib
import io
import tarfile

from simulator.fs import Blob

BLOCK = 512
ZERO_CHUNK = b"\0" * (1 << 20)


class TarWriter:
    """Collects members into Blob parts."""

    def __init__(self):
        self.parts: list = []
        self.size = 0

    def _add(self, part) -> None:
        if isinstance(part, int):
            if part:
                self.parts.append(part)
                self.size += part
        elif part:
            self.parts.append(part)
            self.size += len(part)

    def add(self, name: str, kind: str = "file", data: Blob | bytes = b"", mode: int = 0o644, uid: int = 0,
            gid: int = 0, mtime: int = 0, target: str = "") -> None:
        info = tarfile.TarInfo(name)
        info.mode, info.uid, info.gid, info.mtime = mode & 0o7777, uid, gid, mtime
        info.uname = info.gname = ""
        blob = data if isinstance(data, Blob) else Blob.of(data)
        if kind == "dir":
            info.type = tarfile.DIRTYPE
        elif kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, target
        else:
            info.type, info.size = tarfile.REGTYPE, blob.size
        self._add(info.tobuf(format=tarfile.PAX_FORMAT, encoding="utf-8", errors="surrogateescape"))
        if kind == "file":
            for p in blob.parts:
                self._add(p)
            pad = -blob.size % BLOCK
            self._add(pad)

    def blob(self) -> Blob:
        """The archive: the members, then two zero blocks."""
        parts = list(self.parts) + [2 * BLOCK]
        merged: list = []
        for p in parts:
            if merged and type(merged[-1]) is type(p):
                merged[-1] = merged[-1] + p
            else:
                merged.append(p)
        return Blob(tuple(merged), self.size + 2 * BLOCK)


def blob_digest(blob: Blob) -> str:
    h = hashlib.sha256()
    for p in blob.parts:
        if isinstance(p, int):
            n = p
            while n:
                k = min(n, len(ZERO_CHUNK))
                h.update(ZERO_CHUNK[:k])
                n -= k
        else:
            h.update(p)
    return "sha256:" + h.hexdigest()


class BlobReader(io.RawIOBase):
    """A read-only, seekable file over a Blob, without materialising its runs of zeros."""

    def __init__(self, blob: Blob):
        self.blob = blob
        self.pos = 0
        self.starts = []
        at = 0
        for p in blob.parts:
            self.starts.append(at)
            at += p if isinstance(p, int) else len(p)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.blob.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buf) -> int:
        want = min(len(buf), self.blob.size - self.pos)
        if want <= 0:
            return 0
        import bisect
        i = bisect.bisect_right(self.starts, self.pos) - 1
        got = 0
        while got < want and i < len(self.blob.parts):
            p = self.blob.parts[i]
            inner = self.pos + got - self.starts[i]
            length = p if isinstance(p, int) else len(p)
            take = min(length - inner, want - got)
            if isinstance(p, int):
                buf[got:got + take] = bytes(take)
            else:
                buf[got:got + take] = p[inner:inner + take]
            got += take
            i += 1
        self.pos += got
        return got
