"""Containers' main processes in virtual time: waiting, waking, signals, stop and wait.

Rules (each recorded on Docker 26.1.5, tests/docker_recordings/lifecycle*.json):
- a main process runs until it ends or waits (shell/blocking.py); a waiting one keeps the
  container Up, with everything it did before waiting done;
- the engine has a virtual clock (ms). It moves on by what steps take: a `docker stop`'s
  grace period, a host `sleep N`, a `docker wait`, a foreground `docker run`. When it
  passes a sleeping process's wake-up time that process goes on, in order of wake-up
  time (then of creation); a loop that comes back to the same point with the same
  variables, having printed and changed nothing, is moved on by whole rounds at once;
- signals as Linux gives them to a container: SIGKILL ends it (137); PID 1 without a
  handler ignores the rest; with `--init` the process is not PID 1 and a signal without a
  handler kills it (128 + N); a `trap` runs once the command the shell waits for (its
  `sleep`) has ended; a paused container gets only SIGKILL until it is unpaused;
- `docker stop [-t N]`: SIGTERM, N s (default 10) of grace, then SIGKILL; the stop itself
  takes STOP_OVERHEAD_MS more (measured: 10.1 s for a PID 1 that ignores SIGTERM).
"""
from __future__ import annotations

from simulator import shell
from simulator.shell import SIGNALS, signature

SIGKILL, SIGTERM = 9, 15
STOP_OVERHEAD_MS = 100
DEFAULT_GRACE_S = 10
FOLLOW_LIMIT_MS = 3600 * 1000       # a foreground run or `docker wait` follows a process this long
STEP_WORK_UNITS = 50_000            # what all the processes woken in one step may do together
IGNORED_BY_DEFAULT = {SIGNALS["CHLD"], SIGNALS["CONT"], SIGNALS["URG"], SIGNALS["WINCH"]}


class Waiting:
    """What a main process that started and now waits hands back (instead of a status)."""

    def __init__(self, blocked, elapsed_ms: int = 0):
        self.blocked, self.elapsed_ms = blocked, elapsed_ms


# ---- logs -------------------------------------------------------------------------------
def append_logs(c, out: str, err: str) -> None:
    """What the main process printed, kept as `docker logs` shows it (a tty merges both)."""
    for stream, text in (("stdout", out), ("stderr", err)):
        if text:
            c.log.append((stream, text))
            c.logs += text


def log_lines(c) -> list[tuple[str, str]]:
    """(stream, line) for every line printed, in order."""
    out = []
    for stream, text in c.log:
        out += [(stream, line) for line in text.splitlines(keepends=True)]
    return out


# ---- the main process ---------------------------------------------------------------------
def _park(blocked) -> None:
    """A waiting process is kept between steps without this step's namespace and budget
    (resume gives it those of the step that wakes it)."""
    shell.rebind(blocked.frames, blocked.outer, None, None)


def main_waits(engine, c, waiting: Waiting) -> None:
    _park(waiting.blocked)
    c.process = waiting.blocked
    wait = waiting.blocked.wait_ms
    c.wake_ms = None if wait is None else engine.clock_ms + waiting.elapsed_ms + wait
    engine.emit("process-wait", container=c.name, on=waiting.blocked.kind, ms=wait or 0)


def finish(engine, c, status: int, why: str = "exit", quiet: bool = False) -> None:
    """The main process ended with STATUS: the container exits. QUIET: a command that ran
    straight to its end (the container's stop tells it)."""
    c.process, c.wake_ms, c.pending_signals, c.paused = None, None, [], False
    c.finished_ms = engine.clock_ms
    if not quiet:
        engine.emit("process-exit", container=c.name, status=status, why=why)
    engine.stop(c, exit_code=status)
    if c.auto_remove and c.name in engine.containers:
        engine.remove(c, remove_volumes=True)


def _resume(engine, c, budget, ns=None) -> None:
    """C's sleep has ended: the traps of signals that came meanwhile run, then its script
    goes on."""
    blocked = c.process
    proc = blocked.outer.proc
    proc.clock_ms = engine.clock_ms          # `date` after a sleep shows when it woke
    traps = [proc.traps[sig] for sig in c.pending_signals if proc.traps.get(sig)]
    c.pending_signals = []
    try:
        status, proc = shell.resume(blocked, ns or engine.namespace(c), budget, traps)
    except shell.Blocked as b:
        append_logs(c, proc.stdout, proc.stderr)
        _park(b)
        c.process = b
        c.wake_ms = None if b.wait_ms is None else engine.clock_ms + proc.elapsed_ms + b.wait_ms
        return
    append_logs(c, proc.stdout, proc.stderr)
    engine.clock_ms += proc.elapsed_ms
    finish(engine, c, status)


def _due(engine, until_ms: int):
    due = [c for c in engine.containers.values()
           if c.running and not c.paused and c.process is not None and c.wake_ms is not None
           and c.wake_ms <= until_ms]
    return min(due, key=lambda c: (c.wake_ms, c.created_seq)) if due else None


