# long module: the file applets (cat touch rm mv cp ln truncate dd chmod chown), each with BusyBox's option rules
"""Applets that read, write, copy, move and remove files: cat touch rm mv cp ln truncate
dd chmod chown. Each follows its BusyBox 1.35 counterpart's calls and messages."""
from __future__ import annotations

import datetime
import re

from simulator.fs import Blob
from simulator.fs import is_dir
from simulator.errors import FsError
from simulator.shell.modes import mode_string, parse_mode
from simulator.shell.process import passwd_entry, table
from simulator.shell.applets.base import EPOCH, AppletExit
from simulator.shell.applets import fileutils as fu


def _text(blob: Blob) -> str:
    return blob.to_bytes().decode("utf-8", "replace")


def cat(cmd, args) -> int:
    opts, files = cmd.getopt(args, "nbvteAu")
    status = 0
    for name in files or ["-"]:
        if name == "-":
            cmd.out(cmd.stdin)
            continue
        if cmd.device(name) == "zero":
            cmd.endless(name)
        try:
            st = cmd.stat(name)
        except FsError as e:
            cmd.perror(f"can't open '{name}'", e)
            status = 1
            continue
        try:
            if is_dir(st.entry):         # open() works on a directory; read() does not
                raise FsError("EISDIR", name)
            cmd.out(_text(cmd.read(name)))
        except FsError as e:
            if e.errno == "EISDIR":
                cmd.perror("read error", e)
            else:
                cmd.perror(f"can't open '{name}'", e)
            status = 1
    return status


def _parse_date(cmd, text: str) -> int:
    """touch -d/-t: an absolute UTC date (or @seconds) as a tick of the simulated clock."""
    if text.startswith("@") and text[1:].isdigit():
        return int(text[1:]) - EPOCH
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y%m%d%H%M.%S", "%Y%m%d%H%M"):
        try:
            t = datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.timezone.utc)
            return int(t.timestamp()) - EPOCH
        except ValueError:
            continue
    cmd.die(f"invalid date '{text}'")


def touch(cmd, args) -> int:
    opts, files = cmd.getopt(args, "chr:d:t:amf", min_args=1)
    mtime = None
    if "r" in opts:
        try:
            mtime = cmd.stat(opts["r"]).entry.mtime
        except FsError as e:
            cmd.perror(f"can't stat '{opts['r']}'", e)
            raise AppletExit(1)
    for key in ("d", "t"):
        if key in opts:
            mtime = _parse_date(cmd, opts[key])
    status = 0
    for name in files:
        # utimensat() first; only ENOENT leads to open(O_CREAT, 0666)
        try:
            if opts.get("h"):
                cmd.lstat(name)
            cmd.utime(name, mtime)
            continue
        except FsError as e:
            err = e
        if err.errno == "ENOENT":
            if opts.get("c"):
                continue
            try:
                cmd.write(name, Blob.of(b""), True, 0o666)
                if mtime is not None:
                    cmd.utime(name, mtime)
                continue
            except FsError as e:
                err = e
        cmd.perror(name, err)
        status = 1
    return status


def rm(cmd, args) -> int:
    opts, files = cmd.getopt(args, "fiRrv")
    force = bool(opts.get("f"))
    if not files and not force:
        cmd.usage()
    status = 0
    for path in files:
        path = fu.strip_slashes(path)      # BusyBox strips them in place before remove_file()
        if fu.last_component_strip(path) in (".", ".."):
            cmd.error("can't remove '.' or '..'")
            status = 1
        elif not fu.remove_file(cmd, path, bool(opts.get("r") or opts.get("R")), force,
                                bool(opts.get("i")), bool(opts.get("v"))):
            status = 1
    return status


def _cp_mv_stat(cmd, path: str, follow: bool = True) -> int:
    """0 missing, 1 exists, 3 directory, -1 error (reported)."""
    try:
        st = cmd.stat(path) if follow else cmd.lstat(path)
    except FsError as e:
        if e.errno != "ENOENT":
            cmd.perror(f"can't stat '{path}'", e)
            return -1
        return 0
    return 3 if is_dir(st.entry) else 1


