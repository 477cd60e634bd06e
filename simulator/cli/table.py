"""Columns as Go's text/tabwriter prints them for the docker CLI: tabwriter.NewWriter(out, 10, 1,
3, ' ', 0), i.e. minimum width 10, padding 3, spaces. A cell is text ended by a tab; the text
after a line's last tab is not part of any column. A column's width is set per block of
consecutive lines that have a cell in that column (Go's Writer.format)."""
from __future__ import annotations


def tabwrite(rows: list[list[str]], minwidth: int = 10, padding: int = 3) -> str:
    """Rows of cells, each row's cells joined by tabs: every cell but the last is a column."""
    if not rows:
        return ""
    return tabwrite_text("".join("\t".join(r) + "\n" for r in rows), minwidth, padding)


def tabwrite_text(text: str, minwidth: int = 10, padding: int = 3) -> str:
    """Text with tabs and newlines through Go's tabwriter (Flush at the end)."""
    lines = [line.split("\t") for line in text.split("\n")]
    widths: list[int] = []
    out: list[str] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            for j, cell in enumerate(cells):
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(cell + " " * max(widths[j] - len(cell), 0))
                else:
                    parts.append(cell)
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)
