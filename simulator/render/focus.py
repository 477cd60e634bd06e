"""A focused stack picture: the paths a step touched, their parents and the rows that hide them,
and the container's other paths folded by folder ("412 entries"), so a picture fits the place it
is shown in (the lab's panel, a projector). The whole picture is the same stack with room for
every path (stack.MAX_COLUMNS)."""
from __future__ import annotations

from simulator.render.columns import MAX_COLUMNS

MIN_FOCUS = 4                # columns of a focused picture at least: one folded, three paths
ROOM_AROUND = 2              # columns beside the touched paths: their folded siblings


def touched(container, events) -> set:
    """The paths of `container` the step's events name (a rename's new name too)."""
    name = getattr(container, "name", None)
    out = set()
    for e in events:
        if e.get("container") != name:
            continue
        for key in ("path", "to", "target"):
            p = e.get(key)
            if isinstance(p, str) and p.startswith("/") and p != "/":
                out.add(p)
    return out


def focus_limit(container, events) -> int:
    """How many columns a focused picture of `container` gets: the whole picture's when the step
    created it or touched none of its paths (nothing to focus on), else room for the touched paths
    and a fold."""
    name = getattr(container, "name", None)
    if any(e.get("type") == "container-create" and e.get("container") == name for e in events):
        return MAX_COLUMNS               # a new container: the whole of what it sees, the first time
    n = len(touched(container, events))
    if not n:
        return MAX_COLUMNS
    return max(MIN_FOCUS, min(MAX_COLUMNS, n + ROOM_AROUND))
