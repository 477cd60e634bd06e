"""readlink, realpath, md5sum, sha256sum, cmp, hostname, date, printenv: BusyBox 1.35's
words and statuses, on the simulated machine.

The machine's clock: `date` shows 2024-01-01 00:00:00 UTC (the time file tick 0 is shown
as) plus the process model's virtual clock when the process carries one (`clock_ms`).
A container cannot set the date or its host name (EPERM, as Docker's default
capabilities leave it)."""
from __future__ import annotations

import datetime
import hashlib
import re

from simulator.errors import FsError
from simulator.shell.applets import textio as io
from simulator.shell.applets.base import EPOCH


def now_seconds(cmd) -> int:
    """Seconds since 1970 on the simulated machine."""
    proc = cmd.shell.proc
    return EPOCH + (getattr(proc, "clock_ms", 0) + getattr(proc, "elapsed_ms", 0)) // 1000


# ---- readlink, realpath ------------------------------------------------------------------
def _realpath(cmd, path: str):
    """realpath(3): (resolved path, None) when every component exists, else (None, error)."""
    try:
        resolved, entry, _ = cmd.ns.resolve(path, True, cmd.cred, cmd.cwd)
    except FsError as e:
        return None, e
    if entry is None:
        return None, FsError("ENOENT", path)
    return resolved, None


def _canonical(cmd, path: str):
    """xmalloc_realpath_coreutils: symlinks followed, the last component may be missing
    (its directory must exist); a bare missing name that is no symlink is ENOENT.
    Returns (path, None) or (None, error)."""
    try:
        resolved, entry, _ = cmd.ns.resolve(path, True, cmd.cred, cmd.cwd)
    except FsError as e:
        return None, e
    if entry is None and "/" not in path:
        try:
            cmd.readlink(path)
        except FsError:
            return None, FsError("ENOENT", path)
    return resolved, None


def readlink(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "fnsqve")
    if len(ops) != 1:
        cmd.usage()
    name = ops[0]
    end = "" if opts.get("n") else "\n"
    if opts.get("f"):
        out, _ = _canonical(cmd, name)
    elif opts.get("e"):
        out, _ = _realpath(cmd, name)
    else:
        try:
            out = cmd.readlink(name)
        except FsError as e:
            out = None
            if opts.get("v"):
                cmd.perror(name, e)
    if out is None:
        return 1
    cmd.out(out + end)
    return 0


def realpath(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "")
    if not ops:
        cmd.usage()
    status = 0
    for name in ops:
        resolved, err = _canonical(cmd, name)
        if resolved is None:
            cmd.perror(name, err)
            status = 1
            continue
        cmd.out(resolved + "\n")
    return status


# ---- md5sum, sha256sum -------------------------------------------------------------------
def _hash(cmd, name: str, algo: str) -> str | None:
    inp = io.open_input(cmd, name)
    if inp.error is not None:
        what = "read" if inp.error.errno == "EISDIR" else "open"
        cmd.perror(f"can't {what} '{name}'", inp.error)
        return None
    return hashlib.new(algo, inp.data).hexdigest()


def _sum(cmd, args, algo: str) -> int:
    opts, files = cmd.getopt(args, "cswbt")
    if not opts.get("c"):
        status = 0
        for name in files or ["-"]:
            digest = _hash(cmd, name, algo)
            if digest is None:
                status = 1
                continue
            cmd.out(f"{digest}  {name}\n")
        return status
    status = 0
    for listing in files or ["-"]:
        inp = io.open_input(cmd, listing)
        if inp.error is not None:
            cmd.perror(listing, inp.error)
            return 1
        text = inp.text
        lines = (text[:-1] if text.endswith("\n") else text).split("\n") if text else []
        failed = 0
        for line in lines:
            cut = line.find("  ")
            if cut < 0:
                cut = line.find(" *")
            if cut < 0:
                if opts.get("w"):
                    cmd.error("invalid format")
                failed += 1
                status = 1
                continue
            want, name = line[:cut], line[cut + 2:]
            digest = _hash(cmd, name, algo)
            ok = digest is not None and digest == want
            if not opts.get("s"):
                cmd.out(f"{name}: {'OK' if ok else 'FAILED'}\n")
            if not ok:
                failed += 1
                status = 1
        if failed and not opts.get("s"):
            cmd.error(f"WARNING: {failed} of {len(lines)} computed checksums did NOT match")
        if not lines:
            cmd.error(f"{listing}: no checksum lines found")
            status = 1
    return status


def md5sum(cmd, args) -> int:
    return _sum(cmd, args, "md5")


def sha256sum(cmd, args) -> int:
    return _sum(cmd, args, "sha256")


# ---- cmp -------------------------------------------------------------------------------------
def cmp(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "ls")
    if not ops or len(ops) > 2:
        cmd.usage()
    names = ops + ["-"] * (2 - len(ops))
    data = []
    for name in names:
        inp = io.open_input(cmd, name)
        if inp.error is not None:
            if not opts.get("s"):
                cmd.perror(name, inp.error)
            return 2
        data.append(inp.data)
    a, b = data
    line = 1
    for k in range(min(len(a), len(b))):
        if a[k] != b[k]:
            if opts.get("s"):
                return 1
            if opts.get("l"):
                cmd.out(f"{k + 1} {a[k]:o} {b[k]:o}\n")
                continue
            cmd.out(f"{names[0]} {names[1]} differ: char {k + 1}, line {line}\n")
            return 1
        if a[k] == 10:
            line += 1
    if len(a) != len(b):
        if not opts.get("s"):
            cmd.error(f"EOF on {names[0] if len(a) < len(b) else names[1]}")
        return 1
    return 1 if opts.get("l") and a != b else 0