def mv(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "finTt:v")
    if "t" in opts:
        last, sources = opts["t"], ops
        if not sources:
            cmd.usage()
    else:
        if len(ops) < 2:
            cmd.usage()
        last, sources = ops[-1], ops[:-1]
        if len(ops) == 2:
            dest_exists = _cp_mv_stat(cmd, last)
            if dest_exists < 0:
                return 1
            if not dest_exists & 2 or opts.get("T"):
                return 0 if _move(cmd, ops[0], last, dest_exists, opts) else 1
    status = 0
    for src in sources:
        src = fu.strip_slashes(src)
        dest = fu.concat_path_file(last, fu.last_component_strip(src))
        dest_exists = _cp_mv_stat(cmd, dest)
        if dest_exists < 0 or not _move(cmd, src, dest, dest_exists, opts):
            status = 1
    return status


def _move(cmd, src: str, dest: str, dest_exists: int, opts) -> bool:
    if dest_exists and opts.get("n"):
        ok = True
    elif dest_exists and opts.get("i") and not opts.get("f") and not cmd.ask(f"mv: overwrite '{dest}'? "):
        ok = True
    else:
        ok = _rename_or_copy(cmd, src, dest, dest_exists)
    if opts.get("v"):             # BusyBox prints it whatever happened
        cmd.out(f"'{src}' -> '{dest}'\n")
    return ok


def _rename_or_copy(cmd, src: str, dest: str, dest_exists: int) -> bool:
    try:
        cmd.rename(src, dest)
        return True
    except FsError as e:
        err = e
    source_exists = _cp_mv_stat(cmd, src, follow=False) if err.errno == "EXDEV" else 0
    if err.errno != "EXDEV" or source_exists < 1:
        cmd.perror(f"can't rename '{src}'", err)
        return False
    # rename(2) said EXDEV (another mount, or an overlay directory from the image):
    # copy as cp -a does, then remove the source (BusyBox mv's fallback).
    if dest_exists:
        if dest_exists == 3 and source_exists != 3:
            cmd.error("can't overwrite directory with non-directory")
            return False
        if dest_exists != 3 and source_exists == 3:
            cmd.error("can't overwrite non-directory with directory")
            return False
        try:
            cmd.unlink(dest)
        except FsError as e:
            cmd.perror(f"can't remove '{dest}'", e)
            return False
    if fu.copy_file(cmd, src, dest, fu.RECUR | fu.PRESERVE) < 0:
        return False
    return fu.remove_file(cmd, src, True, True)


def cp(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "pdRfinlsLHarPvuTt:")
    flags = 0
    recur = any(opts.get(c) for c in "rRa")
    if opts.get("p") or opts.get("a"):
        flags |= fu.PRESERVE
    if recur:
        flags |= fu.RECUR
    # symlinks are followed unless -d/-P/-R/-a; -L follows them even then
    if not (recur or opts.get("d") or opts.get("P")) or opts.get("L"):
        flags |= fu.DEREF
    for c, bit in (("f", fu.FORCE), ("n", fu.NO_OVERWRITE), ("l", fu.HARDLINK), ("s", fu.SOFTLINK),
                   ("H", fu.DEREF_L0), ("u", fu.UPDATE), ("i", fu.INTERACTIVE), ("v", fu.VERBOSE)):
        if opts.get(c):
            flags |= bit
    if "t" in opts:
        last, sources = opts["t"], ops
    else:
        if len(ops) < 2:
            cmd.usage()
        last, sources = ops[-1], ops[:-1]
        if len(ops) == 2:
            s_flags = _cp_mv_stat(cmd, ops[0], follow=bool(flags & fu.DEREF))
            if s_flags < 0:
                return 1
            d_flags = _cp_mv_stat(cmd, last)
            if d_flags < 0:
                return 1
            if opts.get("T") and not s_flags & 2 and d_flags & 2:
                cmd.die(f"'{last}' is a directory")
            if not (s_flags | d_flags) & 2 or (flags & fu.RECUR and s_flags & 2 and not d_flags) or opts.get("T"):
                return 1 if fu.copy_file(cmd, ops[0], last, flags) < 0 else 0
    status = 0
    for src in sources:
        src = fu.strip_slashes(src)
        dest = fu.concat_path_file(last, fu.last_component_strip(src))
        if fu.copy_file(cmd, src, dest, flags) < 0:
            status = 1
    return status


