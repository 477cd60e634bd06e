"""find: BusyBox 1.35 findutils/find.c, as Debian's busybox-static builds it (no -delete
there: "find: unrecognized: -delete", as the real one says). A directory is listed by
name (the simulator's readdir order)."""
from __future__ import annotations

import re

from simulator.errors import FsError
from simulator.fs import is_dir
from simulator.shell.applets import textio as io
from simulator.shell.applets.base import AppletExit
from simulator.shell.applets.fileutils import concat_path_file
from simulator.shell.applets.sysinfo import now_seconds
from simulator.shell.pattern import Pattern

TAKES_ARG = {"-name", "-iname", "-path", "-ipath", "-wholename", "-regex", "-type", "-perm", "-mtime",
             "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-user", "-group", "-size",
             "-links", "-inum", "-samefile", "-maxdepth", "-mindepth"}
NO_ARG = {"-print", "-print0", "-prune", "-empty", "-depth", "-xdev", "-quit", "-executable", "-follow",
          "-true", "-false", "-a", "-and", "-o", "-or", "-not", "!", "(", ")"}
TYPES = {"f": "file", "d": "dir", "l": "symlink", "b": "block", "c": "char", "p": "fifo", "s": "socket"}
SIZE_UNITS = {"": 512, "b": 512, "c": 1, "w": 2, "k": 1024, "M": 1024 ** 2, "G": 1024 ** 3}


