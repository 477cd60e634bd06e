"""What an applet sees while it runs (`Cmd`), BusyBox-style option parsing and messages.

Applets are functions `(cmd: Cmd, args: list[str]) -> int`. They call the namespace only
through `cmd`, which supplies the process's credentials and working directory and adds
two kernel rules the namespace leaves to the caller: a path with a trailing slash must
name a directory (ENOTDIR otherwise), and /dev/null, /dev/zero, /dev/stdout and
/dev/stderr are character devices even when the namespace has no /dev.
"""
from __future__ import annotations

import datetime

from simulator.fs import paths
from simulator.fs import Blob
from simulator.errors import FsError
from simulator.fs import is_dir
from simulator.shell import kernelview
from simulator.shell.applets.usage import BANNER, USAGE

EPOCH = 1704067200        # 2024-01-01 00:00:00 UTC: what mtime tick 0 is shown as
DEVICES = {"/dev/null", "/dev/zero", "/dev/stdout", "/dev/stderr", "/dev/stdin"}


class AppletExit(Exception):
    """bb_show_usage / xfunc_die: stop the applet with this status."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def fs_time(tick: int) -> datetime.datetime:
    """The simulation has no wall clock: tick t is shown as 2024-01-01 00:00:00 UTC + t s."""
    return datetime.datetime.fromtimestamp(EPOCH + tick, datetime.timezone.utc)


class Cmd:
    def __init__(self, shell, name: str, stdin: str, out, err, env: dict):
        self.shell = shell
        self.name = name
        self.argv0 = name           # as invoked ("/bin/sh"): what sh calls itself in messages
        self.stdin = stdin
        self.out_stream = out
        self.err_stream = err
        self.env = env
        self.ns = shell.ns
        self.cred = shell.proc.cred
        self.umask = shell.umask

    @property
    def cwd(self) -> str:
        return self.shell.cwd

    @property
    def budget(self):
        """The command's work budget (shell/budget.py): `cmd.budget.charge(units)` before
        work that grows with the input, `cmd.budget.charge_bytes(n)` before making N bytes."""
        return self.shell.budget

    # ---- output and messages ----
    def out(self, text: str) -> None:
        self.out_stream.write(text)

    def err(self, text: str) -> None:
        self.err_stream.write(text)

    def error(self, msg: str) -> None:
        """bb_error_msg: 'NAME: msg'."""
        self.err(f"{self.name}: {msg}\n")

    def perror(self, msg: str, e: FsError) -> None:
        """bb_perror_msg: 'NAME: msg: strerror(errno)'."""
        self.err(f"{self.name}: {msg}: {e.strerror}\n")

    def die(self, msg: str, status: int = 1):
        self.error(msg)
        raise AppletExit(status)

    def ask(self, prompt: str) -> bool:
        """bb_ask_y_confirmation: the prompt on stderr, then one line of stdin; y/Y is yes."""
        self.err(prompt)
        line, _, self.stdin = self.stdin.partition("\n")
        return line.lstrip()[:1] in ("y", "Y")

    def usage(self):
        self.err(BANNER + USAGE.get(self.name, f"Usage: {self.name}\n"))
        raise AppletExit(1)

    # ---- option parsing (getopt32 with GNU argument permutation) ----
    def getopt(self, args: list[str], spec: str, min_args: int = 0):
        """Parse short options from `spec` ("fiRr" with "m:" taking an argument).

        Returns (options, operands): options maps a letter to True, to its last argument,
        or (for repeated flags) is just True. Options may follow operands, as BusyBox
        allows, until "--". Too few operands shows the usage text."""
        takes = {c: spec[i + 1:i + 2] == ":" for i, c in enumerate(spec) if c != ":"}
        opts: dict = {}
        operands: list[str] = []
        i = 0
        while i < len(args):
            a = args[i]
            i += 1
            if a == "--":
                operands.extend(args[i:])
                break
            if a.startswith("--") and len(a) > 2:
                self.error(f"unrecognized option '{a}'")
                self.usage()
            if not a.startswith("-") or a == "-":
                operands.append(a)
                continue
            j = 1
            while j < len(a):
                c = a[j]
                if c not in takes:
                    self.error(f"invalid option -- '{c}'")
                    self.usage()
                if takes[c]:
                    if j + 1 < len(a):
                        opts[c] = a[j + 1:]
                    elif i < len(args):
                        opts[c] = args[i]
                        i += 1
                    else:
                        self.error(f"option requires an argument -- '{c}'")
                        self.usage()
                    break
                opts[c] = True
                j += 1
        if len(operands) < min_args:
            self.usage()
        return opts, operands

    # ---- file-system calls with the process's identity ----
    def abspath(self, path: str) -> str:
        return paths.normalise(path if path.startswith("/") else paths.join(self.cwd, path))

    def device(self, path: str) -> str | None:
        """'null', 'zero', 'stdout', ... when `path` names one of the standard devices."""
        if not path or "dev" not in path:          # no /dev/... can come out of it
            return None
        p = self.abspath(path)
        return p[5:] if p in DEVICES else None

    # ---- /dev and /proc of a container: devices and kernel views (shell/kernelview.py) ----
    @property
    def kernel(self):
        return kernelview.view_for(self.shell.proc, self.ns) if self.ns.owner is not None else None

    def _kernel_path(self, path: str) -> str | None:
        if self.ns.owner is None or not path:
            return None
        p = self.abspath(path)
        return p if kernelview.applies(p) else None

    def dev_change(self, path: str):
        """A change under /dev or /proc: refused in one line (not a file of any layer)."""
        if self._kernel_path(path).startswith("/proc"):
            raise FsError("EACCES", path)
        from simulator.messages import Catalog
        self.die(Catalog().t("shell.dev_not_modelled", path=path))

    def _refuse_kernel(self, *names: str) -> None:
        for name in names:
            if self._kernel_path(name):
                self.dev_change(name)

    def endless(self, path: str):
        """Reading PATH would never end: say so in one line and stop."""
        from simulator.messages import Catalog
        self.die(Catalog().t("shell.input_endless", path=path))

    def _dir_slash(self, path: str, st):
        # "f/" names a directory: anything else is ENOTDIR (the kernel's trailing-slash rule)
        if path.endswith("/") and path.strip("/") and not is_dir(st.entry):
            raise FsError("ENOTDIR", path)
        return st

    def lstat(self, path: str):
        kp = self._kernel_path(path)
        if kp:
            return self._dir_slash(path, kernelview.stat(self.kernel, kp, path.endswith("/"), path))
        if path.endswith("/") and path.strip("/"):
            return self._dir_slash(path, self.ns.stat(path, self.cred, self.cwd))
        return self.ns.lstat(path, self.cred, self.cwd)

    def stat(self, path: str):
        kp = self._kernel_path(path)
        if kp:
            return self._dir_slash(path, kernelview.stat(self.kernel, kp, True, path))
        return self._dir_slash(path, self.ns.stat(path, self.cred, self.cwd))

    def exists(self, path: str, follow: bool = True) -> bool:
        try:
            self.stat(path) if follow else self.lstat(path)
            return True
        except FsError:
            return False

    def listdir(self, path: str) -> list[str]:
        kp = self._kernel_path(path)
        if kp:
            st = self.stat(path)
            if not is_dir(st.entry):
                raise FsError("ENOTDIR", path)
            return self.kernel.names(st.path)
        return self.ns.listdir(path, self.cred, self.cwd)

    def read(self, path: str, limit: int | None = None) -> Blob:
        """The data of PATH; of an endless device (/dev/zero, /dev/urandom) LIMIT bytes, and
        without a limit the applet stops with one line (the real one would never end)."""
        dev = self.device(path)
        kp = self._kernel_path(path) if dev not in ("stdin", "stdout", "stderr") else None
        if kp:
            try:
                return Blob.of(self.kernel.read(kp, limit))
            except kernelview.EndlessRead:
                self.endless(path)
        if dev in ("null", "zero", "stdout", "stderr"):
            return Blob.of(b"")
        if dev == "stdin":
            return Blob.of(self.stdin)
        if path.endswith("/"):
            self.stat(path)
        return self.ns.read(path, self.cred, self.cwd)

    def write(self, path: str, blob: Blob, append: bool = False, mode: int = 0o666) -> None:
        """open(O_WRONLY|O_CREAT|O_TRUNC or O_APPEND, mode & ~umask) + write."""
        dev = self.device(path)
        kp = self._kernel_path(path) if dev not in ("stdin", "stdout", "stderr") else None
        if kp:
            try:
                action = self.kernel.write(kp, blob.size)
            except kernelview.NotModelled:
                self.dev_change(path)
            if action == "stdout":
                self.out(blob.to_bytes().decode("utf-8", "replace"))
            return
        if dev in ("null", "zero"):
            return
        if dev in ("stdout", "stderr"):
            (self.out if dev == "stdout" else self.err)(blob.to_bytes().decode("utf-8", "replace"))
            return
        if path.endswith("/"):
            raise FsError("EISDIR", path)
        self.ns.write(path, blob, append, self.cred, self.cwd, mode & ~self.umask & 0o7777)

    def mkdir(self, path: str, mode: int, umask: int | None = None) -> None:
        self._refuse_kernel(path)
        umask = self.umask if umask is None else umask
        if path.rstrip("/").rpartition("/")[2] in (".", "..") or not path.strip("/"):
            # the kernel finds "/", "d/." and "d/.." existing: EEXIST (after the lookup's errors)
            self.stat(path)
            raise FsError("EEXIST", path)
        self.ns.mkdir(path, mode & ~umask & 0o7777, self.cred, self.cwd)

    def unlink(self, path: str) -> None:
        self._refuse_kernel(path)
        if path.endswith("/") and path.strip("/"):
            self.stat(path)
            raise FsError("EISDIR", path)
        self.ns.unlink(path, self.cred, self.cwd)

    def rmdir(self, path: str) -> None:
        self._refuse_kernel(path)
        self.ns.rmdir(path, self.cred, self.cwd)

    def rename(self, old: str, new: str) -> None:
        self._refuse_kernel(old, new)
        if old.endswith("/") and old.strip("/"):
            self.stat(old)
        self.ns.rename(old, new, self.cred, self.cwd)

    def symlink(self, target: str, path: str) -> None:
        self._refuse_kernel(path)
        self.ns.symlink(target, path, self.cred, self.cwd)

    def link(self, old: str, new: str) -> None:
        self._refuse_kernel(new)
        if new.endswith("/") and new.strip("/"):
            raise FsError("ENOENT" if not self.exists(new) else "EEXIST", new)
        self.ns.link(old, new, self.cred, self.cwd)

    def readlink(self, path: str) -> str:
        kp = self._kernel_path(path)
        if kp:
            entry = self.lstat(path).entry
            if entry.kind != "symlink":
                raise FsError("EINVAL", path)
            return entry.target
        return self.ns.readlink(path, self.cred, self.cwd)

    def chmod(self, path: str, mode: int) -> None:
        self._refuse_kernel(path)
        self.ns.chmod(path, mode, self.cred, self.cwd)

    def chown(self, path: str, uid: int, gid: int, follow: bool = True) -> None:
        self._refuse_kernel(path)
        if not self.cred.is_root:
            # The kernel lets an owner chown to the ids the file already has; the
            # namespace refuses every non-root chown, so that no-op is done here.
            st = self.stat(path) if follow else self.lstat(path)
            e = st.entry
            if self.cred.uid == e.uid and (uid, gid) == (e.uid, e.gid) and not st.mount.read_only:
                return
        self.ns.chown(path, uid, gid, follow, self.cred, self.cwd)

    def utime(self, path: str, mtime: int | None = None) -> None:
        if self._kernel_path(path):
            self.stat(path)              # touch of a device or a kernel file: its times only
            return
        if self.device(path):
            return
        self.ns.utime(path, self.cred, self.cwd, mtime)

    def truncate(self, path: str, size: int, create: bool = True) -> None:
        if self.device(path):
            return
        self.ns.truncate(path, size, self.cred, self.cwd, create)
