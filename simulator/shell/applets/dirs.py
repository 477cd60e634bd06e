"""ls, mkdir and rmdir as BusyBox 1.35 prints and does them.

`ls -l` line: "%-10s %4u %-8.8s %-8.8s %9u %s %s" (mode, links, owner, group, size,
date, name[ -> target]); owners are names from the namespace's /etc/passwd and
/etc/group, or numbers. The date is "Mon dd HH:MM" of the mtime shown as 2024-01-01
00:00:00 UTC plus the mtime tick in seconds; the simulation has no "now", so ls always
uses the recent-file form (never the "Mon dd  YYYY" one). Output is not a terminal, so
plain `ls` prints one name per line.
"""
from __future__ import annotations

from dataclasses import dataclass

from simulator.fs import Symlink, is_dir
from simulator.errors import FsError
from simulator.shell.modes import mode_string, parse_mode
from simulator.shell.process import group_name, user_name
from simulator.shell.applets import statinfo
from simulator.shell.applets.base import fs_time
from simulator.shell.applets.fileutils import concat_path_file


@dataclass
class Node:
    fullname: str
    name: str
    st: object


class Lister:
    def __init__(self, cmd, opts):
        self.cmd = cmd
        self.o = opts
        self.long = bool(opts.get("l") or opts.get("n") or opts.get("g"))
        self.status = 0
        self.users: dict = {}
        self.groups: dict = {}

    def stat(self, fullname: str, name: str, follow: bool):
        try:
            st = self.cmd.stat(fullname) if follow or self.o.get("L") else self.cmd.lstat(fullname)
        except FsError as e:
            self.cmd.perror(fullname, e)
            self.status = 1
            return None
        return Node(fullname, name, st)

    def sort(self, nodes: list) -> list:
        if self.o.get("t"):
            nodes = sorted(nodes, key=lambda n: (-n.st.entry.mtime, n.name))
        elif self.o.get("S"):
            nodes = sorted(nodes, key=lambda n: (-statinfo.size(n.st), n.name))
        else:
            nodes = sorted(nodes, key=lambda n: n.name.encode())
        return nodes[::-1] if self.o.get("r") else nodes

    def owner(self, uid: int) -> str:
        if uid not in self.users:
            self.users[uid] = user_name(self.cmd.ns, uid) or str(uid)
        return self.users[uid]

    def group(self, gid: int) -> str:
        if gid not in self.groups:
            self.groups[gid] = group_name(self.cmd.ns, gid) or str(gid)
        return self.groups[gid]

    def line(self, n: Node) -> str:
        e = n.st.entry
        suffix = ""
        if self.o.get("F") or self.o.get("p"):
            suffix = "/" if is_dir(e) else ""
            if self.o.get("F") and not suffix:
                suffix = "@" if type(e) is Symlink else ("*" if e.mode & 0o111 else "")
        parts = []
        if self.o.get("i"):
            parts.append(f"{statinfo.inode(n.st):7d} ")
        if self.o.get("s"):
            parts.append(f"{statinfo.blocks(n.st) >> 1:6d} ")
        if not self.long:
            return "".join(parts) + n.name + suffix
        parts.append(f"{mode_string(e.kind, e.mode):<10} {statinfo.nlink(n.st):4d} ")
        if self.o.get("n"):
            parts.append(f"{e.gid:<8d} " if self.o.get("g") else f"{e.uid:<8d} {e.gid:<8d} ")
        elif self.o.get("g"):
            parts.append(f"{self.group(e.gid)[:8]:<8} ")
        else:
            parts.append(f"{self.owner(e.uid)[:8]:<8} {self.group(e.gid)[:8]:<8} ")
        if e.kind == "chardev":
            parts.append(f"{e.major:4d}, {e.minor:3d} ")
        else:
            parts.append(f"{statinfo.size(n.st):9d} ")
        fmt = "%Y-%m-%d %H:%M:%S +0000" if self.o.get("full_time") else "%b %e %H:%M"
        parts.append(fs_time(e.mtime).strftime(fmt) + " ")
        parts.append(n.name)
        if type(e) is Symlink:
            parts.append(" -> " + e.target)
        return "".join(parts) + suffix

    def show(self, nodes: list) -> None:
        for n in self.sort(nodes):
            self.cmd.out(self.line(n) + "\n")

    def scan(self, path: str) -> list | None:
        try:
            names = self.cmd.listdir(path)
        except FsError as e:
            self.cmd.perror(f"can't open '{path}'", e)
            self.status = 1
            return None
        if self.o.get("a"):
            names = [".", ".."] + names
        elif not self.o.get("A"):
            names = [x for x in names if not x.startswith(".")]
        nodes = []
        for name in names:
            node = self.stat(concat_path_file(path, name), name, False)
            if node:
                nodes.append(node)
        return nodes

    def dirs(self, dirs: list, first: bool, label: bool) -> None:
        # -R goes depth first with a stack of its own: a tree 2,000 levels deep is listed
        # as BusyBox lists it, not stopped by Python's recursion limit
        pending = [iter(dirs)]
        while pending:
            d = next(pending[-1], None)
            if d is None:
                pending.pop()
                continue
            if label or self.o.get("R"):
                if not first:
                    self.cmd.out("\n")
                first = False
                self.cmd.out(f"{d.fullname}:\n")
            nodes = self.scan(d.fullname)
            if self.long or self.o.get("s"):
                total = 1 + sum(statinfo.blocks(n.st) for n in nodes or [])
                self.cmd.out(f"total {total >> 1}\n")
            if not nodes:
                continue
            self.show(nodes)
            if self.o.get("R"):
                subs = [n for n in nodes if is_dir(n.st.entry) and n.name not in (".", "..")]
                pending.append(iter(self.sort(subs)))


