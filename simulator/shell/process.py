"""A process that runs shell commands on a Namespace, and the streams its commands write to.

`Process` is what the engine hands in: the namespace, credentials, working directory,
environment and umask, plus the stdout/stderr text the commands produced (appended to
as they run). Nothing here touches real files.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.fs import Blob
from simulator.errors import FsError
from simulator.fs import Cred, Namespace
# user and group names, as the applets import them from here (simulator.fs.etctables)
from simulator.fs import group_name, passwd_entry, table, user_name  # noqa: F401
from simulator.shell.budget import Budget, check_size

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
    budget: Budget = field(default_factory=Budget)     # the work this command may still do
    # a container's main process: a sleep suspends it (shell/blocking.py); elsewhere a sleep
    # takes its time in place (elapsed_ms, for the caller's clock)
    blocking: bool = False
    no_block: int = 0
    elapsed_ms: int = 0
    clock_ms: int = 0                                  # the engine's virtual clock when it (last) went on
    traps: dict = field(default_factory=dict)          # signal number -> `trap` action
    stdin_open: bool = False                           # -i: reading past stdin waits for more
    tty: bool = False                                  # -t: stderr goes where stdout goes


# ---- streams: where a command's output goes ----------------------------------------------
# Each keeps its text as a list of pieces joined once when read: appending to one growing
# string copies it every time (a loop of 100,000 echos would copy gigabytes). Every write
# is charged to the command's budget (BYTES_PER_UNIT), before it is kept.
class _Pieces:
    def __init__(self, budget: Budget | None):
        self.budget = budget
        self.pieces: list[str] = []
        self.size = 0

    def keep(self, text: str) -> None:
        check_size(self.size + len(text))          # it is one string in the end
        if self.budget is not None:
            self.budget.charge_bytes(len(text))
        self.pieces.append(text)
        self.size += len(text)

    def take(self) -> str:
        text = "".join(self.pieces)
        self.pieces, self.size = [], 0
        return text


class ProcessStream:
    """The process's own stdout or stderr (in the Process when the command ends: `done`)."""

    def __init__(self, proc: Process, which: str):
        self.proc, self.which = proc, which
        self.kept = _Pieces(proc.budget)

    def write(self, text: str) -> None:
        self.kept.keep(text)

    def flush(self):
        return None

    def done(self) -> None:
        if self.kept.pieces:
            setattr(self.proc, self.which, getattr(self.proc, self.which) + self.kept.take())


class Buffer:
    """A pipe or a command substitution: text kept for the next reader."""

    def __init__(self, budget: Budget | None = None):
        self.kept = _Pieces(budget)

    @property
    def text(self) -> str:
        text = self.kept.take()
        self.kept.pieces, self.kept.size = [text], len(text)
        return text

    def write(self, text: str) -> None:
        self.kept.keep(text)

    def flush(self):
        return None


class Discard:
    """/dev/null: what is written there still costs the work of writing it."""

    def __init__(self, budget: Budget | None = None):
        self.budget = budget

    def write(self, text: str) -> None:
        if self.budget is not None:
            self.budget.charge_bytes(len(text))

    def flush(self):
        return None


class FileStream:
    """A file opened by a redirection. Output is buffered and appended when the command
    ends, as stdio does for a regular file (one write(2) per command, so one event)."""

    def __init__(self, ns: Namespace, path: str, cred: Cred, cwd: str, budget: Budget | None = None):
        self.ns, self.path, self.cred, self.cwd = ns, path, cred, cwd
        self.kept = _Pieces(budget)

    @property
    def pending(self) -> str:
        return "".join(self.kept.pieces)

    def write(self, text: str) -> None:
        self.kept.keep(text)

    def flush(self) -> FsError | None:
        data = self.kept.take()
        if not data:
            return None
        try:
            self.ns.write(self.path, Blob.of(data), append=True, cred=self.cred, cwd=self.cwd)
        except FsError as e:
            if e.errno == "ENOENT":     # the file was removed while open: the data goes nowhere
                return None
            return e
        return None