def ln(cmd, args) -> int:
    """BusyBox 1.35 coreutils/ln.c: symlink(2) with -s, else link(2) (hard links: one inode,
    two names; on overlayfs the image file is copied up first)."""
    opts, ops = cmd.getopt(args, "sfnbS:vT", min_args=1)
    if opts.get("T") and len(ops) > 2:
        cmd.die("-T accepts 2 args max")
    last = ops[-1]
    if len(ops) == 1:
        ops = ops + [fu.last_component_strip(last)]
        last = ops[-1]
    status = 0
    for target in ops[:-1]:
        link = last
        try:
            st = cmd.lstat(link) if opts.get("n") or opts.get("T") else cmd.stat(link)
            if is_dir(st.entry):
                if opts.get("T"):
                    cmd.die(f"'{link}' is a directory")
                link = fu.concat_path_file(link, fu.last_component_strip(target))
        except FsError:
            pass
        if not opts.get("s") and not cmd.exists(target) and not _is_symlink(cmd, target):
            try:
                cmd.stat(target)
            except FsError as e:
                cmd.perror(target, e)         # coreutils: only a dangling symlink may be linked
                status = 1
                continue
        if opts.get("b"):
            try:
                cmd.rename(link, link + opts.get("S", "~"))
            except FsError as e:
                if e.errno != "ENOENT":
                    cmd.perror(link, e)
                    status = 1
                    continue
        if opts.get("f") or opts.get("b"):
            try:
                cmd.unlink(link)
            except FsError:
                pass
        if opts.get("v"):
            cmd.out(f"'{link}' -> '{target}'\n")
        try:
            if opts.get("s"):
                cmd.symlink(target, link)
            else:
                cmd.link(target, link)
        except FsError as e:
            cmd.perror(link, e)
            status = 1
    return status


def _is_symlink(cmd, path: str) -> bool:
    try:
        return cmd.lstat(path).entry.kind == "symlink"
    except FsError:
        return False

SUFFIXES = {"": 1, "k": 1024, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "b": 512, "kB": 1000,
            "kD": 1000, "MB": 1000 ** 2, "MD": 1000 ** 2, "GB": 1000 ** 3, "GD": 1000 ** 3, "w": 2}


def parse_size(cmd, text: str) -> int:
    """xatoull_sfx: a decimal number with an optional k/K/M/G (binary) suffix."""
    m = re.fullmatch(r"(\d+)([a-zA-Z]*)", text)
    if not m or m.group(2) not in SUFFIXES:
        cmd.die(f"invalid number '{text}'")
    return int(m.group(1)) * SUFFIXES[m.group(2)]


def truncate(cmd, args) -> int:
    opts, files = cmd.getopt(args, "cs:")
    if "s" not in opts or not files:
        cmd.usage()
    size = parse_size(cmd, opts["s"])
    status = 0
    for name in files:
        try:
            cmd.truncate(name, size, create=not opts.get("c"))
        except FsError as e:
            if e.errno == "ENOENT" and opts.get("c"):
                continue
            kind = "truncate" if e.errno in ("EFBIG", "ENOSPC", "EINVAL") else "open"
            cmd.perror(f"{name}: {kind}", e)
            status = 1
    return status


