"""Which paths get a column: every path that matters in a small image; in a large one the
important paths, and the rest folded into one column per directory ("412 paths, 3 changed").

The number of columns never exceeds MAX_COLUMNS, whatever the image size.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..entries import Dir

MAX_COLUMNS = 16
MAX_SINGLES = 10             # important paths shown apart when the rest must fold


@dataclass(frozen=True)
class Column:
    path: str                  # the path, or the folded directory
    fold: bool = False
    rest: bool = False         # a folded remainder: the directory's paths not in another column
    count: int = 0             # folded: how many paths it holds
    folders: int = 0           # folded remainder: how many sub-folders it lumps together


def candidate_paths(rows_entries) -> tuple[list[str], dict[str, int]]:
    """(every path worth a column, sorted; how many rows hold each path).

    Worth a column: files, symlinks, whiteouts, opaque directories, and directories
    that hold nothing (a directory with content shows through its content)."""
    holders: dict[str, int] = {}
    plain: set[str] = set()         # a plain (merged, not opaque) directory in some row
    other: set[str] = set()         # something else in some row
    for entries in rows_entries:
        for p, e in entries:
            holders[p] = holders.get(p, 0) + 1
            if type(e) is Dir and not e.opaque:
                plain.add(p)
            else:
                other.add(p)
    parents = {paths.parent(p) for p in holders}
    found = [p for p in holders if p != "/" and (p in other or p not in parents)]
    found.sort(key=path_key)
    return found, holders


def path_key(path: str):
    """Sort a parent right before its children ("/a", "/a/b", "/a-b"), as `find` lists them."""
    return path.split("/")


def _partition(dir_: str, members: list[str]) -> dict[str, list[str]]:
    """Members of a directory by the child they are under (the child itself included)."""
    cut = len(dir_) + (0 if dir_ == "/" else 1)
    parts: dict[str, list[str]] = {}
    for p in members:
        name = p[cut:].split("/", 1)[0]
        parts.setdefault(paths.join(dir_, name), []).append(p)
    return parts


def plan_columns(candidates: list[str], important: list[str], limit: int = MAX_COLUMNS) -> list[Column]:
    """Columns in path order: all candidates if they fit, else `important` first (up to
    MAX_SINGLES) and folded directories, split as deep as the limit allows."""
    if len(candidates) <= limit:
        return [Column(p) for p in candidates]
    singles = list(dict.fromkeys(important))[:min(MAX_SINGLES, limit - 1)]
    chosen = set(singles)
    rest = [p for p in candidates if p not in chosen]
    room = limit - len(singles)
    groups = [("/", rest, False)]         # (directory, paths, is a remainder)
    while True:
        progress = False
        for g in sorted(groups, key=lambda g: (-len(g[1]), path_key(g[0]))):
            d, members, remainder = g
            if remainder or len(members) <= 1:
                continue
            parts = _partition(d, members)
            others = len(groups) - 1
            if others + len(parts) <= room:
                groups.remove(g)
                groups.extend((k, v, False) for k, v in parts.items())
                progress = True
                break
            if others + 2 <= room:
                keep_n = room - others - 1
                near = {paths.parent(s) for s in singles}
                order = sorted(parts, key=lambda k: (not any(paths.is_within(n, k) for n in near),
                                                     -len(parts[k]), path_key(k)))
                kept = order[:keep_n]
                lumped = [p for k in order[keep_n:] for p in parts[k]]
                groups.remove(g)
                groups.extend((k, parts[k], False) for k in kept)
                groups.append((d, lumped, True))
                progress = True
                break
        if not progress:
            break
    columns = [Column(p) for p in singles]
    for d, members, remainder in groups:
        if not members:
            continue
        if len(members) == 1 and not remainder:
            columns.append(Column(members[0]))
        else:
            folders = len({k for k in _partition(d, members)}) if remainder else 0
            columns.append(Column(d, True, remainder, len(members), folders))
    columns.sort(key=lambda c: (path_key(c.path), c.fold, c.rest))
    return columns


def column_finder(columns: list[Column]):
    """path -> index of the column that shows it (a single, else the deepest fold), or None."""
    singles = {c.path: i for i, c in enumerate(columns) if not c.fold}
    folds = {c.path: i for i, c in enumerate(columns) if c.fold and not c.rest}
    rests = {c.path: i for i, c in enumerate(columns) if c.rest}

    def find(path: str):
        i = singles.get(path)
        if i is not None:
            return i
        q = path
        while True:
            i = folds.get(q)
            if i is not None:
                return i
            i = rests.get(q)
            if i is not None:
                return i
            if q == "/":
                return None
            q = paths.parent(q)
    return find
