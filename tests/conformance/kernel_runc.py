"""What runc does for a container on the real kernel: its root, its mounts at start, its processes."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
from dataclasses import dataclass, field
from typing import Callable

import kernel_sys as ks
from kernel_cli import MountRequest
from kernel_errors import Unsupported
from kernel_images import Image
from kernel_tree import resolve_in_root

TOOLS_DIR = "/.busybox"             # bottom lower layer of every container; hidden from listings
TOOLS_BIN = TOOLS_DIR + "/bin"
# Docker's overlay2 passes index=off; the other two are this kernel's module defaults,
# written out so a host with other defaults behaves the same.
OVERLAY_OPTIONS = "index=off,redirect_dir=off,metacopy=off"
COMMAND_TIMEOUT = 20

Result = tuple[int, str, str]       # exit code, stdout, stderr
SourceOf = Callable[[MountRequest], str]     # volume or bind mount -> host directory or file


@dataclass
class Container:
    name: str
    id: str
    image: Image
    path: str                        # holds upper/, work/ and merged/ (the overlay)
    mounts: list[MountRequest]
    read_only: bool
    unnamed_volumes: set[str] = field(default_factory=set)   # removed by `rm -v`
    status: str = "created"
    active: dict[int, MountRequest] = field(default_factory=dict)   # mount id -> mount

    @property
    def upper(self) -> str:
        return os.path.join(self.path, "upper")

    @property
    def merged(self) -> str:
        return os.path.join(self.path, "merged")


def mount_root(container: Container, tools_root: str) -> None:
    """The container's root: its image layers (top first) over the BusyBox tools dir,
    with the writable layer as upperdir."""
    for sub in ("", "upper", "work", "merged"):
        os.mkdir(os.path.join(container.path, sub), 0o755)
    lowers = [*reversed(container.image.layer_dirs), tools_root]
    ks.mount("overlay", container.merged, "overlay", 0,
             f"{OVERLAY_OPTIONS},lowerdir={':'.join(lowers)},upperdir={container.upper},"
             f"workdir={os.path.join(container.path, 'work')}")


def run_chrooted(root: str, argv: list[str]) -> Result:
    """BusyBox in ROOT as the container's or host's process: cwd /, umask 022, no stdin."""
    def enter_root():
        os.chroot(root)
        os.chdir("/")

    try:
        process = subprocess.Popen(
            argv, preexec_fn=enter_root, env={"PATH": TOOLS_BIN, "HOME": "/root"}, cwd="/",
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
    except OSError as error:
        return 127, "", f"exec: {argv[0]}: {error.strerror}\n"
    try:
        out, err = process.communicate(timeout=COMMAND_TIMEOUT)
    finally:
        try:                           # whatever the command left running
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    code = process.returncode if process.returncode >= 0 else 128 - process.returncode
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def by_depth(mounts: list[MountRequest]) -> list[MountRequest]:
    # dockerd sorts mounts by depth, so a parent is mounted before a child
    return sorted(mounts, key=lambda mount: mount.target.count("/"))


def make_mount_point(container: Container, mount: MountRequest, is_dir: bool) -> str:
    """runc makes a missing mount point through the container's root, so it lands in the
    upper layer (or inside a mount already made): mkdir -p 0755, or an empty 0755 file
    (with 0755 parents) for a file bind."""
    try:
        point = resolve_in_root(container.merged, mount.target)
        if not os.path.lexists(point):
            if is_dir:
                os.makedirs(point, 0o755)
            else:
                os.makedirs(os.path.dirname(point), 0o755, exist_ok=True)
                os.close(os.open(point, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o755))
    except OSError as error:
        raise Unsupported(f"mount point {mount.target}: {error} (a start error)") from None
    if os.path.isdir(point) != is_dir:
        raise Unsupported(f"mount at {mount.target}: file/directory mismatch (a start error)")
    return point


def _mount_one(container: Container, mount: MountRequest, source_of: SourceOf) -> None:
    if mount.kind == "tmpfs":
        point = resolve_in_root(container.merged, mount.target)
        existing = os.stat(point) if os.path.isdir(point) else None
        point = make_mount_point(container, mount, is_dir=True)
        ks.mount("tmpfs", point, "tmpfs", ks.MS_NOSUID | ks.MS_NODEV | ks.MS_NOEXEC)
        if existing is not None:
            # runc: a tmpfs over a directory that already existed takes that
            # directory's mode; over one runc had to create it keeps tmpfs's 1777
            os.chmod(point, stat.S_IMODE(existing.st_mode))
    else:
        source = source_of(mount)
        if not os.path.exists(source):
            raise Unsupported(f"bind source {mount.host_path} is missing at start")
        point = make_mount_point(container, mount, os.path.isdir(source))
        ks.mount(source, point, None, ks.MS_BIND)
    if not mount.rw:
        ks.mount(None, point, None, ks.MS_REMOUNT | ks.MS_BIND | ks.MS_RDONLY)
    container.active[ks.top_mount_id_at(point)] = mount


def start(container: Container, source_of: SourceOf) -> None:
    """Mounts exist only while the container runs (runc's mount namespace), so they are
    made afresh at each start: a tmpfs is new and empty every time."""
    for mount in by_depth(container.mounts):
        _mount_one(container, mount, source_of)
    if container.read_only:
        # after the mount points exist: --read-only covers the root only
        ks.mount(None, container.merged, None, ks.MS_REMOUNT | ks.MS_BIND | ks.MS_RDONLY)
    container.status = "running"


def stop(container: Container) -> None:
    if container.status != "running":
        return
    ks.unmount_below(container.merged, include_self=False)
    container.active = {}
    if container.read_only:
        ks.mount(None, container.merged, None, ks.MS_REMOUNT | ks.MS_BIND)
    container.status = "exited"


def mount_for_view(container: Container, source_of: SourceOf) -> None:
    """A container that is not running is shown as `docker cp` sees it: volumes and
    binds in place, no tmpfs."""
    for mount in by_depth(container.mounts):
        if mount.kind != "tmpfs":
            source = source_of(mount)
            point = make_mount_point(container, mount, os.path.isdir(source))
            ks.mount(source, point, None, ks.MS_BIND)
            container.active[ks.top_mount_id_at(point)] = mount


def mount_labels(container: Container) -> dict[str, str]:
    """Where each active mount sits now (a rename may have moved it) -> its `from`."""
    labels = {}
    for mount_id, _, point in ks.mounts_below(container.merged, include_self=False):
        mount = container.active.get(mount_id)
        if mount is not None:
            labels[point[len(container.merged):]] = (
                f"volume:{mount.volume}" if mount.kind == "volume" else
                f"bind:{mount.host_path}" if mount.kind == "bind" else "tmpfs")
    return labels
