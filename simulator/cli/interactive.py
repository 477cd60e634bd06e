"""Interactive shells: `docker run -it IMAGE sh`, `docker exec -it C sh`, `docker run -i`, with
the lines a student types (a scenario step's `input:`, the lab's command box).

As a terminal shows them (recorded on Docker 26.1.5 through a pseudo-terminal): BusyBox ash's
banner, its prompt (`/ # `: the directory, `#` for root), each line echoed, then what it
printed, stdout and stderr in one stream with `\\r\\n` line ends. `exit` (or `^D`, end of
input) ends the shell: after `run -it` the container stops with the shell's status, its
writable layer stays. `^P^Q` detaches (the docker 26.1.5 CLI prints nothing); so does the end
of a scenario step's input with the shell still running (one line says so). Without `-t`
there is no prompt and no echo, streams stay apart, and the end of the input is the end of
stdin: the shell exits.
"""
from __future__ import annotations

from simulator import shell
from simulator.cli import procs
from simulator.cli.result import Result

BANNER = ("\r\n\r\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)\r\n"
          "Enter 'help' for a list of built-in commands.\r\n\r\n")
CTRL_D, DETACH = "^D", "^P^Q"


class Attached:
    """The terminal a step left attached (kept on the engine, copied with it)."""

    def __init__(self, container: str, kind: str, sh, tty: bool):
        # a `run -it` shell is the container's main process (c.process): looked up there, so
        # that a copy of the engine has one shell, not two
        self.container, self.kind, self.tty = container, kind, tty
        self.sh = sh if kind == "exec" else None

    def shell(self, engine):
        return self.sh if self.sh is not None else engine.containers[self.container].process.outer


def tty_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def attached(engine) -> Attached | None:
    att = getattr(engine, "attached", None)
    if att is not None and att.container not in engine.containers:
        engine.attached = att = None
    return att


def prompt(engine) -> str | None:
    """The attached shell's prompt (the lab's command box takes it), or None."""
    att = attached(engine)
    if att is None:
        return None
    return shell.prompt(att.shell(engine)) if att.tty else ""


def begin(engine, c, sh, kind: str, tty: bool, lines) -> Result:
    """A shell that reads the terminal started in C: run LINES at it (None: the lab types them)."""
    att = Attached(c.name, kind, sh, tty)
    engine.attached = att
    shell.rebind([], sh, None, None)
    head = BANNER if tty else ""
    if lines is None:
        return Result(0, head, "")
    out, err, status, ended = head, "", 0, False
    for line in lines:
        sh = att.shell(engine)
        out += shell.prompt(sh) + line + "\r\n" if tty else ""
        o, e, status, ended = feed(engine, att, line)
        out += o
        err += e
        if ended:
            break
    sh = att.shell(engine) if attached(engine) is att else sh
    if not ended and not tty:           # stdin is closed: the shell reads its end and exits
        status, ended = _end(engine, att, sh.status), True
    if ended:
        return Result(status, out, err)
    from simulator.messages import Catalog
    return Result(0, out + shell.prompt(sh), err + Catalog().t("note.proc-input-left", name=c.name) + "\n")


def feed(engine, att: Attached, line: str) -> tuple[str, str, int, bool]:
    """One line typed at the attached shell: (stdout, stderr, status, the shell ended)."""
    c = engine.containers[att.container]
    sh = att.shell(engine)
    if line == DETACH:
        engine.attached = None
        return "", "", 0, True          # the docker 26.1.5 CLI prints nothing (recorded)
    if line == CTRL_D:
        return "", "", _end(engine, att, sh.status), True
    sh.proc.clock_ms = engine.clock_ms        # `date` reads it
    status = shell.run_line(sh, line, engine.namespace(c), shell.Budget(parent=getattr(engine, "work", None)))
    shell.rebind([], sh, None, None)         # kept between steps without this step's namespace
    out, err = sh.proc.stdout, sh.proc.stderr
    if att.kind == "run":
        procs.append_logs(c, out, err)
    if att.tty:
        out, err = tty_text(out + err), ""
    if sh.proc.elapsed_ms:
        procs.advance(engine, engine.clock_ms + sh.proc.elapsed_ms)
    if getattr(sh, "exited", False):
        return out, err, _end(engine, att, status), True
    return out, err, status, False


def _end(engine, att: Attached, status: int) -> int:
    engine.attached = None
    c = engine.containers.get(att.container)
    if att.kind == "run" and c is not None and c.running:
        procs.finish(engine, c, status)
    return status


def send(engine, line: str) -> Result:
    """The lab: one line to the attached shell (a Ctrl-D is `^D`, a Ctrl-P Ctrl-Q `^P^Q`)."""
    att = attached(engine)
    if att is None:
        return Result(1, "", "")
    out, err, status, ended = feed(engine, att, line)
    return Result(status if ended else 0, out, err)
