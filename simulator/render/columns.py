"""Which paths get a column: every path that matters in a small image; in a large one the
important paths, and the rest folded into one column per folder ("412 entries, 3 changed").

Works on counts (index.CountTree), never on lists of every path, so planning costs the
same for 50 files and for 100,000. The number of columns never exceeds MAX_COLUMNS.
"""
from __future__ import annotations

from dataclasses import dataclass

from simulator.fs import paths

MAX_COLUMNS = 16
MAX_SINGLES = 10             # important paths shown apart when the rest must fold


@dataclass(frozen=True)
class Column:
    path: str                  # the path, or the folded folder
    fold: bool = False
    rest: bool = False         # a folded remainder: the folder's entries not in another column
    count: int = 0             # folded: how many entries it holds
    folders: int = 0           # folded remainder: how many sub-folders it lumps together


def path_key(path: str):
    """Sort a parent right before its children ("/a", "/a/b", "/a-b"), as `find` lists them."""
    return path.split("/")


class Counts:
    """The image's candidates plus the container's own (`extra`, none of them in the image's),
    less the paths shown apart (`singles`)."""

    def __init__(self, base, extra, singles=()):
        self.base, self.extra = base, extra
        self.set_singles(singles)

    def set_singles(self, singles) -> None:
        self._kids: dict[str, list[str]] = {}
        self._sizes: dict[str, int] = {}
        self.singles = set(singles)
        self.singles_below: dict[str, int] = {}      # folder -> singles strictly below it
        for s in self.singles:
            q = s
            while q != "/":
                q = paths.parent(q)
                self.singles_below[q] = self.singles_below.get(q, 0) + 1

    def is_cand(self, p: str) -> bool:
        return p in self.base.cands or p in self.extra.cands

    def children(self, d: str) -> list[str]:
        kids = self._kids.get(d)
        if kids is None:
            kids = self._kids[d] = sorted(self.base.children.get(d, set()) | self.extra.children.get(d, set()),
                                          key=path_key)
        return kids

    def below(self, d: str) -> int:
        return self.base.below.get(d, 0) + self.extra.below.get(d, 0) - self.singles_below.get(d, 0)

    def size(self, p: str) -> int:
        """Candidates in p's subtree, p included, singles excluded."""
        n = self._sizes.get(p)
        if n is None:
            own = 1 if p != "/" and self.is_cand(p) and p not in self.singles else 0
            n = self._sizes[p] = own + self.below(p)
        return n

    def total(self) -> int:
        return len(self.base.cands) + len(self.extra.cands)

    def all_paths(self) -> list[str]:
        return sorted(self.base.cands | self.extra.cands, key=path_key)

    def only_path(self, d: str) -> str:
        """The one candidate in a subtree of size 1."""
        while not (self.is_cand(d) and d not in self.singles):
            d = next(c for c in self.children(d) if self.size(c) > 0)
        return d


def plan_columns(counts: Counts, important: list[str], limit: int = MAX_COLUMNS) -> list[Column]:
    """Columns in path order: all candidates if they fit, else `important` first (up to
    MAX_SINGLES) and folded folders, split as deep as the limit allows."""
    if counts.total() <= limit:
        return [Column(p) for p in counts.all_paths()]
    singles = [p for p in dict.fromkeys(important) if counts.is_cand(p)][:min(MAX_SINGLES, limit - 1)]
    counts.set_singles(singles)
    room = limit - len(singles)
    groups = [("/", None)]          # (folder, None) or (folder, excluded children): a remainder
    sizes = {("/", None): counts.size("/")}
    while True:
        progress = False
        for g in sorted(groups, key=lambda g: (-sizes[g], path_key(g[0]))):
            d, excluded = g
            if excluded is not None or sizes[g] <= 1 or d.startswith("="):
                continue
            others = len(groups) - 1
            if others + 2 > room and len(counts.children(d)) > room - others:
                continue                       # too many parts to split, no room to split in part
            parts = [c for c in counts.children(d) if counts.size(c) > 0]
            if d != "/" and counts.is_cand(d) and d not in counts.singles:
                parts.append("=" + d)          # the folder itself, as a path of its own
            if others + len(parts) <= room:
                groups.remove(g)
                for c in parts:
                    groups.append((c, None))
                    sizes[(c, None)] = 1 if c.startswith("=") else counts.size(c)
                progress = True
                break
            if others + 2 <= room:
                keep_n = room - others - 1
                near = {paths.parent(s) for s in singles}
                subs = [c for c in parts if not c.startswith("=")]
                order = sorted(subs, key=lambda c: (not any(paths.is_within(n, c) for n in near),
                                                    -counts.size(c), path_key(c)))
                kept = order[:keep_n]
                groups.remove(g)
                for c in kept:
                    groups.append((c, None))
                    sizes[(c, None)] = counts.size(c)
                rest = (d, frozenset(kept))
                groups.append(rest)
                sizes[rest] = sizes[g] - sum(sizes[(c, None)] for c in kept)
                progress = True
                break
        if not progress:
            break
    columns = [Column(p) for p in singles]
    for g in groups:
        d, excluded = g
        n = sizes[g]
        if n <= 0:
            continue
        if d.startswith("="):
            columns.append(Column(d[1:]))
        elif excluded is None and n == 1:
            columns.append(Column(counts.only_path(d)))
        elif excluded is None:
            columns.append(Column(d, True, False, n))
        else:
            folders = sum(1 for c in counts.children(d) if c not in excluded and counts.size(c) > 0)
            columns.append(Column(d, True, True, n, folders))
    columns.sort(key=lambda c: (path_key(c.path), c.fold, c.rest))
    return columns


def column_finder(columns: list[Column]):
    """path -> index of the column that shows it (a single, else the deepest fold), or None."""
    singles = {c.path: i for i, c in enumerate(columns) if not c.fold}
    folds = {c.path: i for i, c in enumerate(columns) if c.fold}

    def find(path: str):
        i = singles.get(path)
        if i is not None:
            return i
        q = path
        while True:
            i = folds.get(q)
            if i is not None:
                return i
            if q == "/":
                return None
            q = paths.parent(q)
    return find


def nested_columns(columns: list[Column], j: int) -> list[int]:
    """The columns inside folded column j that are not inside another of them (what j's
    counts must leave out)."""
    d = columns[j].path
    inside = [k for k, c in enumerate(columns) if k != j and c.path != d and paths.is_within(c.path, d)]
    folds = [k for k in inside if columns[k].fold]
    return [k for k in inside if not any(f != k and paths.is_within(columns[k].path, columns[f].path)
                                         and columns[f].path != columns[k].path for f in folds)]
