"""The shape of a Timeline as the Lab's timeline controls show it, read in constant time per move:
each step's depth, the last step forward() leads to, and the step lists (made again only when a
step is added), so stepping through 500 steps costs what stepping through 5 does."""
from __future__ import annotations

from simulator.ui.words import t


def short(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def step_text(step) -> str:
    return f"{step.number}: {short(step.command, 60)}" if step.command else t("lab.step.row.start", number=0)


class LineIndex:
    def __init__(self, timeline):
        self.timeline = timeline
        self._depth: dict = {}         # step number -> steps from the start (never changes: steps only grow)
        self._size = -1                # len(timeline.steps) when the memos below were made
        self._leaf: dict = {}          # step number -> the step forward() ends at
        self._rows = self._branches = None

    def _fresh(self) -> None:
        if self._size != len(self.timeline.steps):
            self._size = len(self.timeline.steps)
            self._leaf, self._rows, self._branches = {}, None, None

    def depth(self, step) -> int:
        walk = []
        while step is not None and step.number not in self._depth:
            walk.append(step)
            step = step.parent
        d = -1 if step is None else self._depth[step.number]
        for s in reversed(walk):
            d += 1
            self._depth[s.number] = d
        return d

    def leaf(self, step):
        self._fresh()
        walk = []
        while step.children and step.number not in self._leaf:
            walk.append(step)
            step = step.children[-1]
        end = self._leaf.get(step.number, step)
        for s in walk:
            self._leaf[s.number] = end
        return end

    def position(self) -> tuple[int, int]:
        """(where the current step is on its line, where the line ends), counted from the start."""
        current = self.timeline.current
        return self.depth(current), self.depth(self.leaf(current))

    def step_at(self, index: int) -> int:
        """The number of the step at `index` on the current line (its start, back, or forward)."""
        step = self.timeline.current
        d = self.depth(step)
        index = max(0, index)
        while d > index:
            step, d = step.parent, d - 1
        while d < index and step.children:
            step, d = step.children[-1], d + 1
        return step.number

    def step_rows(self) -> tuple:
        """(label, number) of every step, in the order they were made."""
        self._fresh()
        if self._rows is None:
            self._rows = tuple((step_text(s), s.number) for s in self.timeline.steps)
        return self._rows

    def branch_rows(self) -> tuple:
        """(label, last step's number) for each line of work."""
        self._fresh()
        if self._branches is None:
            leaves = [s for s in self.timeline.steps if not s.children and s.number]
            self._branches = tuple((t("lab.branch.row", count=self.depth(s), number=s.number,
                                      command=short(s.command, 50)), s.number) for s in leaves)
        return self._branches
