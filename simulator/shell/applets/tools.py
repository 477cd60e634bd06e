"""The applets of issue 11's everyday tools, by name (merged into APPLETS)."""
from __future__ import annotations

from simulator.shell.applets import columns, grep, sedmain, sortuniq, text

TOOLS = {
    "head": text.head, "tail": text.tail, "wc": text.wc, "tee": text.tee,
    "basename": text.basename, "dirname": text.dirname,
    "grep": grep.grep, "egrep": grep.grep, "fgrep": grep.grep,
    "sed": sedmain.sed,
    "cut": columns.cut, "tr": columns.tr, "sort": sortuniq.sort, "uniq": sortuniq.uniq,
}
