"""`tar c|x|t [-v] [-f FILE] [-C DIR] [FILE]...`: BusyBox tar on the simulated file systems.

The archive is a real ustar file (made and read with Python's tarfile) stored in the
simulated file system, so a volume can be backed up to a bind-mounted host directory with
a helper container and restored into another volume, as Docker's documentation shows.
Times: an entry's mtime tick is stored as 2024-01-01 00:00:00 UTC + tick (as `ls -l`
shows it); owners and modes are kept, and restored when root extracts.
"""
from __future__ import annotations

import io
import tarfile

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import Symlink, is_dir
from simulator.errors import FsError
from simulator.shell.applets.base import EPOCH, fs_time

MODES = "cxt"


def tar(cmd, args) -> int:
    if args and not args[0].startswith("-"):
        args = ["-" + args[0]] + args[1:]          # old style: `tar cvf x.tar DIR`
    opts, operands = cmd.getopt(args, "cxtvf:C:Omokh")
    modes = [m for m in MODES if opts.get(m)]
    if len(modes) != 1:
        cmd.usage()
    archive = opts.get("f", "-")
    base = cmd.abspath(opts["C"]) if opts.get("C") else cmd.cwd
    if modes[0] == "c":
        return _create(cmd, archive, base, operands, bool(opts.get("v")))
    try:
        data = (cmd.stdin.encode() if archive == "-" else cmd.read(archive).to_bytes())
    except FsError as e:
        cmd.perror(f"can't open '{archive}'", e)
        return 1
    try:
        members = tarfile.open(fileobj=io.BytesIO(data), mode="r:").getmembers()
    except tarfile.TarError:
        cmd.error("invalid tar magic")
        return 1
    if modes[0] == "t":
        for m in members:
            cmd.out(_long(m) if opts.get("v") else m.name + ("/" if m.isdir() else "") + "\n")
        return 0
    return _extract(cmd, data, members, base, opts)


# ---- c: create -----------------------------------------------------------------------
def _create(cmd, archive: str, base: str, operands: list[str], verbose: bool) -> int:
    if not operands:
        cmd.error("empty archive")
        return 1
    out = io.BytesIO()
    failed, warned = False, False
    verbose_out = cmd.err if archive == "-" else cmd.out
    with tarfile.open(fileobj=out, mode="w:", format=tarfile.USTAR_FORMAT) as tf:
        for operand in operands:
            path = operand if operand.startswith("/") else paths.join(base, operand)
            name = paths.normalise(path)[1:] if operand.startswith("/") else operand.rstrip("/") or operand
            if operand.startswith("/") and not warned:
                cmd.error("removing leading '/' from member names")
                warned = True
            try:
                for member_name, full, st in _walk(cmd, paths.normalise(path), name):
                    tf.addfile(*_member(member_name, st, cmd))
                    if verbose:
                        verbose_out(member_name + ("/" if is_dir(st.entry) else "") + "\n")
            except FsError as e:
                cmd.error(f"{operand}: {e.strerror}")
                failed = True
        end = tf.offset
    # BusyBox ends with two zero blocks; Python pads further, to a 10 KiB record
    data = out.getvalue()[:end + 2 * tarfile.BLOCKSIZE]
    if archive == "-":
        cmd.out(data.decode("latin-1"))
    else:
        try:
            cmd.write(archive, Blob.of(data))
        except FsError as e:
            cmd.perror(f"can't open '{archive}'", e)
            return 1
    if failed:
        cmd.error("error exit delayed from previous errors")
        return 1
    return 0


def _walk(cmd, path: str, name: str):
    st = cmd.lstat(path)
    yield name, path, st
    if is_dir(st.entry):
        for child in cmd.listdir(path):
            yield from _walk(cmd, paths.join(path, child), f"{name}/{child}" if name else child)


def _member(name: str, st, cmd):
    e = st.entry
    info = tarfile.TarInfo(name)
    info.mode, info.uid, info.gid, info.mtime = e.mode & 0o7777, e.uid, e.gid, EPOCH + e.mtime
    info.uname, info.gname = _names(cmd, e.uid, e.gid)
    if is_dir(e):
        info.type = tarfile.DIRTYPE
        return info, None
    if type(e) is Symlink:
        info.type, info.linkname = tarfile.SYMTYPE, e.target
        return info, None
    data = e.blob.to_bytes()
    info.size = len(data)
    return info, io.BytesIO(data)


def _names(cmd, uid: int, gid: int) -> tuple[str, str]:
    from simulator.shell.process import group_name, user_name
    return user_name(cmd.ns, uid) or "", group_name(cmd.ns, gid) or ""


# ---- x: extract ----------------------------------------------------------------------
def _extract(cmd, data: bytes, members, base: str, opts) -> int:
    tf = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
    status = 0
    for m in members:
        target = paths.normalise(paths.join(base, m.name.lstrip("/")))
        if opts.get("v"):
            cmd.out(m.name + ("/" if m.isdir() else "") + "\n")
        try:
            _extract_one(cmd, tf, m, target, opts)
        except FsError as e:
            cmd.perror(f"can't create {'directory' if m.isdir() else 'file'} '{m.name}'", e)
            status = 1
    return status


def _extract_one(cmd, tf, m, target: str, opts) -> None:
    _make_parents(cmd, target)
    existing = _lstat_or_none(cmd, target)
    if m.isdir():
        if existing is None:
            cmd.mkdir(target, m.mode, umask=0)
    else:
        if existing is not None and not is_dir(existing.entry):
            if opts.get("k"):
                return
            cmd.unlink(target)                   # BusyBox replaces a file, it does not write into it
        if m.issym():
            cmd.symlink(m.linkname, target)
        else:
            cmd.write(target, Blob.of(tf.extractfile(m).read()), mode=m.mode)
    if not m.issym():
        cmd.chmod(target, m.mode)
        if cmd.cred.is_root and not opts.get("o"):
            cmd.chown(target, m.uid, m.gid, follow=False)
        if not opts.get("m"):
            cmd.utime(target, max(0, int(m.mtime) - EPOCH))


def _make_parents(cmd, target: str) -> None:
    for q in paths.prefixes(paths.parent(target)):
        if _lstat_or_none(cmd, q) is None:
            cmd.mkdir(q, 0o755)


def _lstat_or_none(cmd, path: str):
    try:
        return cmd.lstat(path)
    except FsError:
        return None


# ---- t: list ---------------------------------------------------------------------------
def _long(m) -> str:
    kind = "d" if m.isdir() else "l" if m.issym() else "-"
    perms = "".join(c if m.mode & (1 << (8 - i)) else "-" for i, c in enumerate("rwxrwxrwx"))
    owner = f"{m.uname or m.uid}/{m.gname or m.gid}"
    when = fs_time(max(0, int(m.mtime) - EPOCH)).strftime("%Y-%m-%d %H:%M:%S")
    name = m.name + ("/" if m.isdir() else "") + (f" -> {m.linkname}" if m.issym() else "")
    return f"{kind}{perms} {owner} {m.size:9d} {when} {name}\n"
