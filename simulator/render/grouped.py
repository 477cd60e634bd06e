"""The narration of one step, grouped: one line per kind of event, the others of that kind folded
under it, so a `mv` of a directory tree (dozens of events) reads as a handful of lines.

    for line in grouped(record.events, cat):
        line.text, line.details        # the first sentence of its kind, then the rest of that kind

A delete that only left a whiteout (the file was in an image layer, never in the writable layer)
is told once, by the whiteout's sentence, not also as "deleted from the writable layer".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.messages import Catalog
from simulator.render.narrate import narrate

# kinds told together: the metadata a copy keeps (mv across layers, cp -a) is one kind of news
KIND_GROUP = {"touch": "metadata", "chmod": "metadata", "chown": "metadata"}


@dataclass
class Line:
    kind: str
    text: str
    details: list = field(default_factory=list)     # the other sentences of this kind, in event order

    @property
    def more(self) -> int:
        return len(self.details)


def told_by_whiteout(events) -> set:
    """(container, path) of the deletes whose only trace is a whiteout the same step made."""
    whiteouts = {(e.get("container"), e.get("path")) for e in events if e.get("type") == "whiteout"}
    return {(e.get("container"), e.get("path")) for e in events
            if e.get("type") == "delete" and (e.get("container"), e.get("path")) in whiteouts}


def rank(event: dict) -> int:
    """Which sentence of a kind leads its line: a file's copy-up says more than its folders'."""
    return 1 if event.get("type") == "copy-up" and event.get("kind") == "dir" else 0


def grouped(events, cat: Catalog | None = None) -> list[Line]:
    """One Line per kind of event, in the order the kinds first happen, led by its most telling
    sentence (see `rank`); repeated sentences once."""
    cat = cat or Catalog()
    merged = told_by_whiteout(events)
    kinds: dict[str, list] = {}
    seen: set = set()
    for i, e in enumerate(events):
        kind = e.get("type", "")
        if kind == "delete" and (e.get("container"), e.get("path")) in merged:
            continue
        sentence = narrate(e, cat)
        if sentence in seen:
            continue
        seen.add(sentence)
        kinds.setdefault(KIND_GROUP.get(kind, kind), []).append((rank(e), i, sentence))
    lines = []
    for key, told in kinds.items():
        lead = min(told)
        lines.append(Line(key, lead[2], [s for r, i, s in told if (r, i) != lead[:2]]))
    return lines


def grouped_text(events, cat: Catalog | None = None, bullet: str = "  * ") -> list[str]:
    """The grouped narration as plain lines (a notebook's or a terminal's): each kind's first
    sentence, and how many more of that kind it stands for."""
    cat = cat or Catalog()
    out = []
    for line in grouped(events, cat):
        more = f" {cat.t('narration.more-of-kind', count=line.more)}" if line.more else ""
        out.append(f"{bullet}{line.text}{more}")
    return out