# ---- hostname ----------------------------------------------------------------------------------
def host_name(cmd) -> str:
    """The UTS name: what the engine gave the process, else $HOSTNAME (Docker sets it to
    the container's host name), else the first line of /etc/hostname."""
    name = getattr(cmd.shell.proc, "hostname", None) or cmd.env.get("HOSTNAME")
    if name:
        return name
    try:
        return cmd.ns.read("/etc/hostname").to_bytes().decode().split("\n")[0] or "localhost"
    except (FsError, UnicodeDecodeError):
        return "localhost"


def _hosts_entry(cmd, name: str):
    """The /etc/hosts line naming NAME: (address, canonical name), as the files database finds it."""
    try:
        text = cmd.ns.read("/etc/hosts").to_bytes().decode("utf-8", "replace")
    except FsError:
        return None
    for line in text.split("\n"):
        fields = line.split("#")[0].split()
        if len(fields) > 1 and name in fields[1:]:
            return fields[0], fields[1]
    return None


def hostname(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "isfdF:")
    name = host_name(cmd)
    if ops or "F" in opts:          # no CAP_SYS_ADMIN in a container; the simulated host's name is fixed
        cmd.die("sethostname: Operation not permitted")
    if opts.get("s"):
        cmd.out(name.split(".")[0] + "\n")
        return 0
    if opts.get("i") or opts.get("f") or opts.get("d"):
        found = _hosts_entry(cmd, name)
        if found is None:
            cmd.die(f"{name}: Host name lookup failure")
        addr, canon = found
        if opts.get("i"):
            cmd.out(addr + "\n")
        elif opts.get("f"):
            cmd.out(canon + "\n")
        elif "." in canon:
            cmd.out(canon.split(".", 1)[1] + "\n")
        return 0
    cmd.out(name + "\n")
    return 0


# ---- date ----------------------------------------------------------------------------------------
DEFAULT_FORMAT = "%a %b %e %H:%M:%S %Z %Y"
DATE_INPUTS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y.%m.%d-%H:%M:%S",
               "%Y.%m.%d-%H:%M", "%Y%m%d%H%M.%S", "%Y%m%d%H%M", "%m%d%H%M%Y.%S", "%m%d%H%M%Y", "%m%d%H%M",
               "%H:%M:%S", "%H:%M")


def _parse_date(cmd, text: str, now: datetime.datetime) -> datetime.datetime:
    if text.startswith("@") and re.fullmatch(r"@-?\d+", text):
        try:
            return datetime.datetime.fromtimestamp(int(text[1:]), datetime.timezone.utc)
        except (OverflowError, ValueError, OSError):
            cmd.die(f"invalid date '{text}'")
    for fmt in DATE_INPUTS:
        try:
            t = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt.startswith("%H"):
            t = now.replace(hour=t.hour, minute=t.minute, second=t.second if "%S" in fmt else 0, tzinfo=None)
        elif "%Y" not in fmt:
            t = t.replace(year=now.year)
        return t.replace(tzinfo=datetime.timezone.utc)
    cmd.die(f"invalid date '{text}'")


def _strftime(t: datetime.datetime, fmt: str) -> str:
    fmt = fmt.replace("%e", f"{t.day:2d}").replace("%Z", "UTC").replace("%z", "+0000")
    return t.strftime(fmt)


def date(cmd, args) -> int:
    iso = None
    rest = []
    for a in args:
        if a.startswith("-I"):
            iso = a[2:] or "date"
        else:
            rest.append(a)
    opts, ops = cmd.getopt(rest, "Rs:ud:D:r:")
    now = datetime.datetime.fromtimestamp(now_seconds(cmd), datetime.timezone.utc)
    t = now
    if "d" in opts:
        t = _parse_date(cmd, opts["d"], now)
    if "r" in opts:
        try:
            mtime = cmd.stat(opts["r"]).entry.mtime
        except FsError as e:
            cmd.perror(opts["r"], e)
            return 1
        t = datetime.datetime.fromtimestamp(EPOCH + mtime, datetime.timezone.utc)
    fmt = DEFAULT_FORMAT
    if ops and ops[0].startswith("+"):
        fmt = ops[0][1:]
        ops = ops[1:]
    if ops:
        if len(ops) > 1:
            cmd.usage()
        opts["s"] = ops[0]
    if "s" in opts:
        t = _parse_date(cmd, opts["s"], now)
        cmd.error("can't set date: Operation not permitted")
    if opts.get("R"):
        fmt = "%a, %d %b %Y %H:%M:%S %z"
    if iso is not None:
        fmt = {"date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%z", "minutes": "%Y-%m-%dT%H:%M%z",
               "seconds": "%Y-%m-%dT%H:%M:%S%z"}.get(iso, "%Y-%m-%d")
        fmt = fmt.replace("%z", "+00:00")
    cmd.out(_strftime(t, fmt) + "\n")
    return 0


# ---- printenv ------------------------------------------------------------------------------------
def printenv(cmd, args) -> int:
    """BusyBox's printenv (not in Debian's busybox-static, in the busybox image's): all
    variables, or the value of each one named; 1 when one is not set."""
    if not args:
        for k, v in cmd.env.items():
            cmd.out(f"{k}={v}\n")
        return 0
    status = 0
    for name in args:
        if name in cmd.env:
            cmd.out(cmd.env[name] + "\n")
        else:
            status = 1
    return status


__all__ = ["readlink", "realpath", "md5sum", "sha256sum", "cmp", "hostname", "date", "printenv",
           "now_seconds", "host_name"]
