"""DOT source as plain strings: graph, node and edge statements with stable ids and escaped values.

Ids are made by the renderers from indexes (r0c3, h2, ...), never from file names; every
text a user controls reaches DOT through `escape`.
"""
from __future__ import annotations

import re

from simulator.render.escape import quoted

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def attr_list(attrs: dict) -> str:
    """[k=v, ...] in the given order; values are quoted unless they are HTML labels (<...>)."""
    if not attrs:
        return ""
    parts = []
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        if isinstance(v, HTML):
            parts.append(f"{k}=<{v.text}>")
        else:
            parts.append(f"{k}={quoted(str(v))}")
    return " [" + ", ".join(parts) + "]"


class HTML:
    """An HTML-like label already built from escaped text."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def check_id(node_id: str) -> str:
    if not _ID.match(node_id):
        raise ValueError(f"not a plain DOT id: {node_id!r} (letters, digits and _ only)")
    return node_id


class Graph:
    """Collects statements in order; `source()` joins them. Output is the same for the same calls."""

    def __init__(self, name: str, graph_attrs: dict, node_attrs: dict, edge_attrs: dict):
        self.lines = [f"digraph {check_id(name)} {{"]
        for kind, attrs in (("graph", graph_attrs), ("node", node_attrs), ("edge", edge_attrs)):
            if attrs:
                self.lines.append(f"  {kind}{attr_list(attrs)};")
        self.nodes = 0
        self.edges = 0

    def node(self, node_id: str, **attrs) -> None:
        self.lines.append(f"  {check_id(node_id)}{attr_list(attrs)};")
        self.nodes += 1

    def edge(self, tail: str, head: str, **attrs) -> None:
        self.lines.append(f"  {_end(tail)} -> {_end(head)}{attr_list(attrs)};")
        self.edges += 1

    def same_rank(self, node_ids) -> None:
        ids = " ".join(check_id(n) for n in node_ids)
        self.lines.append(f"  {{rank=same; {ids}}}")

    def raw(self, line: str) -> None:
        """A statement the renderer wrote itself (no user text in it)."""
        self.lines.append("  " + line)

    def source(self) -> str:
        return "\n".join(self.lines + ["}"]) + "\n"


def _end(ref: str) -> str:
    node, _, port = ref.partition(":")
    check_id(node)
    if port:
        for part in port.split(":"):
            check_id(part)
    return ref
