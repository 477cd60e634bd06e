"""Commands that wait, signals and traps: what lets a container's main process stay Up.

A command that blocks (`sleep N`, `sleep infinity`, `cat` on a stdin kept open) raises
`Blocked`. In a container's main process (`Process.blocking`) the exception unwinds the
shell, and every construct it passes adds a *frame* saying where it was (which command
of a list, which round of a loop, which branch of an `if`). The frames are plain data
(no Python stack, no thread), so a waiting process is copied with the engine like any
other state, and `resume` walks back down them to carry on after the `sleep` when the
virtual clock reaches its end. Anywhere else (a host step, `docker exec`, a pipeline, a
command substitution) a finite `sleep` adds its time to `Process.elapsed_ms` and returns:
the caller moves the clock on by that much after the command.

Signals follow Linux and ash: `trap 'CMDS' SIG` keeps CMDS to run when SIG arrives; ash
runs a trap once the foreground command it is waiting for (a `sleep`) has ended. What a
signal without a trap does is the caller's business (PID 1 ignores it; others die).
"""
from __future__ import annotations

import re
from fractions import Fraction

# Linux's signals (x86-64), as `kill -l` and Go's unix.SignalMap name them
SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "IOT": 6, "BUS": 7, "FPE": 8,
           "KILL": 9, "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
           "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22,
           "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29,
           "POLL": 29, "PWR": 30, "SYS": 31}
SIGNAL_NAMES = {n: name for name, n in reversed(list(SIGNALS.items()))}
SIGRTMAX = 64
FOREVER = None


class Blocked(BaseException):
    """The command waits: `wait_ms` milliseconds of virtual time (a sleep), or for ever
    (`wait_ms` None: `sleep infinity`, stdin kept open) until a signal or input comes.
    A BaseException so that no `except Exception` on the way swallows it."""

    def __init__(self, wait_ms: int | None, kind: str = "sleep"):
        super().__init__(kind)
        self.wait_ms, self.kind = wait_ms, kind
        self.frames: list = [(kind,)]    # innermost first; each construct adds its own while unwinding


def signal_number(raw: str) -> int | None:
    """`TERM`, `SIGTERM`, `term`, `15` -> 15; None when Linux has no such name."""
    if raw.isdigit():
        return int(raw)
    return SIGNALS.get(raw.upper().removeprefix("SIG"))


