# long module: the printing applets (echo printf test id stat env ...) with BusyBox's exact formats
"""Applets that print: echo printf test/[ true false sleep id whoami pwd env stat."""
from __future__ import annotations

import re

from simulator.fs import File, Symlink, is_dir
from simulator.errors import FsError
from simulator.shell.modes import S_IFMT, mode_string
from simulator.shell.process import group_name, passwd_entry, user_name, table
from simulator.shell.applets import statinfo
from simulator.shell.applets.base import EPOCH, fs_time

ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unescape(text: str, echo: bool = True) -> tuple[str, bool]:
    """bb_process_escape_sequence over a string; returns (text, stop) where stop is \\c."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), True
        if nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
        elif nxt in "01234567":
            j = i + 1
            if echo and nxt == "0":
                j += 1                      # echo's \0NNN
            m = re.match(r"[0-7]{1,3}", text[j:])
            if m:
                out.append(chr(int(m.group(0), 8) & 0xFF))
                i = j + len(m.group(0))
            else:
                out.append("\0")
                i = j
        elif nxt == "x" and re.match(r"[0-9a-fA-F]", text[i + 2:i + 3]):
            m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
            out.append(chr(int(m.group(0), 16)))
            i += 2 + len(m.group(0))
        else:
            out.append("\\")
            i += 1
    return "".join(out), False


def echo_applet(cmd, args, argv0=None) -> int:
    """Leading args made only of n, e, E letters are options; anything else is text."""
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for c in args[0][1:]:
            newline = newline and c != "n"
            escapes = True if c == "e" else (False if c == "E" else escapes)
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = unescape(text)
        if stop:
            newline = False
    cmd.out(text + ("\n" if newline else ""))
    return 0


def printf_applet(cmd, args, argv0=None) -> int:
    if not args:
        cmd.usage()
    fmt, args = args[0], args[1:]
    status = 0
    while True:
        out, used, stop = _printf_once(cmd, fmt, args)
        if out is None:                  # a width glibc cannot print (EOVERFLOW): silently status 1
            return 1
        cmd.out(out)
        args = args[used:]
        if stop or not args or not used:
            break
    return status


def _printf_once(cmd, fmt: str, args: list):
    out, i, used = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c == "\\":
            m = re.match(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)", fmt[i:])
            text, stop = unescape(m.group(0) if m else "\\", echo=False)
            if stop:
                return "".join(out), used, True
            out.append(text)
            i += len(m.group(0)) if m else 1
            continue
        if c != "%":
            out.append(c)
            i += 1
            continue
        m = re.match(r"%([-+ #0]*)(\d*)(?:\.(\d*))?([sbdiuoxXcf%])", fmt[i:])
        if not m:
            out.append(c)
            i += 1
            continue
        i += len(m.group(0))
        conv = m.group(4)
        if conv == "%":
            out.append("%")
            continue
        arg = args[used] if used < len(args) else ""
        used += 1
        sizes = [int(x) for x in m.group(2, 3) if x]
        if any(n > INT_MAX for n in sizes):
            return None, used, True
        cmd.budget.charge_bytes(max(sizes, default=0))     # before the padding is made
        out.append(_conv(cmd, m, conv, arg))
    return "".join(out), used, False


INT_MAX = 2**31 - 1


def _conv(cmd, m, conv: str, arg: str) -> str:
    flags, width, prec = m.group(1), m.group(2), m.group(3)
    spec = "%" + flags + width + (("." + prec) if prec is not None else "")
    if conv in "sb":
        if conv == "b":
            arg = unescape(arg)[0]
        return (spec + "s") % arg
    if conv == "c":
        return (spec + "s") % arg[:1]
    try:
        n = float(arg) if conv == "f" else (int(arg, 0) if arg else 0)
    except ValueError:
        cmd.error(f"invalid number '{arg}'")
        n = 0
    return (spec + ("d" if conv in "iu" else conv)) % n


# ---- test / [ ---------------------------------------------------------------------------
class TestError(Exception):
    pass


UNARY = set("efdsrwxLhzncbpSguktOG")
BINARY = {"=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "<", ">"}


def test_applet(cmd, args, argv0=None) -> int:
    name = argv0 or cmd.name
    if name == "[":
        if not args or args[-1] != "]":
            cmd.error("missing ]")
            return 2
        args = args[:-1]
    try:
        return 0 if _Test(cmd, args).run() else 1
    except TestError as e:
        cmd.error(str(e))
        return 2


class _Test:
    def __init__(self, cmd, args):
        self.cmd, self.a, self.i = cmd, args, 0

    def run(self) -> bool:
        n = len(self.a)
        if n == 0:
            return False
        if n == 1:
            return self.a[0] != ""
        if n == 2 and self.a[0] == "!":
            return self.a[1] == ""
        if n == 3 and self.a[1] in BINARY:
            return self.binary(*self.a)
        result = self.or_()
        if self.i < n:
            raise TestError(f"{self.a[self.i]}: unknown operand")
        return result

    def peek(self):
        return self.a[self.i] if self.i < len(self.a) else None

    def or_(self) -> bool:
        r = self.and_()
        while self.peek() == "-o":
            self.i += 1
            r = self.and_() or r
        return r

    def and_(self) -> bool:
        r = self.not_()
        while self.peek() == "-a":
            self.i += 1
            r = self.not_() and r
        return r

    def not_(self) -> bool:
        if self.peek() == "!":
            self.i += 1
            return not self.not_()
        return self.primary()

    def primary(self) -> bool:
        a, i = self.a, self.i
        if i >= len(a):
            raise TestError("argument expected")
        if a[i] == "(":
            self.i += 1
            r = self.or_()
            if self.peek() != ")":
                raise TestError("')' expected")
            self.i += 1
            return r
        if i + 2 < len(a) + 0 and a[i + 1] in BINARY:
            self.i += 3
            return self.binary(a[i], a[i + 1], a[i + 2])
        if len(a[i]) == 2 and a[i][0] == "-" and a[i][1] in UNARY and i + 1 < len(a):
            self.i += 2
            return self.unary(a[i][1], a[i + 1])
        self.i += 1
        return a[i] != ""

    def number(self, s: str) -> int:
        if not re.fullmatch(r"\s*[-+]?\d+\s*", s):
            raise TestError(f"{s}: bad number")
        return int(s)

    def binary(self, x: str, op: str, y: str) -> bool:
        if op in ("=", "=="):
            return x == y
        if op == "!=":
            return x != y
        if op in ("<", ">"):
            return x < y if op == "<" else x > y
        if op in ("-nt", "-ot", "-ef"):
            return self.files(x, op, y)
        a, b = self.number(x), self.number(y)
        return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b}[op]

    def files(self, x, op, y) -> bool:
        try:
            sx, sy = self.cmd.stat(x), self.cmd.stat(y)
        except FsError:
            return False
        if op == "-ef":
            return sx.path == sy.path
        return sx.entry.mtime > sy.entry.mtime if op == "-nt" else sx.entry.mtime < sy.entry.mtime

    def unary(self, op: str, arg: str) -> bool:
        if op == "z":
            return arg == ""
        if op == "n":
            return arg != ""
        if op == "t":
            return False
        try:
            st = self.cmd.lstat(arg) if op in "Lh" else self.cmd.stat(arg)
        except FsError:
            return False
        e = st.entry
        checks = {
            "e": True, "f": type(e) is File, "d": is_dir(e), "L": type(e) is Symlink, "h": type(e) is Symlink,
            "s": statinfo.size(st) > 0, "b": False, "c": False, "p": False, "S": False,
            "u": bool(e.mode & 0o4000), "g": bool(e.mode & 0o2000), "k": bool(e.mode & 0o1000),
            "O": e.uid == self.cmd.cred.uid, "G": e.gid == self.cmd.cred.gid,
        }
        if op in checks:
            return checks[op]
        return self.access(st, {"r": 4, "w": 2, "x": 1}[op])

    def access(self, st, bit: int) -> bool:
        cred, e = self.cmd.cred, st.entry
        if bit == 2 and st.mount.read_only:
            return False
        if cred.is_root:
            return bit != 1 or is_dir(e) or bool(e.mode & 0o111)
        shift = 6 if cred.uid == e.uid else 3 if (cred.gid == e.gid or e.gid in cred.groups) else 0
        return bool((e.mode >> shift) & bit)


# ---- small ones -------------------------------------------------------------------------
def true(cmd, args) -> int:
    return 0


def false(cmd, args) -> int:
    return 1


def sleep(cmd, args) -> int:
    """Waits in virtual time (shell/blocking.py): a container's main process is suspended
    until the clock gets there; any other command takes the time and goes on."""
    from simulator.shell.blocking import parse_sleep, sleep_for
    if not args:
        cmd.usage()
    wait = parse_sleep(args)
    if isinstance(wait, str):
        cmd.die(f"invalid number '{wait}'")
    sleep_for(cmd.shell.proc, wait)
    return 0


def whoami(cmd, args) -> int:
    if args:
        cmd.usage()
    name = user_name(cmd.ns, cmd.cred.uid)
    if name is None:
        cmd.die(f"unknown uid {cmd.cred.uid}")
    cmd.out(name + "\n")
    return 0


def pwd(cmd, args) -> int:
    cmd.out(cmd.cwd + "\n")
    return 0


def _member_groups(cmd, user: str, gid: int) -> list[int]:
    out = [gid]
    for row in table(cmd.ns, "/etc/group"):
        if len(row) > 3 and user in row[3].split(",") and row[2].isdigit() and int(row[2]) not in out:
            out.append(int(row[2]))
    return out


def id_(cmd, args) -> int:
    opts, ops = cmd.getopt(args, "rnugG")
    if len(ops) > 1 or sum(bool(opts.get(c)) for c in "ugG") > 1:
        cmd.usage()
    if ops:
        row = passwd_entry(cmd.ns, ops[0])
        if row is None:
            cmd.die(f"unknown user {ops[0]}")
        uid, gid = int(row[2]), int(row[3])
        groups = _member_groups(cmd, ops[0], gid)
    else:
        uid, gid, groups = cmd.cred.uid, cmd.cred.gid, list(cmd.cred.groups)
    uname, gname = user_name(cmd.ns, uid), group_name(cmd.ns, gid)
    name_only = bool(opts.get("n"))
    if opts.get("u") or opts.get("g"):
        num, name = (uid, uname) if opts.get("u") else (gid, gname)
        if name_only and name is None:
            cmd.error(f"unknown ID {num}")
            cmd.out(f"{num}\n")
            return 1
        cmd.out(f"{name if name_only else num}\n")
        return 0
    if opts.get("G"):
        shown = [str(g) if not name_only else (group_name(cmd.ns, g) or str(g)) for g in groups]
        cmd.out(" ".join(shown) + "\n")
        return 0
    text = f"uid={uid}" + (f"({uname})" if uname else "") + f" gid={gid}" + (f"({gname})" if gname else "")
    if groups:
        text += " groups=" + ",".join(f"{g}" + (f"({group_name(cmd.ns, g)})" if group_name(cmd.ns, g) else "")
                                      for g in groups)
    cmd.out(text + "\n")
    return 0


def env(cmd, args) -> int:
    environ = dict(cmd.env)
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-i", "-"):
            environ = {}
        elif a == "-u" and i + 1 < len(args):
            environ.pop(args[i + 1], None)
            i += 1
        elif a.startswith("-u") and len(a) > 2:
            environ.pop(a[2:], None)
        elif a.startswith("-") and a != "-":
            cmd.error(f"invalid option -- '{a[1:2]}'")
            cmd.usage()
        else:
            break
        i += 1
    while i < len(args) and "=" in args[i]:
        k, _, v = args[i].partition("=")
        environ[k] = v
        i += 1
    if i < len(args):
        return cmd.shell.exec_applet(args[i:], environ)
    for k, v in environ.items():
        cmd.out(f"{k}={v}\n")
    return 0


# ---- stat -------------------------------------------------------------------------------
FILE_TYPES = {"dir": "directory", "symlink": "symbolic link", "chardev": "character special file"}
DEFAULT_FORMAT = ("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
                  "Device: %Dh/%dd\tInode: %-10i  Links: %h\n"
                  "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
                  "Access: %x\nModify: %y\nChange: %z")
TERSE_FORMAT = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o"


def stat(cmd, args) -> int:
    opts, files = cmd.getopt(args, "c:fLt", min_args=1)
    if opts.get("f"):
        cmd.die("stat -f is not modelled by the simulator")
    fmt = opts.get("c") or (TERSE_FORMAT if opts.get("t") else DEFAULT_FORMAT)
    status = 0
    for name in files:
        try:
            st = cmd.stat(name) if opts.get("L") else cmd.lstat(name)
        except FsError as e:
            cmd.perror(f"can't stat '{name}'", e)
            status = 1
            continue
        cmd.out(_format(cmd, fmt, name, st) + "\n")
    return status


def _field(cmd, c: str, name: str, st):
    """(value, printf conversion) of one %-directive of stat -c."""
    e = st.entry
    mode = e.mode | S_IFMT[e.kind]
    human = fs_time(e.mtime).strftime("%Y-%m-%d %H:%M:%S.000000000 +0000")
    if c == "n":
        return name, "s"
    if c == "N":
        return (f"'{name}' -> '{e.target}'" if type(e) is Symlink else name), "s"
    if c == "F":
        kind = FILE_TYPES.get(e.kind) or ("regular empty file" if e.size == 0 else "regular file")
        return kind, "s"
    table = {
        "a": (e.mode & 0o7777, "o"), "A": (mode_string(e.kind, e.mode), "s"), "f": (mode, "x"),
        "u": (e.uid, "d"), "g": (e.gid, "d"), "s": (statinfo.size(st), "d"), "h": (statinfo.nlink(st), "d"),
        "U": (user_name(cmd.ns, e.uid) or "UNKNOWN", "s"), "G": (group_name(cmd.ns, e.gid) or "UNKNOWN", "s"),
        "b": (statinfo.blocks(st), "d"), "B": (512, "d"), "o": (4096, "d"), "i": (statinfo.inode(st), "d"),
        "d": (64768, "d"), "D": (0xFD00, "x"), "t": (getattr(e, "major", 0), "x"), "T": (getattr(e, "minor", 0), "x"),
        "x": (human, "s"), "y": (human, "s"), "z": (human, "s"),
        "X": (EPOCH + e.mtime, "d"), "Y": (EPOCH + e.mtime, "d"), "Z": (EPOCH + e.mtime, "d"),
    }
    return table.get(c, (c, "c"))


def _format(cmd, fmt: str, name: str, st) -> str:
    out, i = [], 0
    while i < len(fmt):
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        m = re.match(r"%([-#+ 0-9.I]*)(.?)", fmt[j:])
        mods, c = m.group(1), m.group(2)
        i = j + len(m.group(0))
        if c in ("", "%"):
            out.append("%")
            continue
        value, conv = _field(cmd, c, name, st)
        out.append(("%" + mods.replace("I", "") + conv) % value)
    return "".join(out)
