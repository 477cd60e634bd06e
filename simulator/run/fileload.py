"""Reading a scenario file (or any YAML/JSON a student hands in) without trusting it.

Checked before anything is built, each failure a ScenarioError naming the file and the
key (never a traceback, never a hang):
- the file: a regular file, not a symlink (a link to a secret file would leak it into
  the error), not a FIFO or a device (opening a FIFO blocks forever), at most MAX_BYTES;
- the text: UTF-8; YAML walked as events first, so that an alias bomb is refused by
  counting (each alias counts the values it stands for, at most MAX_VALUES in all),
  nesting is at most MAX_DEPTH, a mapping names a key once (YAML and JSON would keep
  the last), integers have at most MAX_INT_DIGITS digits, and text has no lone
  surrogate (it could not be written out as UTF-8).
"""
from __future__ import annotations

import json
import os
import re
import stat

import yaml

from simulator.errors import ScenarioError

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when the wheel has it

MAX_BYTES = 32 * 1024 * 1024
MAX_VALUES = 2_000_000          # values in the file once every alias is expanded
MAX_DEPTH = 64
MAX_INT_DIGITS = 20             # 64-bit numbers and a little more
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_text(path: str) -> str:
    """The file's text, refused before it is opened when it is not a regular file."""
    try:
        st = os.lstat(path)
    except OSError as e:
        raise ScenarioError(f"cannot read the file: {e.strerror}", file=path)
    if stat.S_ISLNK(st.st_mode):
        raise ScenarioError("is a symbolic link: hand in the file itself", file=path)
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError("is not a regular file (a directory, FIFO or device)", file=path)
    if st.st_size > MAX_BYTES:
        raise ScenarioError(f"is larger than {MAX_BYTES // 2**20} MiB", file=path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise ScenarioError(f"cannot read the file: {e.strerror}", file=path)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):     # swapped since lstat
            raise ScenarioError("is not a regular file (a directory, FIFO or device)", file=path)
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ScenarioError(f"is larger than {MAX_BYTES // 2**20} MiB", file=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("the file is not UTF-8 text", file=path)


def load_data(text: str):
    """The YAML (or JSON) document in TEXT as Python values, checked as described above."""
    if not isinstance(text, str):
        raise ScenarioError("a scenario is text")
    if len(text) > MAX_BYTES:
        raise ScenarioError(f"the text is larger than {MAX_BYTES // 2**20} MiB")
    bad = _SURROGATE.search(text)
    if bad:
        raise ScenarioError(f"character {bad.start()} is a lone surrogate, not Unicode text")
    if text.lstrip().startswith("{"):
        # JSON is YAML too; the JSON parser reads a large generated file ten times faster
        data = _json(text)
        if data is not _NOT_JSON:
            return data
    try:
        check_events(yaml.parse(text, Loader=SafeLoader))
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"invalid YAML: {getattr(e, 'problem', None) or e}", where)
    except (RecursionError, MemoryError, ValueError, OverflowError) as e:
        raise ScenarioError(f"invalid YAML: {type(e).__name__}")


_NOT_JSON = object()


def _json(text: str):
    def pairs(items):
        seen = {}
        for k, v in items:
            if k in seen:
                raise ScenarioError(f"the key {k!r} appears twice in one mapping", k)
            seen[k] = v
        return seen

    def integer(s: str) -> int:
        if len(s.lstrip("-")) > MAX_INT_DIGITS:
            raise ScenarioError(f"the number {s[:12]}... has more than {MAX_INT_DIGITS} digits")
        return int(s)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except RecursionError:
        raise ScenarioError(f"values are nested more than {MAX_DEPTH} deep")
    except ValueError:
        return _NOT_JSON           # not JSON after all (YAML in flow style): YAML says why
    _check_depth(data)
    return data


def _check_depth(data) -> None:
    """Nesting, and text that cannot be UTF-8 (JSON's "\\ud800" escapes make lone surrogates)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ScenarioError(f"the text {value[:20]!r} has a lone surrogate, not Unicode text")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise ScenarioError(f"values are nested more than {MAX_DEPTH} deep")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items)


class _Node:
    __slots__ = ("kind", "anchor", "size", "keys", "key_next", "key")

    def __init__(self, kind, anchor, key):
        self.kind, self.anchor, self.size = kind, anchor, 1
        self.keys, self.key_next, self.key = set(), True, key


def check_events(events) -> None:
    """One pass over the parser's events: expanded size, depth, duplicate keys, numbers."""
    anchors: dict = {}
    stack: list[_Node] = []
    path: list = []
    total = 0

    def where(event) -> str:
        keys = ".".join(str(k) for k in path if k is not None)
        mark = event.start_mark
        return keys or (f"line {mark.line + 1}" if mark else "")

    def count(size: int, event) -> None:
        nonlocal total
        total += size
        if total > MAX_VALUES:
            raise ScenarioError(f"the file expands to more than {MAX_VALUES:,} values "
                                "(aliases repeat what they name)", where(event))

    def placed(size: int, event, key_text) -> None:
        """A value of SIZE values is complete: it counts in its parent (as a key or a value)."""
        if not stack:
            return
        parent = stack[-1]
        parent.size += size
        if parent.kind == "map":
            if parent.key_next:
                if key_text is not None and key_text != "<<":
                    if key_text in parent.keys:
                        path[-1] = key_text
                        raise ScenarioError(f"the key {key_text!r} appears twice in one mapping", where(event))
                    parent.keys.add(key_text)
                path[-1] = key_text
            parent.key_next = not parent.key_next

    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = event.value
            if event.implicit[0] and len(value) > MAX_INT_DIGITS + 1 and _INT.match(value.replace("_", "")):
                raise ScenarioError(f"the number {value[:12]}... has more than {MAX_INT_DIGITS} digits", where(event))
            if event.anchor:
                anchors[event.anchor] = 1
            count(1, event)
            placed(1, event, value)
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise ScenarioError(f"the alias *{event.anchor} names no anchor before it", where(event))
            count(anchors[event.anchor], event)
            placed(anchors[event.anchor], event, None)
        elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise ScenarioError(f"values are nested more than {MAX_DEPTH} deep", where(event))
            count(1, event)
            stack.append(_Node("map" if kind is yaml.MappingStartEvent else "seq", event.anchor, None))
            path.append(None)
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            node = stack.pop()
            path.pop()
            if node.anchor:
                anchors[node.anchor] = node.size
            placed(node.size, event, None)