def dd(cmd, args) -> int:
    """dd if= of= bs= count= (skip/seek not modelled): the two "records" lines on stderr.

    Input from /dev/zero is never held in memory beyond what a sized tmpfs can take:
    elsewhere it is written as a run of zeros."""
    ops = {}
    for a in args:
        key, eq, val = a.partition("=")
        if not eq or key not in ("if", "of", "bs", "ibs", "obs", "count", "conv", "status", "iflag", "oflag"):
            cmd.usage()
        ops[key] = val
    bs = parse_size(cmd, ops.get("bs", ops.get("ibs", "512")))
    count = parse_size(cmd, ops["count"]) if "count" in ops else None
    data = _dd_input(cmd, ops.get("if"), bs, count)      # bytes, or an int: that many zeros
    total = data if isinstance(data, int) else len(data)
    records = [bs] * (total // bs) + ([total % bs] if total % bs else [])
    written, err = _dd_output(cmd, ops.get("of"), data, total, "notrunc" in ops.get("conv", ""))
    if err:        # dd stops after the block whose write failed: that one was read
        out = [bs] * (written // bs)
        records = records[:len(out) + 1]
        cmd.perror(f"error writing '{ops.get('of', 'standard output')}'", err)
    else:
        out = records
    if ops.get("status") != "none":
        cmd.err(f"{_recs(records, bs)} records in\n{_recs(out, bs)} records out\n")
    return 1 if err else 0


def _recs(records: list, bs: int) -> str:
    full = sum(1 for r in records if r == bs)
    return f"{full}+{len(records) - full}"


def _dd_input(cmd, path, bs: int, count):
    if path is not None and cmd.device(path) == "zero":
        if count is None:
            cmd.endless(path)
        return bs * count
    if path is None:
        data = cmd.stdin.encode()
    else:
        try:
            data = cmd.read(path, None if count is None else bs * count).to_bytes()   # an endless device: count= of it
        except FsError as e:
            cmd.perror(f"can't open '{path}'", e)
            raise AppletExit(1)
    return data if count is None else data[:bs * count]


def _dd_output(cmd, path, data, total: int, notrunc: bool):
    """(bytes written, error). One write(2) stands for all the blocks; on a sized tmpfs
    that cannot take them all, real dd writes until a short write fills the last page
    and the next one fails: the bytes that fit are worked out from its capacity."""
    if path is None:
        cmd.out(("\0" * data) if isinstance(data, int) else data.decode("utf-8", "replace"))
        return total, None
    try:
        cmd.write(path, Blob.of(b""), notrunc, 0o666)       # open(O_CREAT | O_TRUNC unless notrunc)
    except FsError as e:
        cmd.perror(f"can't open '{path}'", e)
        raise AppletExit(1)
    room = _room(cmd, path)
    fit = total if room is None else min(total, room)
    err = None if fit == total else FsError("ENOSPC", path)
    if isinstance(data, int):
        blob = Blob.zeros(fit) if room is None else Blob.of(b"\0" * fit)   # tmpfs counts written pages
    else:
        blob = Blob.of(data[:fit])
    try:
        if fit:
            cmd.write(path, blob, True)
    except FsError as e:
        return 0, e
    return fit, err


def _room(cmd, path: str) -> int | None:
    """Bytes that still fit in the sized tmpfs holding `path`, or None (no limit known)."""
    try:
        st = cmd.stat(path)
    except FsError:
        return None
    fs = st.mount.fs
    if getattr(fs, "capacity", None) is None or not hasattr(fs, "used"):
        return None
    page = 4096
    have = st.entry.blob.literal_bytes
    return max(0, fs.capacity - fs.used() + -(-have // page) * page - have)


def chmod(cmd, args) -> int:
    # "-x", "-w" ... are modes, not options: the first such argument is kept as the mode
    mode_arg = None
    for i, a in enumerate(args):
        if not a.startswith("-"):
            break
        if len(a) > 1 and a[1] not in "-Rvcf":
            mode_arg = i
            break
    rest = [a for i, a in enumerate(args) if i != mode_arg]
    opts, ops = cmd.getopt(rest, "Rvcf")
    if mode_arg is not None:
        ops.insert(0, args[mode_arg])
    if len(ops) < 2:
        cmd.usage()
    spec, files = ops[0], ops[1:]
    status = 0
    for name in files:
        if not _chmod_one(cmd, name, spec, opts, depth=0):
            status = 1
    return status


def _chmod_one(cmd, name: str, spec: str, opts, depth: int) -> bool:
    """recursive_action with chmod's fileAction: the named file follows a symlink,
    symlinks met below it are skipped; a directory is changed before its entries."""
    quiet = bool(opts.get("f"))
    try:
        st = cmd.lstat(name)
        if depth == 0:
            st = cmd.stat(name)
        elif st.entry.kind == "symlink":
            return True
    except FsError as e:
        if not quiet:
            cmd.perror(name, e)
        return False
    err = _chmod_action(cmd, name, spec, st, opts)
    if not (is_dir(st.entry) and opts.get("R")):
        return err is None
    if err is not None:
        if not quiet:
            cmd.perror(name, err)    # recursive_action warns a second time
        return False
    try:
        names = cmd.listdir(name)
    except FsError as e:
        if not quiet:
            cmd.perror(name, e)
        return False
    ok = True
    for n in names:
        if not _chmod_one(cmd, fu.concat_path_file(name, n), spec, opts, depth + 1):
            ok = False
    return ok


def _chmod_action(cmd, name: str, spec: str, st, opts) -> FsError | None:
    mode = parse_mode(spec, st.entry.mode, cmd.umask, is_dir(st.entry))
    if mode is None:
        cmd.die(f"invalid mode '{spec}'")
    try:
        cmd.chmod(name, mode)
    except FsError as e:
        if not opts.get("f"):
            cmd.perror(name, e)
        return e
    if opts.get("v") or opts.get("c") and st.entry.mode & 0o7777 != mode & 0o7777:
        cmd.out(f"mode of '{name}' changed to {mode & 0o7777:04o} ({mode_string(st.entry.kind, mode)[1:]})\n")
    return None


def _ugid(cmd, spec: str):
    """parse_chown_usergroup_or_die: USER, :GROUP, USER: or USER:GROUP ("." works as ":").
    Returns (uid or None, gid or None); numbers are taken as ids."""
    spec = spec.replace(".", ":", 1) if ":" not in spec else spec
    user, sep, group = spec.partition(":")
    if not sep:
        return _user_id(cmd, user, f"unknown user {user}")[0], None
    if not user:
        return None, _group_id(cmd, group)
    shown = spec if group else user          # "user:" loses its colon first
    uid, login_gid = _user_id(cmd, user, f"unknown user/group {shown}")
    if not group:
        return uid, login_gid
    gid = int(group) if group.isdigit() else _group_id(cmd, group, f"unknown user/group {shown}")
    return uid, gid


def _user_id(cmd, user: str, message: str):
    """(uid, login gid) of a name or number."""
    if user.isdigit():
        row = None
        for r in table(cmd.ns, "/etc/passwd"):
            if len(r) > 3 and r[2] == user:
                row = r
        return int(user), (int(row[3]) if row else None)
    row = passwd_entry(cmd.ns, user)
    if row is None:
        cmd.die(message)
    return int(row[2]), int(row[3])


def _group_id(cmd, name: str, message: str = "") -> int:
    if name.isdigit():
        return int(name)
    for row in table(cmd.ns, "/etc/group"):
        if row[0] == name and len(row) > 2 and row[2].isdigit():
            return int(row[2])
    cmd.die(message or f"unknown group {name}")


def chown(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "RhLHPcvf")
    if len(ops) < 2:
        cmd.usage()
    uid, gid = _ugid(cmd, ops[0])
    follow = not (opts.get("h") or opts.get("R") and not (opts.get("H") or opts.get("L")))
    status = 0
    for name in ops[1:]:
        if not _chown_one(cmd, name, uid, gid, opts, follow, 0):
            status = 1
    return status


def _chown_one(cmd, name, uid, gid, opts, follow, depth) -> bool:
    try:
        st = cmd.lstat(name) if not (depth == 0 and (opts.get("H") or opts.get("L"))) else cmd.stat(name)
    except FsError as e:
        cmd.perror(name, e)
        return False
    ok = True
    if is_dir(st.entry) and opts.get("R"):       # children first (ACTION_DEPTHFIRST)
        try:
            for n in cmd.listdir(name):
                if not _chown_one(cmd, fu.concat_path_file(name, n), uid, gid, opts, follow, depth + 1):
                    ok = False
        except FsError as e:
            cmd.perror(name, e)
            return False
    e = st.entry
    u = e.uid if uid is None else uid
    g = e.gid if gid is None else gid
    try:
        cmd.chown(name, u, g, follow=follow)
        if opts.get("v") or opts.get("c") and (e.uid, e.gid) != (u, g):
            cmd.out(f"changed ownership of '{name}' to {u}:{g}\n")
    except FsError as err:
        if not opts.get("f"):
            cmd.perror(name, err)
        return False
    return ok

