"""How a shell leaves a script or a loop early: `exit` and `exec` raise ShellExit, `break` and
`continue` raise LoopControl. The builtins raise them and the interpreter catches them; they live
in a module of their own so that both import them at the top (no import circle)."""
from __future__ import annotations


class ShellExit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    def __init__(self, kind: str, count: int):
        super().__init__(kind)
        self.kind, self.count = kind, count