def ls(cmd, args) -> int:
    full_time = "--full-time" in args
    args = [a for a in args if a not in ("--full-time", "--color=never", "--color=auto", "--group-directories-first")]
    opts, operands = cmd.getopt(args, "1AaCxdLHRFplinshrSXvctugw:")
    if full_time:
        opts["l"] = opts["full_time"] = True
    if opts.get("d"):
        opts.pop("R", None)
    lister = Lister(cmd, opts)
    # names on the command line: symlinks followed unless -l (or -F), or with -H/-L
    follow = not (lister.long or opts.get("F") or opts.get("i") or opts.get("s")) or opts.get("H")
    nodes = []
    for name in operands or ["."]:
        node = lister.stat(name, name, follow)
        if node:
            nodes.append(node)
    if opts.get("d"):
        lister.show(nodes)
        return lister.status
    files = [n for n in nodes if not is_dir(n.st.entry)]
    dirs = [n for n in nodes if is_dir(n.st.entry)]
    if files:
        lister.show(files)
    if dirs:
        lister.dirs(lister.sort(dirs), not files, len(operands) > 1)
    return lister.status


def mkdir(cmd, args) -> int:
    opts, dirs = cmd.getopt(args, "m:pv", min_args=1)
    mode = None
    if "m" in opts:
        mode = parse_mode(opts["m"], 0o777, cmd.umask, True)
        if mode is None:
            cmd.die(f"invalid mode '{opts['m']}'")
    status = 0
    for path in dirs:
        if not make_directory(cmd, path, mode, bool(opts.get("p"))):
            status = 1
    return status


def _prefixes(path: str) -> list[str]:
    """mkdir -p's steps: "a/b//c" -> ["a/", "a/b//", "a/b//c"] (each keeps its slashes)."""
    out, i, n = [], 0, len(path)
    while i < n:
        if path[i] != "/":
            i += 1
            continue
        k = i
        while k < n and path[k] == "/":
            k += 1
        if k < n:
            out.append(path[:k])
        i = k
    return out + [path]


def make_directory(cmd, path: str, mode, parents: bool) -> bool:
    """bb_make_directory: with -p each parent gets mode 0777 & ~(umask & ~0300)."""
    if path == "/" or path == ".":
        return True
    steps = _prefixes(path) if parents else [path]
    for step in steps:
        last = step == steps[-1]
        if not last and step.rstrip("/").rpartition("/")[2] in ("", ".", ".."):
            continue          # "/", "./", "../" exist: mkdir() would say EEXIST
        umask = cmd.umask if last else cmd.umask & ~0o300
        try:
            cmd.mkdir(step, 0o777, umask=umask)
        except FsError as e:
            err = e
            if e.errno in ("EEXIST", "EISDIR") and parents:
                try:
                    st = cmd.stat(step)
                    if is_dir(st.entry):
                        if last:
                            return True
                        continue
                except FsError as e2:
                    err = e2
            cmd.perror(f"can't create directory '{step}'", err)
            return False
        if last and mode is not None:
            try:
                cmd.chmod(step, mode)
            except FsError as e:
                cmd.perror(f"can't set permissions of directory '{step}'", e)
                return False
    return True


def rmdir(cmd, args) -> int:
    opts, dirs = cmd.getopt(args, "pv", min_args=1)
    status = 0
    for path in dirs:
        while True:
            try:
                cmd.rmdir(path)
            except FsError as e:
                cmd.perror(f"'{path}'", e)
                status = 1
                break
            if not opts.get("p"):
                break
            path = path.rstrip("/").rpartition("/")[0].rstrip("/")
            if not path:
                break
    return status
