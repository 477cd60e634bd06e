"""Network storage on the simulated host: directories that behave like a Mountpoint for Amazon S3 mount.

A scenario declares them at the top level (the parsing is `parse_network_storage`):

    network_storage:
      /mnt/s3: {}                                   # defaults: no delete, no overwrite
      /mnt/logs: {allow_delete: true, allow_overwrite: true}
    # or simply: network_storage: [/mnt/s3]

Everything on the host and in containers that bind-mount such a directory then meets
the rules of awslabs/mountpoint-s3 (doc/SEMANTICS.md, doc/TROUBLESHOOTING.md), with the
errno values that FUSE returns to the program:
- new files are written sequentially, once: create, write, close. Opening an existing
  file to append or to write without O_TRUNC fails with EPERM ("Operation not
  permitted"); with O_TRUNC too, unless the mount has `--allow-overwrite`;
- a write that does not continue at the end of the data written so far (a hole, a
  seek) is an out-of-order write: EINVAL ("Invalid argument");
- `rm` of a file: EPERM unless `--allow-delete`; `rmdir` only of an empty directory
  made by `mkdir` on this mount (S3 has no directories of its own);
- rename(2) of anything: ENOSYS ("Function not implemented"); between this mount and
  another file system the kernel says EXDEV first, so `mv` copies and deletes;
- symlinks and hard links: ENOSYS; chmod, chown, truncate and touch (utimes) of a
  stored file: EPERM (modes and owners are fixed at mount time: 0644 files, 0755
  directories).
A teaching simplification: a file counts as "being written" from its creation (or its
O_TRUNC) until its first data is written, since a simulated command writes its whole
output in one write when it ends.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from simulator.fs import paths
from simulator.fs.entries import Dir, File, Symlink, is_dir
from simulator.errors import FsError, ScenarioError, shown
from simulator.fs.plainfs import PlainFS
from simulator.fs.tree import Tree

FILE_MODE, DIR_MODE = 0o644, 0o755
OPTION_KEYS = {"allow_delete", "allow_overwrite"}


@dataclass(frozen=True)
class NetworkMount:
    """One host directory served by Mountpoint for Amazon S3 (`mount-s3 BUCKET PATH`)."""
    path: str
    allow_delete: bool = False        # mount-s3 --allow-delete
    allow_overwrite: bool = False     # mount-s3 --allow-overwrite


def parse_network_storage(spec) -> tuple[NetworkMount, ...]:
    """The scenario's `network_storage:`: a list of absolute host paths, or a mapping of
    paths to {allow_delete, allow_overwrite}. Raises ScenarioError naming the key."""
    if spec is None:
        return ()
    if isinstance(spec, list):
        if not all(isinstance(p, str) for p in spec):
            raise ScenarioError("must be a list of host directories (text) or a mapping of them to options",
                                "network_storage")
        spec = {p: {} for p in spec}
    if not isinstance(spec, dict):
        raise ScenarioError("must be a list of host directories or a mapping of them to options",
                            "network_storage")
    mounts = []
    for raw, options in spec.items():
        where = f"network_storage.{shown(raw, quote=False)}"
        if not isinstance(raw, str) or not raw.startswith("/") or raw == "/" \
                or not paths.is_normalised(raw.rstrip("/") or "/"):
            raise ScenarioError(f"path {shown(raw)} is not an absolute, normalised directory other than /", where)
        options = options or {}
        if not isinstance(options, dict):
            raise ScenarioError("options must be a mapping (allow_delete, allow_overwrite)", where)
        unknown = sorted(str(k) for k in options if k not in OPTION_KEYS)
        if unknown:
            raise ScenarioError(f"unknown key {shown(unknown[0])} (allowed: {', '.join(sorted(OPTION_KEYS))})", where)
        for key, value in options.items():
            if not isinstance(value, bool):
                raise ScenarioError(f"{key} must be true or false, not {shown(value)}", where)
        mounts.append(NetworkMount(raw.rstrip("/"), **options))
    at = {m.path: m for m in mounts}
    for b in mounts:
        for q in paths.prefixes(paths.parent(b.path)):
            if q in at:
                raise ScenarioError(f"{b.path} is inside {q}: network storage cannot nest", "network_storage")
    return tuple(mounts)


class NetworkStorageHost(PlainFS):
    """The host's file system with some directories on network storage: operations under
    them follow Mountpoint's rules (checked before anything changes), the rest are plain."""

    def __init__(self, tree: Tree | None = None, mounts: tuple[NetworkMount, ...] = ()):
        super().__init__(tree)
        self.mounts = tuple(mounts)
        self.being_written: set[str] = set()     # created or truncated, data not yet written
        self.local_dirs: set[str] = set()        # made by mkdir, nothing uploaded below yet
        for m in self.mounts:
            self._seed(m)

    def _seed(self, m: NetworkMount) -> None:
        """What is already in the bucket reads with Mountpoint's default modes and owner."""
        if m.path not in self.tree:
            self.tree.set_with_parents(m.path, Dir(DIR_MODE))
        self.tree.set(m.path, Dir(DIR_MODE))
        for p, e in list(self.tree.walk(m.path)):
            if is_dir(e):
                self.tree.set(p, Dir(DIR_MODE))
            elif type(e) is File:
                self.tree.set(p, replace(e, mode=FILE_MODE, uid=0, gid=0))

    def mount_of(self, path: str) -> NetworkMount | None:
        for m in self.mounts:
            if paths.is_within(path, m.path):
                return m
        return None

    # ---- changes ----
    def create(self, path: str, entry) -> None:
        m = self.mount_of(path)
        if m is None:
            return super().create(path, entry)
        if type(entry) is Symlink:
            raise FsError("ENOSYS", path)            # Mountpoint has no symlink(2)
        if is_dir(entry):
            super().create(path, Dir(DIR_MODE))
            self.local_dirs.add(path)
            return
        if entry.blob.has_zero_runs():
            raise FsError("EINVAL", path)            # data that does not start at offset 0
        super().create(path, replace(entry, mode=FILE_MODE, uid=0, gid=0))
        self._uploaded_below(path)
        if entry.blob.size == 0:
            self.being_written.add(path)

    def replace(self, path: str, entry) -> None:
        m = self.mount_of(path)
        if m is None:
            return super().replace(path, entry)
        old = self.tree.get(path)
        if is_dir(old) or type(entry) is not File or type(old) is not File:
            raise FsError("EPERM", path)             # chmod/chown/utimes of a directory
        if (entry.mode, entry.uid, entry.gid) != (old.mode, old.uid, old.gid):
            raise FsError("EPERM", path)             # chmod, chown: modes are fixed at mount time
        writing = path in self.being_written
        if entry.blob == old.blob:
            if not writing:
                raise FsError("EPERM", path)         # open(O_WRONLY) without O_TRUNC, or touch
            super().replace(path, entry)
            return
        if entry.blob.size == 0:                     # open(O_TRUNC) of a stored file
            if not (writing or m.allow_overwrite):
                raise FsError("EPERM", path)
            super().replace(path, entry)
            self.being_written.add(path)
            return
        if not writing:
            raise FsError("EPERM", path)             # append, or a write without O_TRUNC
        if entry.blob.has_zero_runs() or entry.blob.size < old.blob.size \
                or entry.blob.truncated(old.blob.size) != old.blob:
            raise FsError("EINVAL", path)            # not a sequential write: out of order
        super().replace(path, entry)
        self.being_written.discard(path)             # the command ends: close() uploads it

    def remove(self, path: str) -> None:
        m = self.mount_of(path)
        if m is None:
            return super().remove(path)
        entry = self.tree.get(path)
        if is_dir(entry):
            if path not in self.local_dirs:
                raise FsError("EPERM", path)         # a directory that S3 keys make
            self.local_dirs.discard(path)
        elif not m.allow_delete:
            raise FsError("EPERM", path)
        self.being_written.discard(path)
        super().remove(path)

    def check_rename(self, old: str, new: str) -> None:
        mo, mn = self.mount_of(old), self.mount_of(new)
        if mo is None and mn is None:
            return
        if mo is not mn:
            raise FsError("EXDEV", old)              # another file system: mv copies instead
        raise FsError("ENOSYS", old)                 # Mountpoint has no rename

    def rename(self, old: str, new: str) -> None:
        self.check_rename(old, new)
        super().rename(old, new)

    def _uploaded_below(self, path: str) -> None:
        """A file written in a directory made by mkdir makes it a real S3 prefix."""
        for q in paths.prefixes(paths.parent(path)):
            self.local_dirs.discard(q)


def network_host(host: PlainFS, spec) -> PlainFS:
    """The engine's host file system with the scenario's network storage (or unchanged)."""
    mounts = parse_network_storage(spec)
    if not mounts:
        return host
    return NetworkStorageHost(host.tree, mounts)