class _Find:
    def __init__(self, cmd):
        self.cmd = cmd
        self.need_print = True
        self.mindepth, self.maxdepth = 0, 1 << 30
        self.depth_first = False
        self.follow = False
        self.batches: list = []          # -exec ... + : (argv template, collected paths)
        self.status = 0
        self.quit = False

    # ---- parsing: or := and (-o and)* ; and := unary ([-a] unary)* ; unary := ! unary | ( or ) | primary
    def parse(self, args: list[str]):
        self.args, self.i = args, 0
        if not args:
            return None
        expr = self._or()
        if self.i < len(args):
            self.cmd.die("unpaired '('") if args[self.i] == ")" else self._unrecognized(args[self.i])
        return expr

    def _peek(self):
        return self.args[self.i] if self.i < len(self.args) else None

    def _or(self):
        left = self._and()
        while self._peek() in ("-o", "-or"):
            self.i += 1
            left = ("or", left, self._and())
        return left

    def _and(self):
        left = self._unary()
        while self._peek() not in (None, ")", "-o", "-or"):
            if self._peek() in ("-a", "-and"):
                self.i += 1
            left = ("and", left, self._unary())
        return left

    def _unary(self):
        tok = self._peek()
        if tok in ("!", "-not"):
            self.i += 1
            return ("not", self._unary())
        if tok == "(":
            self.i += 1
            inner = self._or()
            if self._peek() != ")":
                self.cmd.die("unpaired '('")
            self.i += 1
            return inner
        return self._primary()

    def _unrecognized(self, arg: str):
        self.cmd.error(f"unrecognized: {arg}")
        self.cmd.usage()

    def _primary(self):
        arg = self._peek()
        if arg is None:
            self.cmd.die("unpaired '('")
        self.i += 1
        if arg in ("-exec", "-ok"):
            return self._exec()
        if arg in TAKES_ARG:
            if self.i >= len(self.args):
                self.cmd.die(f"{arg} requires an argument")
            value = self.args[self.i]
            self.i += 1
            return self._test(arg, value)
        if arg in ("-print", "-print0"):
            self.need_print = False
            return ("print", "\0" if arg == "-print0" else "\n")
        if arg == "-depth":
            self.depth_first = True
            return ("true",)
        if arg in ("-xdev", "-follow", "-true"):
            self.follow = self.follow or arg == "-follow"
            return ("true",)
        if arg == "-false":
            return ("false",)
        if arg == "-prune":
            return ("prune",)
        if arg == "-quit":
            self.need_print = False
            return ("quit",)
        if arg == "-empty":
            return ("empty",)
        if arg == "-executable":
            return ("exec-bit",)
        self._unrecognized(arg)

    def _test(self, arg: str, value: str):
        if arg in ("-maxdepth", "-mindepth"):
            n = io.number(self.cmd, value, {"": 1})
            if arg == "-maxdepth":
                self.maxdepth = n
            else:
                self.mindepth = n
            return ("true",)
        if arg in ("-name", "-iname", "-path", "-ipath", "-wholename"):
            fold = arg in ("-iname", "-ipath")
            return ("name" if arg.endswith("name") and arg != "-wholename" else "path",
                    Pattern(value.lower() if fold else value), fold)
        if arg == "-regex":
            from simulator.shell import regex
            try:
                return ("regex", regex.Regex(value, False))
            except (regex.RegexError, regex.TooComplex):
                self.cmd.die(f"bad regex '{value}'")
        if arg == "-type":
            if value not in TYPES:
                self.cmd.die(f"invalid argument '{value}' to '-type'")
            return ("type", TYPES[value])
        if arg in ("-newer", "-samefile"):
            try:
                st = self.cmd.stat(value)
            except FsError as e:
                self.cmd.perror(f"can't stat '{value}'", e)
                raise AppletExit(1)
            return ("newer", st.entry.mtime) if arg == "-newer" else ("same", st.path)
        if arg in ("-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin"):
            sign, n = self._signed(value)
            return ("age", sign, n, 86400 if arg.endswith("time") else 60)
        if arg == "-size":
            m = re.fullmatch(r"([-+]?)(\d+)([bcwkMG]?)", value)
            if not m:
                self.cmd.die(f"invalid number '{value}'")
            return ("size", m.group(1), int(m.group(2)) * SIZE_UNITS[m.group(3)])
        if arg == "-links":
            sign, n = self._signed(value)
            return ("links", sign, n)
        if arg in ("-user", "-group"):
            return ("owner", arg == "-user", value)
        if arg == "-perm":
            m = re.fullmatch(r"([-+/]?)([0-7]+)", value)
            if not m:
                self.cmd.die(f"invalid mode '{value}'")
            return ("perm", m.group(1), int(m.group(2), 8))
        if arg == "-inum":
            return ("inum", io.number(self.cmd, value, {"": 1}))

    def _signed(self, value: str):
        sign = value[:1] if value[:1] in "+-" else ""
        return sign, io.number(self.cmd, value[len(sign):], {"": 1})

    def _exec(self):
        self.need_print = False
        argv = []
        while True:
            if self.i >= len(self.args):
                self.cmd.die("-exec requires an argument")
            a = self.args[self.i]
            self.i += 1
            if a == ";":
                break
            if a == "+" and argv and argv[-1] == "{}":
                if argv.count("{}") > 1:
                    self.cmd.die("only one '{}' allowed for -exec +")
                batch = (argv[:-1], [])
                self.batches.append(batch)
                return ("batch", batch)
            argv.append(a)
        if not argv:
            self.cmd.die("-exec requires an argument")
        return ("exec", argv)

    # ---- evaluation -------------------------------------------------------------------
    def eval(self, node, path: str, st) -> tuple[bool, bool]:
        """(result, prune)."""
        kind = node[0]
        if kind == "and":
            a, p1 = self.eval(node[1], path, st)
            if not a or self.quit:
                return a, p1
            b, p2 = self.eval(node[2], path, st)
            return b, p1 or p2
        if kind == "or":
            a, p1 = self.eval(node[1], path, st)
            if a or self.quit:
                return a, p1
            b, p2 = self.eval(node[2], path, st)
            return b, p1 or p2
        if kind == "not":
            r, p = self.eval(node[1], path, st)
            return not r, p
        return self._primary_value(node, path, st), kind == "prune"

    def _primary_value(self, node, path: str, st) -> bool:
        kind, e = node[0], st.entry
        if kind in ("true", "prune"):
            return True
        if kind == "false":
            return False
        if kind == "print":
            self.cmd.out(path + node[1])
            return True
        if kind == "quit":
            self.quit = True
            return True
        if kind == "name":
            base = _name_of(path)
            return node[1].fullmatch(base.lower() if node[2] else base)
        if kind == "path":
            return node[1].fullmatch(path.lower() if node[2] else path)
        if kind == "regex":
            return node[1].fullmatch(path)
        if kind == "type":
            return e.kind == node[1]
        if kind == "newer":
            return e.mtime > node[1]
        if kind == "same":
            return st.path == node[1]
        if kind == "empty":
            if is_dir(e):
                return not st.mount.fs.names(st.mount.inner(st.path))
            return e.kind == "file" and e.size == 0
        if kind == "exec-bit":
            return bool(e.mode & 0o111)
        if kind == "age":
            age = (now_seconds(self.cmd) - _mtime_seconds(e)) // node[3]
            return _compare(node[1], age, node[2])
        if kind == "size":
            size = e.size if e.kind == "file" else len(e.target) if e.kind == "symlink" else 4096
            return _compare(node[1], size, node[2])
        if kind == "links":
            from simulator.shell.applets import statinfo
            return _compare(node[1], statinfo.nlink(st), node[2])
        if kind == "owner":
            return _owner_matches(self.cmd, e, node[1], node[2])
        if kind == "perm":
            mode, how, want = e.mode & 0o7777, node[1], node[2]
            if how == "-":
                return mode & want == want
            if how in ("+", "/"):
                return bool(mode & want) or not want
            return mode == want
        if kind == "inum":
            from simulator.shell.applets import statinfo
            return statinfo.inode(st) == node[1]
        if kind == "exec":
            argv = [a.replace("{}", path) for a in node[1]]
            return self.cmd.shell.exec_applet(argv, self.cmd.env) == 0
        if kind == "batch":
            node[1][1].append(path)
            return True
        return False

    def run_batches(self) -> None:
        for argv, paths_ in self.batches:
            if paths_ and self.cmd.shell.exec_applet(argv + paths_, self.cmd.env) != 0:
                self.status = 1
            paths_.clear()

    # ---- the walk ------------------------------------------------------------------------
    def walk(self, expr, path: str, depth: int, top: bool) -> None:
        if self.quit:
            return
        self.cmd.budget.charge()
        try:
            st = self.cmd.stat(path) if self.follow else self.cmd.lstat(path)
        except FsError as e:
            self.cmd.perror(path, e)
            self.status = 1
            return
        descend = is_dir(st.entry) and depth < self.maxdepth
        prune = False
        if not self.depth_first and depth >= self.mindepth:
            prune = self._act(expr, path, st)
        if descend and not prune and not self.quit:
            try:
                names = self.cmd.listdir(path)
            except FsError as e:
                self.cmd.perror(path, e)
                self.status = 1
                names = []
            for name in names:
                self.walk(expr, concat_path_file(path, name), depth + 1, False)
        if self.depth_first and depth >= self.mindepth and not self.quit:
            self._act(expr, path, st)

    def _act(self, expr, path: str, st) -> bool:
        if expr is None:
            self.cmd.out(path + "\n")
            return False
        result, prune = self.eval(expr, path, st)
        if result and self.need_print:
            self.cmd.out(path + "\n")
        return prune


