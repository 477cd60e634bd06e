"""The work one command may do on the simulated machine, and the size one string may have.

The simulated machine has no clock, no signals and no Ctrl-C (Voilà has no interrupt
button), so every command (a host step, a `docker exec`, a container's main process, one
`RUN` line) gets a budget of work units, summed over everything it runs: nested loops,
subshells, `eval`, `.` files, command substitutions. What costs what:

- one unit per loop round, per command run (builtin or applet), per function call;
- one unit per `BYTES_PER_UNIT` bytes a command produces (output, expansions);
- one unit per `MATCH_STEPS_PER_UNIT` steps of pattern matching (globs, `${V##p}`).

When the budget runs out the command is stopped at once, as a killed process is: what
it changed so far stays, it prints `sh: the simulator stopped this command after N steps
of work` and its status is `STOPPED_STATUS` (128 + SIGKILL, what `docker stop` and the
OOM killer leave). Applets charge through `cmd.budget.charge(units)`.

Commands nest at most MAX_NESTING deep (compound commands, subshells, `eval`, `.`,
`sh -c`); deeper, the command stops with NESTED_STATUS, where ash would overflow its
stack and die of SIGSEGV.

A string (a variable, an argument, an expansion, a command's output) is at most
`MAX_STRING` bytes, the file cap (content.MATERIALISE_LIMIT): past it the shell prints
`sh: out of memory` and exits with 1, as BusyBox's ash does when malloc fails.
"""
from __future__ import annotations

from simulator.fs import MATERIALISE_LIMIT

WORK_UNITS = 50_000
FILE_WORK_UNITS = 200_000     # all the steps of one scenario file together (run.session)
BYTES_PER_UNIT = 1024
MATCH_STEPS_PER_UNIT = 1000
MAX_STRING = MATERIALISE_LIMIT
STOPPED_STATUS = 137
MAX_NESTING = 60
NESTED_STATUS = 139           # 128 + SIGSEGV: ash's stack overflow


class WorkLimitReached(BaseException):
    """The budget is spent: unwinds the whole command. A BaseException, so that no
    `except Exception` on the way (an applet's, a subshell's) can swallow it."""

    def __init__(self, limit: int, whole_file: bool = False):
        super().__init__(limit)
        self.limit, self.whole_file = limit, whole_file

    @property
    def message(self) -> str:
        if self.whole_file:
            return f"the simulator stopped this command: the file's steps have used their {self.limit:,} steps of work"
        return f"the simulator stopped this command after {self.limit:,} steps of work"


class NestingLimitReached(BaseException):
    """Commands nested more than MAX_NESTING deep (a `.` file that sources itself, eval
    in eval, 3,000 nested `(`): where ash runs out of stack and dies of SIGSEGV, the
    simulator stops the command with NESTED_STATUS."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit

    @property
    def message(self) -> str:
        return f"the simulator stopped this command: commands nested more than {self.limit} deep"


class OutOfMemory(BaseException):
    """A string would pass MAX_STRING: ash's "out of memory"; the shell exits with 1."""


class Budget:
    """One command's work units. Shared by every shell and applet the command runs. With a
    PARENT (the budget of all the steps of one file), every unit is charged to it too."""

    def __init__(self, limit: int = WORK_UNITS, parent: "Budget | None" = None):
        self.limit = limit
        self.parent = parent
        self.used = 0
        self.bytes = 0              # produced so far (a unit per BYTES_PER_UNIT)
        self.steps = 0              # of pattern matching (a unit per MATCH_STEPS_PER_UNIT)
        self.depth = 0              # nested shells, evals, `.` files, compound commands

    def charge(self, units: int = 1) -> None:
        """Spend UNITS; raises WorkLimitReached when the budget is gone. Call it BEFORE the
        work (an applet about to write N bytes charges them first)."""
        if self.parent is not None:
            try:
                self.parent.charge(units)
            except WorkLimitReached as e:
                raise WorkLimitReached(e.limit, whole_file=True)
        self.used += units
        if self.used > self.limit:
            self.used = self.limit + 1
            raise WorkLimitReached(self.limit)

    def charge_bytes(self, n: int) -> None:
        """N bytes about to be produced (one string): the string cap, and their work units."""
        if n > MAX_STRING:
            raise OutOfMemory(n)
        before = self.bytes // BYTES_PER_UNIT
        self.bytes += n
        if self.bytes // BYTES_PER_UNIT != before:
            self.charge(self.bytes // BYTES_PER_UNIT - before)

    def charge_match(self, text_len: int, pattern_len: int) -> None:
        """A match of a pattern of PATTERN_LEN tokens against TEXT_LEN characters."""
        before = self.steps // MATCH_STEPS_PER_UNIT
        self.steps += (text_len + 1) * (pattern_len + 1)
        if self.steps // MATCH_STEPS_PER_UNIT != before:
            self.charge(self.steps // MATCH_STEPS_PER_UNIT - before)

    def enter(self) -> None:
        """One level deeper (a compound command, a subshell, eval, `.`, sh -c)."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.depth -= 1
            raise NestingLimitReached(MAX_NESTING)

    def leave(self) -> None:
        self.depth -= 1

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def spent(self) -> bool:
        return self.used >= self.limit


def check_size(n: int) -> None:
    """A string of N bytes is about to be built."""
    if n > MAX_STRING:
        raise OutOfMemory(n)
