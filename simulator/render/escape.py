"""Making any name safe to show: in a DOT HTML-like label, a quoted DOT string, or plain text.

A file may be called `<script>`, `"`, `{`, `|`, contain a newline or be 4,000
characters long; none of that may break the DOT source or reach a notebook as markup.
"""
from __future__ import annotations

ELLIPSIS = "..."            # ASCII: graphviz-pure has no width for non-ASCII characters
MAX_LABEL = 40

_CONTROL = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
    """Control characters written as escapes (\\n, \\x07), so one name stays on one line."""
    out = []
    for ch in text:
        if ch in _CONTROL:
            out.append(_CONTROL[ch])
        elif ord(ch) < 32 or ord(ch) == 127 or 0x80 <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """At most `limit` characters, keeping both ends (the end of a path names the file)."""
    if len(text) <= limit:
        return text
    keep = limit - len(ELLIPSIS)
    head = (keep + 1) // 2
    return text[:head] + ELLIPSIS + text[len(text) - (keep - head):]


def html(text: str, limit: int | None = MAX_LABEL) -> str:
    """Text for an HTML-like DOT label (<...>): shortened, one line, markup escaped.

    Graphviz expands \\N, \\G, \\L ... even in HTML labels, so a backslash is doubled."""
    text = visible(text)
    if limit is not None:
        text = shorten(text, limit)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;").replace("\\", "\\\\"))


def quoted(text: str) -> str:
    """A double-quoted DOT string (for ids and attributes) with nothing expanded."""
    text = visible(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plain(text: str, limit: int | None = None) -> str:
    """One line of plain text (terminals, text/plain): control characters made visible."""
    text = visible(text)
    return shorten(text, limit) if limit is not None else text