def parse_sleep(args: list[str]) -> int | None | str:
    """BusyBox sleep's arguments summed, in ms (None: infinity); a bad one is returned as text."""
    total = Fraction(0)
    for a in args:
        if re.fullmatch(r"inf(inity)?", a):
            return FOREVER
        m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", a)
        if not m:
            return a
        total += Fraction(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    return int(total * 1000)


def sleep_for(proc, wait_ms: int | None) -> None:
    """The calling command waits WAIT_MS: a container's main process is suspended (Blocked);
    any other command takes the time and goes on (a never-ending wait is Blocked anyway:
    the caller stops that command)."""
    if wait_ms is FOREVER or (getattr(proc, "blocking", False) and not getattr(proc, "no_block", 0)):
        raise Blocked(wait_ms, "sleep")
    proc.elapsed_ms = getattr(proc, "elapsed_ms", 0) + wait_ms


class NoBlock:
    """`with NoBlock(proc):` a subshell, a pipeline or a command substitution: its sleeps
    take their time in place (their frames could not be resumed)."""

    def __init__(self, proc):
        self.proc = proc

    def __enter__(self):
        self.proc.no_block = getattr(self.proc, "no_block", 0) + 1

    def __exit__(self, *exc):
        self.proc.no_block -= 1
        return False


def resume_command(frames: list) -> int:
    """Carry on the command whose frames these are (outermost last): a sleep that ended
    returns 0; a shell goes on after it."""
    frame = frames.pop()
    if frame[0] in ("sleep", "stdin"):
        return 0
    if frame[0] == "text":
        _, shell, parser, node = frame
        return shell.resume_text(parser, node, frames)
    raise ValueError(f"cannot resume a {frame[0]} frame")


def shells_in(frames: list) -> list:
    return [f[1] for f in frames if f[0] == "text"]


def rebind(frames: list, outer, ns, budget) -> None:
    """A waiting command goes on in a new step: its shells use the container's namespace
    and the budget of now."""
    seen = set()

    def fix_stream(s):
        if id(s) in seen:
            return
        seen.add(id(s))
        if hasattr(s, "ns"):
            s.ns = ns
        kept = getattr(s, "kept", None)
        if kept is not None:
            kept.budget = budget
        if hasattr(s, "budget") and not hasattr(s, "kept"):
            s.budget = budget

    for sh in [outer] + shells_in(frames):
        sh.ns = ns
        sh.proc.ns = ns
        sh.proc.budget = budget
        sh.budget = budget
        for s in sh.fds.values():
            fix_stream(s)
        for s in getattr(sh, "persistent", []):
            fix_stream(s)
    for f in frames:
        for part in f[1:]:
            if isinstance(part, dict):
                for s in part.values():
                    fix_stream(s)
            elif isinstance(part, tuple) and part and isinstance(part[0], dict):
                for s in part[0].values():
                    fix_stream(s)
                for s in part[1]:
                    fix_stream(s)


def signature(frames: list) -> tuple:
    """What a waiting command's position and state are, to see a loop come back to the
    same point with the same variables (then its rounds can be skipped in bulk)."""
    sig = []
    for f in frames:
        if f[0] == "text":
            sh = f[1]
            sig.append(("text", id(f[3]), sh.status, tuple(sorted(sh.vars.items())), sh.cwd))
        elif f[0] == "for":
            sig.append(("for", f[2]))
        else:
            sig.append(tuple(x for x in f if isinstance(x, (int, str))))
    return tuple(sig)


# ---- trap ---------------------------------------------------------------------------------
def b_trap(sh, argv) -> int:
    """`trap [ACTION SIG...]`, `trap - SIG`, `trap '' SIG`; no arguments lists the traps."""
    traps = sh.proc.traps
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        for num in sorted(traps):
            action = traps[num].replace("'", "'\\''")
            sh.fds[1].write(f"trap -- '{action}' {SIGNAL_NAMES.get(num, num) if num else 'EXIT'}\n")
        return 0
    action, sigs = (args[0], args[1:]) if len(args) > 1 or not _is_signal(args[0]) else ("-", args)
    status = 0
    for raw in sigs:
        num = 0 if raw in ("0", "EXIT") else signal_number(raw)
        if num is None or num > SIGRTMAX:
            sh.builtin_msg("trap", f"{raw}: invalid signal specification")
            status = 1
            continue
        if action == "-":
            traps.pop(num, None)
        else:
            traps[num] = action
    return status


def _is_signal(word: str) -> bool:
    return word in ("0", "EXIT") or signal_number(word) is not None


# ---- read ---------------------------------------------------------------------------------
def b_read(sh, argv) -> int:
    """`read [-r] [-p PROMPT] [NAME...]`: one line of stdin into NAMEs (split on $IFS, the last
    takes the rest; no NAME: REPLY). At the end of stdin: status 1. A container's main process
    whose stdin `-i` keeps open waits there (Blocked) until input or a signal comes."""
    args, raw = argv[1:], False
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        if opt == "-r":
            raw = True
        elif opt == "-p" and args:
            sh.fds[2].write(args.pop(0))
        else:
            sh.builtin_msg("read", f"illegal option {opt}")
            return 2
    names = args or ["REPLY"]
    stdin = sh.fds[0] if isinstance(sh.fds[0], str) else ""
    # what was read of this stdin so far (a command's redirections are undone after it, the
    # offset in the open file is not): kept with the shell, by the text's identity
    seen = sh.__dict__.setdefault("stdin_read", {})
    pos = seen[id(stdin)][1] if id(stdin) in seen and seen[id(stdin)][0] is stdin else 0
    data = stdin[pos:]
    if not data:
        proc = sh.proc
        if getattr(proc, "stdin_open", False) and getattr(proc, "blocking", False) and not getattr(proc, "no_block", 0):
            raise Blocked(None, "stdin")
        for name in names:
            sh.set_var(name, "")
        return 1
    line, newline, rest = data.partition("\n")
    seen[id(stdin)] = (stdin, len(stdin) - len(rest))
    if not raw:
        line = re.sub(r"\\(.)", r"\1", line)
    ifs = sh.vars.get("IFS", " \t\n")
    white = "".join(c for c in ifs if c in " \t\n")
    fields = line.strip(white)
    for i, name in enumerate(names):
        if i == len(names) - 1:
            sh.set_var(name, fields.rstrip(white) if fields else "")
            break
        parts = re.split("[" + re.escape(ifs) + "]", fields, maxsplit=1) if ifs else [fields]
        sh.set_var(name, parts[0])
        fields = parts[1].lstrip(white) if len(parts) > 1 else ""
    return 0 if newline else 1
