"""Files on disk (or in a `docker cp` tar) as state-document entries (spec section 4)."""
from __future__ import annotations

import os
import stat
import tarfile

from . import markers

TEXT_MAX = 64 * 1024          # `content` only for smaller files that are UTF-8 text without NUL


def text_of(data: bytes, size: int) -> str | None:
    if size >= TEXT_MAX or len(data) != size:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _owned(entry: dict, uid: int, gid: int) -> dict:
    if uid:
        entry["uid"] = uid
    if gid:
        entry["gid"] = gid
    return entry


def _other(mode: int) -> dict:
    kind = ("fifo" if stat.S_ISFIFO(mode) else "chardev" if stat.S_ISCHR(mode)
            else "blockdev" if stat.S_ISBLK(mode) else "socket")
    return {"type": kind, "mode": "%04o" % stat.S_IMODE(mode)}


def describe(path: str, st: os.stat_result, layer: bool) -> dict:
    """The entry for PATH. LAYER: an overlay layer directory (an upper dir), where a 0/0
    character device is a whiteout and the opaque xattr marks an opaque directory."""
    mode = st.st_mode
    if layer and markers.is_overlay_whiteout(st):
        return {"type": "whiteout"}
    if stat.S_ISDIR(mode):
        entry = {"type": "dir", "mode": "%04o" % stat.S_IMODE(mode)}
        if layer and markers.is_overlay_opaque(path):
            entry["opaque"] = True
    elif stat.S_ISREG(mode):
        entry = {"type": "file", "mode": "%04o" % stat.S_IMODE(mode), "size": st.st_size}
        if st.st_size < TEXT_MAX:
            try:
                with open(path, "rb") as f:
                    text = text_of(f.read(TEXT_MAX), st.st_size)
            except OSError:
                text = None
            if text is not None:
                entry["content"] = text
    elif stat.S_ISLNK(mode):
        entry = {"type": "symlink", "target": os.readlink(path)}
    else:
        entry = _other(mode)
    return _owned(entry, st.st_uid, st.st_gid)


def walk(root: str, skip=()) -> list:
    """[(path below ROOT, real path, lstat)], sorted, symlinks not followed, mount points
    crossed (a container's /proc/PID/root shows its mounts); SKIP: subtrees left out."""
    out = []

    def visit(real_dir: str, rel: str) -> None:
        try:
            names = sorted(os.listdir(real_dir))
        except OSError:
            return
        for name in names:
            path, real = f"{rel}/{name}", os.path.join(real_dir, name)
            if path in skip:
                continue
            try:
                st = os.lstat(real)
            except OSError:
                continue
            out.append((path, real, st))
            if stat.S_ISDIR(st.st_mode):
                visit(real, path)

    visit(root, "")
    return out


def listing(root: str, layer: bool = False, skip=()) -> dict:
    """path -> entry for everything below ROOT (paths relative to it, with a leading /)."""
    return {path: describe(real, st, layer) for path, real, st in walk(root, skip)}


def _tar_path(name: str) -> str:
    """`./etc/app.conf`, `etc/app.conf/` -> /etc/app.conf"""
    while name.startswith("./"):
        name = name[2:]
    return os.path.normpath("/" + name.strip("/")) if name not in ("", ".") else "/"


def tar_listing(stream) -> dict:
    """path -> entry for a tar stream (what `docker cp C:/ -` writes)."""
    out: dict = {}
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for info in tar:
            path = _tar_path(info.name)
            if path == "/":
                continue
            mode = "%04o" % (info.mode & 0o7777)
            if info.isdir():
                entry = {"type": "dir", "mode": mode}
            elif info.isreg():
                entry = {"type": "file", "mode": mode, "size": info.size}
                if info.size < TEXT_MAX:
                    text = text_of(tar.extractfile(info).read(), info.size)
                    if text is not None:
                        entry["content"] = text
            elif info.issym():
                entry = {"type": "symlink", "target": info.linkname}
            elif info.islnk():      # a second name of a file listed before: same entry
                entry = dict(out.get(_tar_path(info.linkname), {}))
                entry.pop("uid", None)
                entry.pop("gid", None)
                entry = entry or {"type": "file", "mode": mode, "size": 0}
            else:
                entry = _other({tarfile.CHRTYPE: stat.S_IFCHR, tarfile.BLKTYPE: stat.S_IFBLK,
                                tarfile.FIFOTYPE: stat.S_IFIFO}.get(info.type, stat.S_IFSOCK) | info.mode)
            out[path] = _owned(entry, info.uid, info.gid)
    return out
