"""Columns as Go's text/tabwriter prints them for the docker CLI (padding 3, minimum width)."""
from __future__ import annotations


def tabwrite(rows: list[list[str]], minwidth: int = 10, padding: int = 3) -> str:
    """tabwriter.NewWriter(out, 10, 1, 3, ' ', 0): each cell but the last of a line is
    padded to max(minwidth, widest cell + padding) of its column."""
    if not rows:
        return ""
    widths = [0] * max(len(r) for r in rows)
    for r in rows:
        for i, cell in enumerate(r[:-1]):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for r in rows:
        cells = [cell.ljust(max(minwidth, widths[i] + padding)) for i, cell in enumerate(r[:-1])] + [r[-1]]
        lines.append("".join(cells))
    return "\n".join(lines) + "\n"
