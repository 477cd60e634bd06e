"""Text from a scenario file made safe for a terminal: control and bidirectional characters escaped.

A handed-in file is printed on the teacher's terminal (the transcript, `--show`, error
messages). ESC starts terminal commands (clear the screen, set the window title, ...),
and bidirectional overrides (U+202E) make text read differently from what it is, so
every such character is shown as a visible escape (`\\x1b`, `\\u202e`); newlines, tabs and
the CR of a CRLF line end stay as they are. HTML and SVG have their own escaping (render/escape.py).
"""
from __future__ import annotations

import re

# C0 controls but \t and \n, DEL, C1 controls; the bidirectional formatting characters
# (ALM, LRM, RLM, LRE..RLO, LRI..PDI); the Unicode line and paragraph separators. A carriage
# return before a newline is a pseudo-terminal's line end (`docker run -it`) and stays; alone,
# it would let a line write over what the teacher sees, so it is escaped.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
                    "|\r(?!\n)")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def terminal_safe(text: str) -> str:
    """TEXT with every control or bidirectional character written as an escape."""
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """A message as one terminal line: escaped as above, and newlines written as `\\n`."""
    return terminal_safe(text.replace("\n", "\\n").replace("\t", " "))
