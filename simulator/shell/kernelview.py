"""/dev and /proc as a process in a container sees them: devices and kernel views, never files
of a layer (so `docker diff` never lists them, and no layer holds them).

Docker mounts a small tmpfs on /dev with the standard character devices and proc on /proc;
what is listed here was recorded in a Docker 26.1.5 container (`ls -la /dev`, `ls /proc`,
`cat /proc/mounts`, `cat /proc/self/mountinfo`; tests/conformance and
tests/docker_recordings/kernel_views/containers.txt). Devices behave as the kernel's do:
- null: reads nothing, swallows writes; zero: endless NUL bytes; full: endless NUL bytes,
  a write fails with ENOSPC; random, urandom: endless bytes, here a deterministic stream
  seeded from the container's name (the same scenario gives the same bytes);
- tty: the controlling terminal: ENXIO without `-t`;
- stdin, stdout, stderr, fd: the process's own streams.
/proc/mounts (a link to self/mounts) and /proc/self/mountinfo list the container's overlay
root, /dev, /proc and friends, and every volume, bind and tmpfs mount with the options
Docker 26 gives them. Ids and host paths are the simulator's (deterministic), the shape is
the kernel's. Docker's own /etc/hosts, /etc/hostname and /etc/resolv.conf binds are not
modelled, so they are not listed.

Reading an endless device needs a limit (`head -c N`, `dd count=N`); without one the
applet refuses in one line, where the real command would never end.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from simulator.errors import FsError
from simulator.fs import Blob, Dir, File, Symlink, paths

MODE_DEV = 0o666


@dataclass(frozen=True, slots=True)
class Device:
    """A character device node (what `ls -l` shows as `crw-rw-rw- ... 1,   3`)."""
    major: int
    minor: int
    name: str
    mode: int = MODE_DEV
    uid: int = 0
    gid: int = 0
    mtime: int = 0

    kind = "chardev"


DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8), "urandom": (1, 9), "tty": (5, 0)}
ENDLESS = {"zero", "full", "random", "urandom"}
DEV_LINKS = {"fd": "/proc/self/fd", "ptmx": "pts/ptmx", "stdin": "/proc/self/fd/0",
             "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"}
DEV_DIRS = {"mqueue": 0o1777, "pts": 0o755, "shm": 0o1777}
PROC_TOP = {"1": "dir", "self": "link", "thread-self": "link", "mounts": "link"}
PROC_PID = ("mounts", "mountinfo")
DISK = "/dev/vda"             # the host's disk, as the recorded engine showed it
DISK_OPTS = "relatime,discard,resv_strict,resuid=65534,resgid=65534"   # the recorded host disk's ext4 options


def applies(path: str) -> bool:
    return path in ("/dev", "/proc") or path.startswith("/dev/") or path.startswith("/proc/")


class KernelView:
    """The /dev and /proc of one container namespace (`ns.owner` names the container)."""

    def __init__(self, ns, tty: bool = False):
        self.ns = ns
        self.tty = tty
        self.stream = 0               # bytes of random data handed out so far

    # ---- lookup ---------------------------------------------------------------------------
    def lookup(self, path: str):
        """The entry at a normalised absolute PATH under /dev or /proc, or None."""
        parts = paths.components(path)
        top, rest = parts[0], parts[1:]
        if top == "dev":
            return self._dev(rest)
        return self._proc(rest)

    def _dev(self, rest):
        if not rest:
            return Dir(0o755)
        name = rest[0]
        if len(rest) == 1:
            if name in DEVICES:
                return Device(*DEVICES[name], name)
            if name in DEV_LINKS:
                return Symlink(DEV_LINKS[name])
            if name in DEV_DIRS:
                return Dir(DEV_DIRS[name])
            return None
        if name == "pts" and rest[1:] == ["ptmx"]:
            return Device(5, 2, "ptmx", 0)
        return None

    def _proc(self, rest):
        if not rest:
            return Dir(0o555)
        name = rest[0]
        if len(rest) == 1:
            kind = PROC_TOP.get(name)
            if kind == "dir":
                return Dir(0o555)
            if kind == "link":
                return Symlink({"self": "1", "thread-self": "1/task/1", "mounts": "self/mounts"}[name])
            return None
        if name == "1" and len(rest) == 2 and rest[1] in PROC_PID:
            return File(Blob.of(self.text(rest[1])), 0o444)
        return None

    def names(self, path: str) -> list[str]:
        parts = paths.components(path)
        if parts == ["dev"]:
            return sorted(set(DEVICES) | set(DEV_LINKS) | set(DEV_DIRS))
        if parts == ["dev", "pts"]:
            return ["ptmx"]
        if parts == ["proc"]:
            return sorted(PROC_TOP)
        if parts == ["proc", "1"]:
            return list(PROC_PID)
        return []

    def resolve(self, path: str, follow: bool = True) -> tuple[str, object]:
        """Walk PATH through the view's own links (/proc/self, /proc/mounts, /dev/fd ...):
        (resolved path, entry or None). Raises ENOTDIR/ENOENT for a bad middle component."""
        todo = [c for c in path.split("/") if c][::-1]
        cur, links = "/", 0
        while todo:
            nxt = paths.join(cur, todo.pop())
            entry = self.lookup(nxt) if applies(nxt) else None
            if type(entry) is Symlink and (todo or follow):
                links += 1
                if links > 8:
                    raise FsError("ELOOP", path)
                target = entry.target
                todo.extend([c for c in target.split("/") if c][::-1])
                if target.startswith("/"):
                    cur = "/"
                continue
            if todo and (entry is None or type(entry) is not Dir):
                raise FsError("ENOTDIR" if entry is not None else "ENOENT", path)
            cur = nxt
        return cur, self.lookup(cur) if applies(cur) else None

    # ---- data -------------------------------------------------------------------------------
    def read(self, path: str, limit: int | None) -> bytes:
        """The bytes a read of PATH gives (LIMIT bytes of an endless device)."""
        full, entry = self.resolve(path)
        if entry is None:
            raise FsError("ENOENT", path)
        if type(entry) is Dir:
            raise FsError("EISDIR", path)
        if type(entry) is Device:
            if entry.name == "null":
                return b""
            if entry.name == "tty" and not self.tty:
                raise FsError("ENXIO", path)
            if entry.name in ENDLESS:
                if limit is None:
                    raise EndlessRead(path)
                return b"\0" * limit if entry.name in ("zero", "full") else self.random(limit)
            raise FsError("EIO", path)
        return entry.blob.to_bytes()[:limit] if limit is not None else entry.blob.to_bytes()

    def write(self, path: str, nbytes: int = 0) -> str:
        """What opening PATH for writing (and writing NBYTES) does: "discard", "stdout" (the
        terminal), or raises. /dev/full opens, then fails the first write."""
        full, entry = self.resolve(path)
        if entry is None:
            raise FsError("ENOENT", path) if full.startswith("/proc") else NotModelled(path)
        if type(entry) is Dir:
            raise FsError("EISDIR", path)
        if type(entry) is Device:
            if entry.name == "full" and nbytes:
                raise FsError("ENOSPC", path)
            if entry.name == "tty":
                if not self.tty:
                    raise FsError("ENXIO", path)
                return "stdout"
            return "discard"
        raise FsError("EACCES", path)

    def is_full(self, path: str) -> bool:
        entry = self.resolve(path)[1]
        return type(entry) is Device and entry.name == "full"

    def random(self, n: int) -> bytes:
        """The next N bytes of the container's random stream (sha256 in counter mode)."""
        out = bytearray()
        seed = (self.ns.owner or "host").encode()
        while len(out) < n:
            block = self.stream // 32
            digest = hashlib.sha256(seed + b"\0" + block.to_bytes(8, "big")).digest()
            skip = self.stream % 32
            take = digest[skip:skip + n - len(out)]
            out += take
            self.stream += len(take)
        return bytes(out)

    # ---- /proc/self/mounts and mountinfo -----------------------------------------------------
    def mounts(self) -> list[tuple]:
        """(device, target, fstype, options, root within its file system) in the kernel's order."""
        rows = [("overlay", "/", "overlay", self._overlay_options(), "/")]
        rows += [("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime", "/"),
                 ("tmpfs", "/dev", "tmpfs", "rw,nosuid,size=65536k,mode=755", "/"),
                 ("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666", "/"),
                 ("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime", "/"),
                 ("tmpfs", "/sys/fs/cgroup", "tmpfs", "rw,nosuid,nodev,noexec,relatime,mode=755", "/")]
        rows += [("cgroup", f"/sys/fs/cgroup/{c}", "cgroup", f"ro,nosuid,nodev,noexec,relatime,{o}", "/docker")
                 for c, o in CGROUPS]
        rows += [("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime", "/"),
                 ("shm", "/dev/shm", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=65536k", "/")]
        for target, m in sorted(self.ns.mounts.items(), key=lambda kv: (len(paths.components(kv[0])), kv[0])):
            if target == "/":
                continue
            rows.append(self._mount_row(target, m))
        rows += [("proc", f"/proc/{p}", "proc", "ro,nosuid,nodev,noexec,relatime", f"/{p}")
                 for p in ("bus", "fs", "irq", "sys")]
        rows += [("tmpfs", "/proc/acpi", "tmpfs", "ro,relatime", "/"),
                 ("tmpfs", "/proc/keys", "tmpfs", "rw,nosuid,size=65536k,mode=755", "/null"),
                 ("tmpfs", "/proc/timer_list", "tmpfs", "rw,nosuid,size=65536k,mode=755", "/null"),
                 ("tmpfs", "/sys/firmware", "tmpfs", "ro,relatime", "/")]
        return rows

    def _mount_row(self, target: str, m) -> tuple:
        ro = "ro" if m.read_only else "rw"
        label = m.label
        if label == "tmpfs":
            cap = getattr(m.fs, "capacity", None)
            size = f",size={cap // 1024}k" if cap else ""
            return ("tmpfs", target, "tmpfs", f"{ro},nosuid,nodev,noexec,relatime{size}", "/")
        if label.startswith("volume:"):
            root = f"/var/lib/docker/volumes/{label[7:]}/_data"
        elif label.startswith("bind:"):
            root = label[5:]
        else:
            root = m.base
        return (DISK, target, "ext4", f"{ro},{DISK_OPTS}", root)

    def _overlay_options(self) -> str:
        layer_dir = _hex("overlay2:" + (self.ns.owner or ""))
        lower = getattr(self.ns.mounts["/"].fs, "lower", None)
        layers = list(getattr(lower, "layers", []))
        links = [_short(layer_dir + "-init")] + [_short(getattr(layer, "id", str(i))) for i, layer in
                                                 reversed(list(enumerate(layers)))]
        base = "/var/lib/docker/overlay2"
        return (f"rw,relatime,lowerdir={':'.join(f'{base}/l/{s}' for s in links)},"
                f"upperdir={base}/{layer_dir}/diff,workdir={base}/{layer_dir}/work")

    def text(self, which: str) -> str:
        rows = self.mounts()
        if which == "mounts":
            return "".join(f"{dev} {target} {fstype} {opts} 0 0\n" for dev, target, fstype, opts, _ in rows)
        out, ids = [], {}
        for k, (dev, target, fstype, opts, root) in enumerate(rows):
            mount_id = 600 + k
            parent_target = paths.parent(target) if target != "/" else None
            parent = 0
            while parent_target is not None:
                if parent_target in ids:
                    parent = ids[parent_target]
                    break
                parent_target = paths.parent(parent_target) if parent_target != "/" else None
            ids[target] = mount_id
            major_minor = "254:0" if dev == DISK else f"0:{40 + k}"
            per_mount, _, super_opts = _split_options(fstype, opts)
            out.append(f"{mount_id} {parent or 599} {major_minor} {root} {target} {per_mount} - {fstype} {dev} "
                       f"{super_opts}\n")
        return "".join(out)


class NotModelled(Exception):
    """A change under /dev (a new file, mkdir, rm of a device): a real container's /dev is a
    writable tmpfs, the simulator's holds Docker's devices only."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


class EndlessRead(Exception):
    """A read of a device that never ends, without a limit."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


# the recorded engine's host runs cgroup v1: one read-only mount per controller
CGROUPS = [("cpu", "cpu"), ("cpuacct", "cpuacct"), ("cpuset", "cpuset"), ("memory", "memory"), ("devices", "devices"),
           ("freezer", "freezer"), ("blkio", "blkio"), ("pids", "pids"), ("systemd", "name=systemd")]
PER_MOUNT = {"ro", "rw", "nosuid", "nodev", "noexec", "relatime", "noatime"}


def _split_options(fstype: str, opts: str) -> tuple[str, str, str]:
    """mountinfo splits options: per-mount ones before " - ", the file system's after."""
    items = opts.split(",")
    per = ",".join(o for o in items if o in PER_MOUNT)
    rw = "ro" if "ro" in items and fstype in ("sysfs",) or opts == "ro,relatime" else "rw"
    sb = ",".join([rw] + [o for o in items if o not in PER_MOUNT])
    return per, "", sb


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _short(text: str) -> str:
    """overlay2's short link names: 26 characters of base32."""
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:26]


# ---- what Cmd (applets/base.py) asks --------------------------------------------------------------
class KernelFS:
    """The view as a mount's file system, so `stat`, `ls -l` and link counts work on it."""

    kind = "kernel"

    def __init__(self, view: KernelView):
        self.view = view

    def lookup(self, path: str):
        return self.view.lookup(path) if applies(path) else None

    def names(self, path: str) -> list[str]:
        return self.view.names(path)

    def nlink(self, path: str) -> int:
        return 1


def view_for(proc, ns) -> KernelView:
    """The process's view (one per process: its random stream goes on between reads)."""
    view = getattr(proc, "kernel_view", None)
    if view is None or view.ns is not ns:
        view = KernelView(ns, tty=bool(getattr(proc, "tty", False)))
        proc.kernel_view = view
    return view


def stat(view: KernelView, path: str, follow: bool, shown: str):
    """A Stat for PATH in the view (ENOENT/ENOTDIR as the kernel gives them)."""
    from simulator.fs import Mount, Stat
    full, entry = view.resolve(path, follow)
    if entry is None:
        raise FsError("ENOENT", shown)
    label = "tmpfs" if full == "/dev" or full.startswith("/dev/") else "proc"
    return Stat(full, entry, Mount("/", KernelFS(view), "/", False, label))


class FullStream:
    """What a redirection to /dev/full gives: the open works, the first write fails (ENOSPC,
    reported when the command's output is flushed, as stdio does)."""

    def __init__(self, path: str):
        self.path, self.pending = path, False

    def write(self, text: str) -> None:
        self.pending = self.pending or bool(text)

    def flush(self):
        failed, self.pending = self.pending, False
        return FsError("ENOSPC", self.path) if failed else None
