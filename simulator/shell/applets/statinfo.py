"""struct stat fields the model does not keep, derived the way the kernel reports them.

- st_nlink: 1 for files and symlinks (no hard links are modelled); for a directory
  2 + its subdirectories, except that overlayfs reports 1 for a merged directory
  (one made of several layers: upper over lower, or more than one image layer);
- st_size of a directory: 4096 (ext4, and overlayfs passes the real one through);
  on tmpfs 20 bytes per entry, "." and ".." included; of a symlink: the target's length;
- st_blocks (512-byte units): whole 4 KiB pages of data; tmpfs counts only data that was
  written (runs of zeros from truncate are holes); symlinks take none.
"""
from __future__ import annotations

from simulator.fs import File, Symlink, is_dir

PAGE = 4096


def is_tmpfs(mount) -> bool:
    return mount.label == "tmpfs" or getattr(mount.fs, "capacity", None) is not None


def names_in(st) -> list[str]:
    m = st.mount
    return m.fs.names(m.inner(st.path))


def nlink(st) -> int:
    if not is_dir(st.entry):
        fs = st.mount.fs
        return fs.nlink(st.mount.inner(st.path)) if hasattr(fs, "nlink") else 1
    m = st.mount
    inner = m.inner(st.path)
    if hasattr(m.fs, "is_merged") and m.fs.is_merged(inner):
        return 1
    subdirs = 0
    for name in m.fs.names(inner):
        child = inner.rstrip("/") + "/" + name
        if is_dir(m.fs.lookup(child)):
            subdirs += 1
    return 2 + subdirs


def size(st) -> int:
    e = st.entry
    if type(e) is File:
        return e.size
    if type(e) is Symlink:
        return len(e.target.encode())
    if e.kind == "chardev" or st.mount.label == "proc":      # proc reports size 0
        return 0
    if is_tmpfs(st.mount):
        return 20 * (2 + len(names_in(st)))
    return PAGE


def blocks(st) -> int:
    e = st.entry
    if type(e) is File:
        data = e.blob.literal_bytes if is_tmpfs(st.mount) else e.size
        return -(-data // PAGE) * (PAGE // 512)
    if is_dir(e):
        return 0 if is_tmpfs(st.mount) or st.mount.label == "proc" else PAGE // 512
    return 0


def inode(st) -> int:
    """A stable stand-in: the model has no inode numbers."""
    h = 0
    for c in st.path:
        h = (h * 131 + ord(c)) % 1000003
    return h + 2
