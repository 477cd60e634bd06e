"""Making any name safe to show: in a DOT HTML-like label, a quoted DOT string, or plain text.

A file may be called `<script>`, `"`, `{`, `|`, contain a newline or be 4,000
characters long; none of that may break the DOT source or reach a notebook as markup.
"""
from __future__ import annotations

import re

ELLIPSIS = "..."            # ASCII: graphviz-pure has no width for non-ASCII characters
MAX_LABEL = 40

_CONTROL = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(m) -> str:
    ch = m.group()
    return _CONTROL.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def visible(text: str) -> str:
    """Control characters written as escapes (\\n, \\x07), so one name stays on one line."""
    return _UNSEEN.sub(_shown, text)


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


# JupyterLab wraps text output (white-space: pre-wrap), which turns a text twin's table into a
# wall of broken lines on a narrow column; kept as <pre> with its own white-space, a table stays
# a table and scrolls sideways inside the column instead. JupyterLab does not link `data:...`
# in HTML, as it does in plain text (`-v appdata:/var/lib/app`).
# (width 0 with min-width 100%: the <pre> takes the column's width and never widens the column)
PRE_STYLE = "white-space: pre; overflow-x: auto; overflow-wrap: normal; word-break: normal; width: 0; min-width: 100%; box-sizing: border-box"


def text_html(text: str) -> str:
    """TEXT as an HTML <pre> a notebook shows line for line (escaped; see PRE_STYLE)."""
    from html import escape
    return f'<pre class="layer-lab-text" style="{PRE_STYLE}">{escape(text)}</pre>'

