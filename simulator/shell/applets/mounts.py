"""df, du, mount, umount: BusyBox 1.35's (coreutils/df.c, du.c, util-linux/mount.c), reading
the mount table the container's /proc/mounts shows (shell/kernelview.py).

The simulated machine: one host disk (/dev/vda, ext4) of 64 GiB, 8 GiB of it used by the host
itself, plus what this container's writable layer and the volumes and binds it mounts hold;
4 GiB of memory, so a tmpfs without a size gets 2 GiB (the kernel's half of RAM). /dev and
/dev/shm are 64 MiB tmpfs, as Docker makes them."""
from __future__ import annotations

from simulator.errors import FsError
from simulator.fs import File, is_dir
from simulator.shell import kernelview
from simulator.shell.applets import statinfo
from simulator.shell.applets.fileutils import concat_path_file

DISK_KB = 64 * 1024 * 1024
HOST_USED_KB = 8 * 1024 * 1024
RAM_KB = 4 * 1024 * 1024
PSEUDO = {"proc", "sysfs", "devpts", "cgroup", "cgroup2", "mqueue"}       # statfs reports 0 blocks


def human(kb_or_bytes: float, unit: int = 1024) -> str:
    """make_human_readable_str(size, unit, 0): "0", "512", "4.0K", "252.0G"."""
    value = kb_or_bytes * unit
    if value == 0:
        return "0"
    suffixes = ["", "K", "M", "G", "T", "P", "E"]
    i = 0
    while value >= 1024 and i < len(suffixes) - 1:
        value /= 1024
        i += 1
    if i == 0:
        return f"{int(value)}"
    frac = int(value * 10 + 0.5) / 10 if value < 1024 else value
    return f"{frac:.1f}{suffixes[i]}"


# ---- the mount table ------------------------------------------------------------------------
def table(cmd) -> list[tuple]:
    """(device, target, fstype, options) as /proc/mounts lists them; the host's own is one disk."""
    view = _view(cmd)
    if view is None:
        return [(kernelview.DISK, "/", "ext4", "rw,relatime")]
    return [row[:4] for row in view.mounts()]


def _view(cmd):
    return getattr(cmd, "kernel", None) or (kernelview.KernelView(cmd.ns) if cmd.ns.owner is not None else None)


