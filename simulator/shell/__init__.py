"""A mini BusyBox: `sh` and the file applets, run on a simulated mount namespace.

Entry points:
- `run_script(text, process) -> int`: TEXT run as `sh -c TEXT` (a RUN line, `docker exec
  c sh -c ...`). `cd`, variables and umask last for the rest of that script only; the
  Process's cwd and env are not changed.
- `run_argv(argv, process) -> int`: an exec'd command; argv[0] may be a path
  ("/bin/ls") and selects the applet by its basename; `sh -c ...` works too.
Both append what the commands print to `process.stdout` / `process.stderr` and return
the exit status. File-system errors become BusyBox's messages and statuses; nothing
but a programming error raises out of them.
"""
from __future__ import annotations

from simulator.shell.budget import (FILE_WORK_UNITS, MAX_NESTING, NESTED_STATUS, STOPPED_STATUS, Budget, NestingLimitReached, OutOfMemory,
                                    WorkLimitReached)
from simulator.shell.blocking import (SIGNAL_NAMES, SIGNALS, SIGRTMAX, Blocked, rebind, resume_command,
                                      signal_number, signature)
from simulator.shell.process import DOCKER_ROOT, Process
from simulator.shell.applets import APPLETS
from simulator.shell.control import LoopControl, ShellExit
from simulator.shell.interp import Shell


def run_script(text: str, process: Process, arg0: str = "sh") -> int:
    """`arg0` is how the shell names itself in messages: Docker's RUN uses "/bin/sh"."""
    shell = Shell(process, arg0=arg0)
    return _bounded(shell, lambda: shell.start(process.env).run_text(text))


def _bounded(shell: Shell, run) -> int:
    """Run the command within the machine's limits (budget.py). When one is passed the
    command ends there: what it changed stays, what it printed so far is kept, and one
    line says why it stopped."""
    process = shell.proc
    try:
        status = run()
        note = ""
    except Blocked as b:
        if b.wait_ms is not None or process.blocking:     # a main process waits (blocking.py)
            b.outer = shell
            raise
        from simulator.messages import Catalog           # a foreground command that never ends
        status, note = 130, Catalog().t("proc.foreground_forever")
    except WorkLimitReached as e:
        status, note = STOPPED_STATUS, e.message
    except (NestingLimitReached, RecursionError):
        # Python's own recursion limit (a deep walk in an applet) is the same stack overflow
        status, note = NESTED_STATUS, NestingLimitReached(MAX_NESTING).message
    except OutOfMemory:
        status, note = 1, "out of memory"
    finally:
        for stream in shell.own_streams:
            stream.done()
    if note:
        process.stderr += f"{shell.arg0}: {note}\n"
    return status


def run_argv(argv: list[str], process: Process) -> int:
    """Run an exec'd command. An unknown program gets Docker's exec error and 127."""
    if not argv:
        raise ValueError("empty argv")
    name = argv[0].rpartition("/")[2]
    shell = Shell(process, arg0=name)
    if name not in APPLETS:
        process.stderr += f'exec: "{argv[0]}": executable file not found in $PATH\n'
        return 127

    def run() -> int:
        process.budget.charge()
        try:
            return shell.exec_applet(list(argv), dict(process.env))
        except ShellExit as e:
            return e.status
    return _bounded(shell, run)


def resume(blocked: Blocked, ns, budget: Budget, traps: list | None = None) -> tuple[int, Process]:
    """Go on with a main process that waited, on the namespace and with the budget of now
    (raises Blocked again when it waits again). TRAPS: actions of signals that came while
    it waited; ash runs them first, once the command it waited for has ended. Returns
    (status, its Process): what it printed since is in the Process's stdout and stderr."""
    frames = list(blocked.frames)
    process = blocked.outer.proc
    process.stdout = process.stderr = ""
    process.elapsed_ms = 0
    rebind(frames, blocked.outer, ns, budget)
    inner = [f[1] for f in frames if f[0] == "text"]
    sh = inner[0] if inner else blocked.outer

    def run() -> int:
        for action in traps or []:
            status = sh.run_text(action)
            if getattr(sh, "exited", False):
                return status
        return resume_command(frames)
    return _bounded(blocked.outer, run), process


def run_line(sh: Shell, line: str, ns, budget: Budget) -> int:
    """One line typed at an interactive shell SH (its variables and directory stay for the
    next): run within a fresh budget on the namespace of now. A sleep takes its time in
    place (`sh.proc.elapsed_ms`); `exit` sets `sh.exited`."""
    rebind([], sh, ns, budget)
    process = sh.proc
    process.stdout = process.stderr = ""
    process.elapsed_ms = 0
    blocking, process.blocking = process.blocking, False
    try:
        return _bounded(sh, lambda: sh.run_text(line))
    finally:
        process.blocking = blocking


def prompt(sh: Shell) -> str:
    """ash's default PS1 for a terminal, `\\w \\$ `: the directory ($HOME as ~), # for root."""
    home = sh.vars.get("HOME", "")
    cwd = sh.cwd
    if home and home != "/" and (cwd == home or cwd.startswith(home + "/")):
        cwd = "~" + cwd[len(home):]
    return f"{cwd} {'#' if sh.proc.cred.uid == 0 else '$'} "


__all__ = ["run_line", "prompt", "APPLETS", "LoopControl", "ShellExit", "resume", "Blocked", "SIGNALS", "SIGNAL_NAMES", "SIGRTMAX", "signal_number",
           "signature", "rebind", "run_script", "run_argv", "Process", "DOCKER_ROOT", "Shell", "Budget", "STOPPED_STATUS",
           "FILE_WORK_UNITS"]