def advance(engine, until_ms: int, done=None) -> None:
    """Move the clock on to UNTIL_MS, waking every process whose sleep ends on the way.
    DONE(): stop as soon as it is true (the clock stays where that happened)."""
    budgets: dict = {}
    spaces: dict = {}                  # a running container's mounts do not change: one namespace each
    while True:
        c = _due(engine, until_ms)
        if c is None:
            break
        if sum(b.used for b in budgets.values()) >= STEP_WORK_UNITS:
            break                      # this step's work is spent: the processes still due run late
                                       # (at the next step that moves the clock)
        engine.clock_ms = max(engine.clock_ms, c.wake_ms)
        before_sig, before_events, woke = signature(c.process.frames), len(engine.events), c.wake_ms
        budget = budgets.setdefault(c.name, shell.Budget(parent=getattr(engine, "work", None)))
        logged = len(c.log)
        ns = spaces.get(c.name)
        if ns is None:
            ns = spaces[c.name] = engine.namespace(c)
        _resume(engine, c, budget, ns)
        if done is not None and done():
            return
        if (c.running and c.process is not None and c.wake_ms is not None and len(c.log) == logged
                and len(engine.events) == before_events and signature(c.process.frames) == before_sig):
            _skip_rounds(engine, c, c.wake_ms - woke, until_ms)
    engine.clock_ms = max(engine.clock_ms, until_ms)


def _skip_rounds(engine, c, period: int, until_ms: int) -> None:
    """A round that printed and changed nothing and came back to the same point: the next
    ones would too, until another process wakes (it could change what this one reads)."""
    if period <= 0:
        return
    others = [x.wake_ms for x in engine.containers.values()
              if x is not c and x.running and not x.paused and x.process is not None and x.wake_ms is not None]
    limit = min([until_ms] + others)
    rounds = (limit - c.wake_ms) // period
    if rounds > 0:
        c.wake_ms += rounds * period


# ---- signals -------------------------------------------------------------------------------
def deliver(engine, c, sig: int) -> None:
    """Signal SIG to the container's main process, as the kernel delivers it (module doc)."""
    if c.process is not None:       # a service image (no command) has no process of its own to tell
        engine.emit("signal", container=c.name, signal=signal_name(sig))
    if sig == SIGKILL:
        finish(engine, c, 128 + SIGKILL, why="signal")
        return
    if c.paused:                    # frozen: it gets it when thawed (it is kept queued)
        c.pending_signals.append(sig) if sig not in c.pending_signals else None
        return
    _act(engine, c, sig)


def _act(engine, c, sig: int) -> None:
    proc = c.process.outer.proc if c.process is not None else None
    action = proc.traps.get(sig) if proc is not None else None
    if c.process is None:            # a service (no command, a pulled server): ends at SIGTERM, as the
                                     # recorder's service image (a TERM trap) and nginx, redis... do
        if sig == SIGTERM:
            finish(engine, c, 0, why="signal", quiet=True)
        return
    if action == "":
        return
    if action is not None:
        if sig not in c.pending_signals:
            c.pending_signals.append(sig)
        return
    if not c.init or sig in IGNORED_BY_DEFAULT or sig in (19, 20, 21, 22):
        return                       # PID 1 ignores a signal it has no handler for
    finish(engine, c, 128 + sig, why="signal")


def thaw(engine, c) -> None:
    """`docker unpause`: signals that came while it was frozen arrive now."""
    c.paused = False
    queued, c.pending_signals = c.pending_signals, []
    for sig in queued:
        if c.running:
            _act(engine, c, sig)


def stop(engine, c, grace_s: int | None = None, sig: int = SIGTERM) -> None:
    """`docker stop`: SIGTERM, the grace period, SIGKILL (module doc)."""
    stop_all(engine, [c], grace_s, sig)


def stop_all(engine, cs: list, grace_s: int | None = None, sig: int = SIGTERM) -> None:
    """The CLI stops the containers it is given in parallel: one grace period for all."""
    cs = [c for c in cs if c.running]
    if not cs:
        return
    grace_ms = (DEFAULT_GRACE_S if grace_s is None else grace_s) * 1000
    start = engine.clock_ms
    if grace_ms >= 0:
        for c in cs:
            deliver(engine, c, sig)
        if any(c.running for c in cs) and grace_ms:
            advance(engine, start + grace_ms, done=lambda: not any(c.running for c in cs))
    for c in cs:
        if c.running:
            deliver(engine, c, SIGKILL)
    engine.clock_ms += STOP_OVERHEAD_MS


def follow(engine, c, limit_ms: int = FOLLOW_LIMIT_MS) -> bool:
    """Let the clock run until C's main process ends (True) or is sure never to end by
    itself, or LIMIT_MS has passed (False)."""
    if c.running and c.process is not None and c.wake_ms is not None and not c.paused:
        advance(engine, engine.clock_ms + limit_ms, done=lambda: not c.running)
    return not c.running


def signal_name(sig: int) -> str:
    from simulator.shell import SIGNAL_NAMES
    return "SIG" + SIGNAL_NAMES[sig] if sig in SIGNAL_NAMES else str(sig)


def attached(engine, c, mark: int):
    """A foreground `docker run` (or `start -a`) of a process that waits: the clock runs
    until it ends; one that would never end is left running, detached, with one line."""
    from simulator.cli.result import Result
    from simulator.messages import Catalog
    ended = follow(engine, c)
    out = "".join(text for stream, text in c.log[mark:] if stream == "stdout")
    err = "".join(text for stream, text in c.log[mark:] if stream == "stderr")
    if ended:
        return Result(c.exit_code, out, err)
    return Result(0, out, err + Catalog().t("note.proc-detached", name=c.name) + "\n")
