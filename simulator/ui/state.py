"""What the Lab remembers that is not the simulation: selection, open folders (keyed by path),
command history and the terminal's lines. Kept apart from the model, one per Lab."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.ui.picture import AUTO
from simulator.ui.words import t

MAX_TERMINAL = 200           # entries kept in the terminal (a terminal's scrollback)
MAX_ENTRY_LINES = 300        # lines of one entry shown (`ls -R /` of a 100,000-file image ...)


@dataclass
class UiState:
    target: str = ""                                  # the container picked (or HOST); "" before any
    path: str = "/"                                   # the path picked in the tree
    open_folders: dict = field(default_factory=dict)  # target -> set of open folder paths
    picture: str = AUTO                               # AUTO, OVERVIEW or a container's name
    history: list = field(default_factory=list)       # commands run, oldest first
    history_pos: int = 0                              # == len(history) when not browsing it
    terminal: list = field(default_factory=list)      # text chunks, each ending in a newline
    why: list = field(default_factory=list)           # the last "why do I see this?" sentences
    language: str | None = None                       # the lab's language ("en", "ko"); None: the process's
    whole: bool = False                               # the whole stack picture, not the focused one

    def folders(self, target: str) -> set:
        return self.open_folders.setdefault(target, set())

    def remember(self, command: str) -> None:
        if not self.history or self.history[-1] != command:
            self.history.append(command)
        self.history_pos = len(self.history)

    def print(self, text: str) -> None:
        if text and not text.endswith("\n"):
            text += "\n"
        lines = text.splitlines(keepends=True)
        if len(lines) > MAX_ENTRY_LINES:
            text = "".join(lines[:MAX_ENTRY_LINES]) + t("lab.terminal.more-lines", count=len(lines) - MAX_ENTRY_LINES) + "\n"
        self.terminal.append(text)
        del self.terminal[:-MAX_TERMINAL]