def _bytes_in(fs) -> int:
    tree = getattr(fs, "tree", None) or getattr(fs, "upper", None)
    if tree is None:
        return 0
    return sum(-(-e.size // 4096) * 4096 for e in tree.entries.values() if type(e) is File)


def _statfs(cmd, target: str, fstype: str, options: str) -> tuple[int, int, int]:
    """(total, used, available) in KiB."""
    if fstype in PSEUDO:
        return 0, 0, 0
    if fstype == "tmpfs":
        mount = cmd.ns.mounts.get(target)
        size = next((int(o[5:-1]) for o in options.split(",") if o.startswith("size=") and o.endswith("k")), None)
        total = size if size is not None else RAM_KB // 2
        used = mount.fs.used() // 1024 if mount is not None and hasattr(mount.fs, "used") else 0
        return total, used, total - used
    seen, used = set(), HOST_USED_KB * 1024
    for m in cmd.ns.mounts.values():
        if getattr(m.fs, "capacity", None) is None and id(m.fs) not in seen:
            seen.add(id(m.fs))
            used += _bytes_in(m.fs)
    used_kb = used // 1024
    return DISK_KB, used_kb, DISK_KB - used_kb


def df(cmd, args) -> int:
    opts, files = cmd.getopt(args, "kmhTaPB:")
    rows = table(cmd)
    if files:
        chosen = []
        for name in files:
            try:
                st = cmd.stat(name)
            except FsError as e:
                cmd.perror(name, e)
                return 1
            chosen.append(_row_of(cmd, rows, st.path))
        rows = chosen
    typ = bool(opts.get("T"))
    if opts.get("h"):
        cmd.out("Filesystem           " + ("Type       " if typ else "") + "     Size      Used Available Use% Mounted on\n")
    else:
        unit = "1M-blocks" if opts.get("m") else "1K-blocks"
        cmd.out("Filesystem           " + ("Type       " if typ else "") + f"{unit}      Used Available Use% Mounted on\n")
    for dev, target, fstype, options in rows:
        total, used, avail = _statfs(cmd, target, fstype, options)
        if total == 0 and not opts.get("a"):
            continue
        pct = (used * 100 + (used + avail) // 2) // (used + avail) if used + avail else 0
        head = f"{dev:<20}" if len(dev) <= 20 else f"{dev}\n{'':20}"
        if typ:
            head += f" {fstype:<10}"
        if opts.get("h"):
            cells = f" {human(total):>9} {human(used):>9} {human(avail):>9}"
        elif opts.get("m"):
            cells = f" {total // 1024:9d} {used // 1024:9d} {avail // 1024:9d}"
        else:
            cells = f" {total:9d} {used:9d} {avail:9d}"
        cmd.out(f"{head}{cells} {pct:3d}% {target}\n")
    return 0


def _row_of(cmd, rows, path: str):
    """BusyBox's find_mount_point: the first mount of the same device as PATH (so every
    bind and volume on the host disk is reported as the first of them)."""
    holder = cmd.ns.mount_for(path).target
    for row in rows:
        if row[1] == holder:
            if row[0] == kernelview.DISK:
                return next(r for r in rows if r[0] == kernelview.DISK)
            return row
    return rows[0]


def mount(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "o:t:rwanfvsiO:")
    if ops or opts.get("a"):
        # no CAP_SYS_ADMIN in a container; the simulated host mounts nothing by hand either
        cmd.die("permission denied (are you root?)")
    for dev, target, fstype, options in table(cmd):
        if "t" in opts and opts["t"] != fstype:
            continue
        cmd.out(f"{dev} on {target} type {fstype} ({options})\n")
    return 0


def umount(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "flDnrva", min_args=1)
    status = 0
    for name in ops:
        try:
            st = cmd.stat(name)
            target = st.path
        except FsError as e:
            cmd.perror(f"can't unmount {name}", e)
            status = 1
            continue
        known = any(row[1] == target for row in table(cmd))
        cmd.error(f"can't unmount {name}: {'Operation not permitted' if known else 'Invalid argument'}")
        status = 1
    return status


# ---- du -------------------------------------------------------------------------------------
def du(cmd, args) -> int:
    opts, files = cmd.getopt(args, "aHkLmhsxd:lc")
    depth_limit = 0 if opts.get("s") else (int(opts["d"]) if str(opts.get("d", "")).isdigit() else None)
    state = {"seen": set(), "status": 0, "root_dev": None}
    total = 0
    for name in files or ["."]:
        total += _du(cmd, name, opts, depth_limit, 0, state)
    if opts.get("c"):
        _print(cmd, opts, total, "total")
    return state["status"]


def _print(cmd, opts, blocks: int, name: str) -> None:
    if opts.get("h"):
        size = human(blocks, 512)
    elif opts.get("m"):
        size = str((blocks + 2047) >> 11)
    else:
        size = str((blocks + 1) >> 1)
    cmd.out(f"{size}\t{name}\n")


def _identity(st):
    e = st.entry
    if is_dir(e):
        return ("dir", id(st.mount.fs), st.mount.inner(st.path))
    ino = getattr(e, "ino", 0)
    return ("ino", id(st.mount.fs), ino) if ino else ("path", st.path)


def _du(cmd, name: str, opts, depth_limit, depth: int, state) -> int:
    cmd.budget.charge()
    try:
        st = cmd.stat(name) if (opts.get("L") or depth == 0 and opts.get("H")) else cmd.lstat(name)
    except FsError as e:
        cmd.perror(name, e)
        state["status"] = 1
        return 0
    if not opts.get("l") and statinfo.nlink(st) > 1:
        key = _identity(st)
        if key in state["seen"]:
            return 0
        state["seen"].add(key)
    blocks = statinfo.blocks(st)
    if is_dir(st.entry):
        if depth == 0:
            state["root_dev"] = id(st.mount)
        try:
            names = cmd.listdir(name)
        except FsError as e:
            cmd.perror(name, e)
            state["status"] = 1
            names = []
        for n in names:
            child = concat_path_file(name, n)
            if opts.get("x") and id(cmd.ns.mount_for(cmd.abspath(child))) != state["root_dev"]:
                continue
            blocks += _du(cmd, child, opts, depth_limit, depth + 1, state)
        if depth_limit is None or depth <= depth_limit:
            _print(cmd, opts, blocks, name)
    elif (opts.get("a") and (depth_limit is None or depth <= depth_limit)) or depth == 0:
        _print(cmd, opts, blocks, name)
    return blocks
