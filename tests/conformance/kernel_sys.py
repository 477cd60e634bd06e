"""Mount syscalls, a private mount namespace, and leaves-first unmounting for the kernel runner."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import re

# Every directory the harness makes starts with this; unmount_below refuses any other
# path, so a bug can never unmount something of the machine's.
HARNESS_PREFIX = "/tmp/layerlab-kernel-"

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
MNT_DETACH = 0x2
CLONE_NEWNS = 0x20000

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                        ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
_libc.unshare.argtypes = [ctypes.c_int]


def _encode(text: str | None) -> bytes | None:
    return None if text is None else os.fsencode(text)


def _raise_errno(what: str) -> None:
    code = ctypes.get_errno()
    raise OSError(code, f"{what}: {os.strerror(code)}")


def mount(source: str | None, target: str, fstype: str | None,
          flags: int = 0, data: str | None = None) -> None:
    """mount(2) itself: mount(8) would canonicalise paths and consult /etc/fstab."""
    if _libc.mount(_encode(source), _encode(target), _encode(fstype), flags, _encode(data)):
        _raise_errno(f"mount {source} on {target} ({fstype}, {data})")


def umount(target: str, flags: int = 0) -> None:
    if _libc.umount2(_encode(target), flags):
        _raise_errno(f"umount {target}")


def enter_private_mount_namespace() -> None:
    """Give this process its own mount table, detached from the machine's.

    unshare(CLONE_NEWNS) alone copies the propagation flags, so mounts under a shared
    mount would still reach the parent namespace; making "/" recursively private stops
    that. When the process exits, the namespace and every mount in it go away.
    """
    if _libc.unshare(CLONE_NEWNS):
        _raise_errno("unshare(CLONE_NEWNS)")
    mount(None, "/", None, MS_REC | MS_PRIVATE)


def _unescape(field: str) -> str:
    # /proc/self/mountinfo writes space, tab, newline and backslash as \ooo
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def read_mountinfo() -> list[tuple[int, int, str]]:
    """(mount id, parent id, mount point) of every mount this process sees."""
    rows = []
    with open("/proc/self/mountinfo") as table:
        for line in table:
            fields = line.split()
            rows.append((int(fields[0]), int(fields[1]), _unescape(fields[4])))
    return rows


def mounts_below(prefix: str, include_self: bool = True) -> list[tuple[int, int, str]]:
    prefix = prefix.rstrip("/")
    return [row for row in read_mountinfo()
            if row[2].startswith(prefix + "/") or (include_self and row[2] == prefix)]


def top_mount_id_at(path: str) -> int:
    """The id of the mount most recently stacked on PATH (the one a lookup reaches).

    Ids are reused, so "newest" is found by structure: the mount at PATH that no other
    mount at PATH sits on.
    """
    here = [row for row in read_mountinfo() if row[2] == path]
    parents = {parent for _, parent, _ in here}
    tops = [mid for mid, _, _ in here if mid not in parents]
    if len(tops) != 1:
        raise RuntimeError(f"cannot tell the top mount at {path}: {here}")
    return tops[0]


def unmount_below(prefix: str, include_self: bool = True) -> None:
    """Unmount everything at or below PREFIX, leaves first.

    The list comes from /proc/self/mountinfo, not from what we remember mounting: a
    container may have renamed a directory holding a mount point, and the mount moved
    with it.
    """
    if not prefix.startswith(HARNESS_PREFIX):
        raise RuntimeError(f"refusing to unmount outside the harness: {prefix}")
    for _ in range(1000):
        left = mounts_below(prefix, include_self)
        if not left:
            return
        parents = {parent for _, parent, _ in read_mountinfo()}
        leaves = [row for row in left if row[0] not in parents] or left
        for _, _, point in leaves:
            try:
                umount(point)
            except OSError:
                umount(point, MNT_DETACH)   # busy (an open file): detach it anyway
    raise RuntimeError(f"could not unmount everything below {prefix}: {mounts_below(prefix)}")