def _name_of(path: str) -> str:
    """find's -name sees the last component without trailing slashes; "//..." is "/"."""
    base = path.rpartition("/")[2]
    if base:
        return base
    end = len(path)
    while end > 0 and path[end - 1] == "/":
        end -= 1
    if end == 0:
        return "/" if len(path) > 1 else path
    return path[:end].rpartition("/")[2]


def _compare(sign: str, value: int, n: int) -> bool:
    return value > n if sign == "+" else value < n if sign == "-" else value == n


def _mtime_seconds(entry) -> int:
    from simulator.shell.applets.base import EPOCH
    return EPOCH + getattr(entry, "mtime", 0)


def _owner_matches(cmd, e, user: bool, value: str) -> bool:
    from simulator.shell.process import table
    want = int(value) if value.isdigit() else None
    if want is None:
        rows = table(cmd.ns, "/etc/passwd" if user else "/etc/group")
        ids = [int(r[2]) for r in rows if r[0] == value and len(r) > 2 and r[2].isdigit()]
        if not ids:
            cmd.die(f"unknown {'user' if user else 'group'} {value}")
        want = ids[0]
    return (e.uid if user else e.gid) == want


def find(cmd, args) -> int:
    f = _Find(cmd)
    i = 0
    while i < len(args) and args[i] in ("-H", "-L"):
        f.follow = f.follow or args[i] == "-L"
        i += 1
    roots = []
    while i < len(args) and not (args[i].startswith("-") and len(args[i]) > 1) and args[i] not in ("!", "(", ")"):
        roots.append(args[i])
        i += 1
    expr = f.parse(args[i:])
    for root in roots or ["."]:
        f.walk(expr, root, 0, True)
        if f.quit:
            break
    f.run_batches()
    return f.status
