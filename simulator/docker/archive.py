"""`docker cp` on the engine's side (dockerd's containerArchivePath / containerExtractToDir):
the files a copy reads or writes are the container's root file system with its volumes and
bind mounts mounted by the daemon, never its tmpfs mounts, running or not (recorded on the
real engine: a copy into a running container's tmpfs lands in the writable layer beneath it,
and the container does not see it). Mount points the daemon needs are made in the writable
layer, as dockerd's mountVolumes does."""
from __future__ import annotations

from simulator.errors import DockerError, FsError
from simulator.fs import paths
from simulator.fs import Dir, File, is_dir
from simulator.fs import Mount, Namespace

NETWORK_FILES = ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")


def _network_files(engine, c) -> None:
    """Recorded: a copy to or from a container that has been started leaves its init layer's
    /etc/hostname, /etc/hosts and /etc/resolv.conf (empty, 0755, where the daemon binds the
    network files) copied up into the writable layer, /etc with them."""
    overlay = engine._rootfs_namespace(c, sink=[]).mounts["/"].fs
    if "/etc" not in c.upper:
        if is_dir(overlay.lookup("/etc")):
            overlay.copy_up("/etc")
        elif overlay.lookup("/etc") is None:
            c.upper.set("/etc", Dir(0o755))
        else:
            return
    for path in NETWORK_FILES:
        if path not in c.upper:
            c.upper.set(path, File(mode=0o755))


def copy_namespace(engine, c) -> Namespace:
    """The container's files as the daemon mounts them for a copy (writes go to the real
    writable layer, volumes and host directories)."""
    if c.status != "created":
        _network_files(engine, c)
    ns = engine._rootfs_namespace(c)
    for m in engine._sorted_mounts(c):
        if m.type == "tmpfs":
            continue
        try:
            fs, base = engine._mount_source(m, create=False)
        except DockerError:
            continue
        if fs is None:
            continue
        src_is_dir = is_dir(fs.lookup(base))
        try:
            dest, entry = engine._resolve_mount_target(ns, m.path)
            if entry is None:
                engine._make_mount_point(ns, dest, src_is_dir)
            elif is_dir(entry) != src_is_dir:
                continue
        except FsError:
            continue
        ns.add_mount(Mount(dest, fs, base, False, m.label))
    return ns


def check_writable(c, path: str) -> None:
    """dockerd's checks before extracting into PATH (a directory in the container): inside a
    volume or bind mount it must be read-write; elsewhere the root file system must be."""
    for m in sorted(c.mounts, key=lambda m: -len(m.path)):
        if m.type == "tmpfs":
            continue
        if paths.is_within(paths.normalise(path), paths.normalise(m.path)):
            if not m.rw:
                raise DockerError("mounted volume is marked read-only")
            return
    if c.read_only:
        raise DockerError("container rootfs is marked read-only")
