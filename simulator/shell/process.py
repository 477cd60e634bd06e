"""A process that runs shell commands on a Namespace, and the streams its commands write to.

`Process` is what the engine hands in: the namespace, credentials, working directory,
environment and umask, plus the stdout/stderr text the commands produced (appended to
as they run). Nothing here touches real files.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.fs.content import Blob
from simulator.errors import FsError
from simulator.fs.namespace import Cred, Namespace

# Docker gives a container's process its primary gid as a supplementary group, so
# `id` in a container prints "groups=0(root)"; pass groups=() for a process without any.
DOCKER_ROOT = Cred(0, 0, (0,))
DEFAULT_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root"}


@dataclass
class Process:
    ns: Namespace
    cred: Cred = DOCKER_ROOT
    cwd: str = "/"
    env: dict = field(default_factory=lambda: dict(DEFAULT_ENV))
    umask: int = 0o022
    stdin: str = ""
    stdout: str = ""
    stderr: str = ""


# ---- streams: where a command's output goes ----------------------------------------------
class ProcessStream:
    """The process's own stdout or stderr."""

    def __init__(self, proc: Process, which: str):
        self.proc, self.which = proc, which

    def write(self, text: str) -> None:
        setattr(self.proc, self.which, getattr(self.proc, self.which) + text)

    def flush(self):
        return None


class Buffer:
    """A pipe or a command substitution: text kept for the next reader."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self):
        return None


class Discard:
    """/dev/null."""

    def write(self, text: str) -> None:
        pass

    def flush(self):
        return None


class FileStream:
    """A file opened by a redirection. Output is buffered and appended when the command
    ends, as stdio does for a regular file (one write(2) per command, so one event)."""

    def __init__(self, ns: Namespace, path: str, cred: Cred, cwd: str):
        self.ns, self.path, self.cred, self.cwd = ns, path, cred, cwd
        self.pending = ""

    def write(self, text: str) -> None:
        self.pending += text

    def flush(self) -> FsError | None:
        data, self.pending = self.pending, ""
        if not data:
            return None
        try:
            self.ns.write(self.path, Blob.of(data), append=True, cred=self.cred, cwd=self.cwd)
        except FsError as e:
            if e.errno == "ENOENT":     # the file was removed while open: the data goes nowhere
                return None
            return e
        return None


# ---- user and group names from the namespace's /etc files ----------------------------------
def table(ns: Namespace, path: str) -> list[list[str]]:
    try:
        text = ns.read(path).to_bytes().decode("utf-8", "replace")
    except (FsError, MemoryError):
        return []
    return [line.split(":") for line in text.splitlines() if line and not line.startswith("#")]


def user_name(ns: Namespace, uid: int) -> str | None:
    for row in table(ns, "/etc/passwd"):
        if len(row) > 2 and row[2] == str(uid):
            return row[0]
    return None


def group_name(ns: Namespace, gid: int) -> str | None:
    for row in table(ns, "/etc/group"):
        if len(row) > 2 and row[2] == str(gid):
            return row[0]
    return None


def passwd_entry(ns: Namespace, name: str) -> list[str] | None:
    for row in table(ns, "/etc/passwd"):
        if row[0] == name and len(row) > 3:
            return row
    return None
