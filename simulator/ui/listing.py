"""What the Lab's tabs list: the tree a container (or the host) sees, `docker diff`, the volumes
and the host's files, as rows and plain text read from the engine (nothing is changed)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from simulator.run import docker_output, paths
from simulator.errors import FsError
from simulator.ui.words import t

MAX_CHILDREN = 200           # entries listed per open folder (a 100,000-file image has big ones)
MAX_LINES = 300              # lines of a text tab
PREVIEW = 40


@dataclass(frozen=True)
class TreeRow:
    path: str
    depth: int
    kind: str                # dir | file | symlink | more ("... N more")
    source: str              # upper, app@1, volume:NAME, bind:/p, tmpfs, host
    is_open: bool = False
    hidden: int = 0          # for a "more" row: how many were left out

    @property
    def label(self) -> str:
        pad = "\u2003" * self.depth
        if self.kind == "more":
            return f"{pad}  " + t("lab.tree.more", count=self.hidden)
        if self.path == "/":
            return "\u25be /"
        name = paths.basename(self.path)
        if self.kind == "dir":
            mark = "\u25be " if self.is_open else "\u25b8 "
            name += "/"
        else:
            mark = "  "
        where = f"   \u00b7 {short_source(self.source)}" if self.source and self.source != "host" else ""
        return f"{pad}{mark}{name}{where}"


def short_source(label: str) -> str:
    """volume:<64 hex digits> as Docker shows ids: 12 digits."""
    kind, _, name = label.partition(":")
    if kind == "volume" and len(name) == 64:
        return f"volume:{name[:12]}"
    return label


def tree_rows(ns, open_folders) -> list[TreeRow]:
    """The folders in `open_folders` (and "/") listed, depth first, names sorted."""
    rows = [TreeRow("/", 0, "dir", "", True)]
    _list(ns, "/", 1, set(open_folders), rows)
    return rows


def _list(ns, folder: str, depth: int, open_folders: set, rows: list) -> None:
    try:
        names = sorted(ns.listdir(folder))
    except FsError:
        return
    for name in names[:MAX_CHILDREN]:
        p = paths.join(folder, name)
        try:
            st = ns.lstat(p)
            kind, source = st.kind, ns.source_of(p)
        except FsError:
            continue
        is_open = kind == "dir" and p in open_folders
        rows.append(TreeRow(p, depth, kind, source, is_open))
        if is_open:
            _list(ns, p, depth + 1, open_folders, rows)
    if len(names) > MAX_CHILDREN:
        rows.append(TreeRow(folder, depth, "more", "", hidden=len(names) - MAX_CHILDREN))


def tree_text(rows) -> str:
    return "".join(r.label + "\n" for r in rows)


def preview(entry) -> str:
    if entry.kind == "file":
        text = entry.blob.text()
        if text is None:
            return f"<{entry.size:,} bytes>"
        text = text.replace("\n", "\\n")
        return '"' + (text if len(text) <= PREVIEW else text[:PREVIEW - 3] + "...") + '"'
    if entry.kind == "symlink":
        return "-> " + entry.target
    return entry.kind + "/" if entry.kind == "dir" else entry.kind


def _capped(lines: list[str]) -> str:
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [t("lab.listing.more-lines", count=len(lines) - MAX_LINES)]
    return "".join(line + "\n" for line in lines)


def diff_text(engine, name: str | None) -> str:
    """`docker diff NAME`, as Docker prints it."""
    c = engine.containers.get(name) if name else None
    if c is None:
        return t("lab.diff.pick") + "\n"
    lines = [f"$ docker diff {c.name}"] + docker_output(engine, ["diff", c.name]).splitlines()
    if len(lines) == 1:
        lines.append(t("lab.diff.none"))
    return _capped(lines)


def volumes_text(engine) -> str:
    """`docker volume ls`, then each volume's users and files."""
    lines = ["$ docker volume ls"] + docker_output(engine, ["volume", "ls"]).splitlines()
    for name, v in sorted(engine.volumes.items()):
        users = engine.volume_users(name)
        lines.append("")
        lines.append(t("lab.volumes.line.anonymous" if v.anonymous else "lab.volumes.line",
                       name=short_source("volume:" + name)[7:], users=", ".join(users) or t("lab.volumes.nobody")))
        entries = islice(v.fs.tree.walk(), MAX_LINES + 1) if hasattr(v.fs, "tree") else ()
        lines += [f"  {p}  {preview(e)}" for p, e in entries] or ["  " + t("lab.volumes.empty")]
    return _capped(lines)


def host_text(engine) -> str:
    """The simulated host's files (bind-mount sources live here)."""
    lines = [f"{p}  {preview(e)}" for p, e in islice(engine.host.tree.walk(), MAX_LINES + 1)]
    return _capped(lines or [t("lab.host.none")])
