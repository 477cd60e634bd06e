"""Build frozen layers and file trees from the `files:` / `delete:` / `opaque:` of a scenario file."""
from __future__ import annotations

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import Dir, File, Symlink, WHITEOUT, Whiteout, is_dir
from simulator.errors import ScenarioError, shown
from simulator.fs import Layer, implicit_parent
from dataclasses import replace

from simulator.fs import Tree

ENTRY_KEYS = {"type", "content", "mode", "uid", "gid", "size", "symlink", "hardlink"}


class HardLinkSpec:
    """`{hardlink: /other/path}`: this name is another name of a file the same layer declares
    (a tar hard link: one inode, two names)."""

    def __init__(self, target: str):
        self.target = target


def _layer_ino(path: str) -> int:
    """The inode number an image layer gives a linked file: negative (never a clock tick)."""
    return -(1 << 41) - sum(ord(c) * 131 ** i for i, c in enumerate(path)) % (1 << 40)


def parse_mode(value, where: str, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML reads 0755 as the number 493 and 755 as 755: only a string is unambiguous
        raise ScenarioError(f"mode must be an octal string like \"0644\", not the number {value}", where)
    if not isinstance(value, str) or not value or any(ch not in "01234567" for ch in value) \
            or len(value) > 5 or int(value, 8) > 0o7777:
        raise ScenarioError(f"mode must be an octal string like \"0644\", not {shown(value)}", where)
    text = value
    return int(text, 8)


def _owner(spec: dict, key: str, where: str) -> int:
    value = spec.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ScenarioError(f"{key} must be a non-negative integer, not {shown(value)}", where)
    return value


def parse_entry(raw_path: str, spec, where: str):
    """(normalised path, entry) for one `files:` item."""
    if not isinstance(raw_path, str):
        raise ScenarioError(f"a path must be a string, not {shown(raw_path)}", where)
    trailing = raw_path.endswith("/") and raw_path != "/"
    path = raw_path[:-1] if trailing else raw_path
    if not path.startswith("/"):
        raise ScenarioError(f"path {shown(raw_path)} is not absolute", where)
    if not paths.is_normalised(path) or path == "/":
        raise ScenarioError(f"path {shown(raw_path)} is not normalised (no '//', '.', '..' or '/')", where)
    if spec is None:
        spec = {}
    if isinstance(spec, str):
        if trailing:
            raise ScenarioError(f"{raw_path} ends with '/' (a directory) but has text", where)
        return path, File(Blob.of(spec))
    if not isinstance(spec, dict):
        raise ScenarioError(f"an entry must be a string or a mapping, not {type(spec).__name__}", where)
    unknown = set(spec) - ENTRY_KEYS
    if unknown:
        raise ScenarioError(f"unknown key {shown(sorted(map(str, unknown))[0])} (allowed: {', '.join(sorted(ENTRY_KEYS))})", where)
    if "hardlink" in spec:
        target = spec["hardlink"]
        if set(spec) != {"hardlink"} or trailing:
            raise ScenarioError("a hard link has only `hardlink:` (the other name of the file)", where)
        if not isinstance(target, str) or not target.startswith("/") or not paths.is_normalised(target):
            raise ScenarioError(f"hardlink must be an absolute, normalised path, not {shown(target)}", where)
        return path, HardLinkSpec(target)
    uid, gid = _owner(spec, "uid", where), _owner(spec, "gid", where)
    kind = spec.get("type")
    if kind not in (None, "file", "dir", "symlink"):
        raise ScenarioError(f"type must be file, dir or symlink, not {shown(kind)}", where)
    if "symlink" in spec or kind == "symlink":
        target = spec.get("symlink")
        if not isinstance(target, str) or not target:
            raise ScenarioError("a symlink needs a non-empty `symlink:` target", where)
        return path, Symlink(target, uid, gid)
    if trailing or kind == "dir":
        if "content" in spec or "size" in spec:
            raise ScenarioError(f"{raw_path} is a directory and cannot have content or size", where)
        return path, Dir(parse_mode(spec.get("mode"), where, 0o755), uid, gid)
    if "content" in spec and "size" in spec:
        raise ScenarioError("give either content or size, not both", where)
    if "size" in spec:
        size = spec["size"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ScenarioError(f"size must be a non-negative integer, not {shown(size)}", where)
        blob = Blob.zeros(size)
    else:
        content = spec.get("content", "")
        if not isinstance(content, str):
            raise ScenarioError(f"content must be text, not {type(content).__name__}", where)
        blob = Blob.of(content)
    return path, File(blob, parse_mode(spec.get("mode"), where, 0o644), uid, gid)


def parse_files(files, where: str) -> dict:
    if files is None:
        return {}
    if not isinstance(files, dict):
        raise ScenarioError("`files` must be a mapping of paths to entries", where)
    out: dict = {}
    for raw, spec in files.items():
        here = f"{where}.{raw}"
        path, entry = parse_entry(raw, spec, here)
        if path in out:
            raise ScenarioError(f"the layer names {path} twice", here)
        out[path] = entry
    for path, entry in list(out.items()):
        if type(entry) is HardLinkSpec:
            target = out.get(entry.target)
            if type(target) is not File:
                raise ScenarioError(f"hardlink: {entry.target} must be a file this layer declares", f"{where}.{path}")
            if not target.ino:
                target = out[entry.target] = replace(target, ino=_layer_ino(entry.target))
            out[path] = target
    for path in out:
        for q in paths.prefixes(paths.parent(path)):
            if q in out and not is_dir(out[q]):
                raise ScenarioError(f"{q} is not a directory, but {path} is inside it", f"{where}.{path}")
    return out


def _path_list(value, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ScenarioError("must be a list of absolute paths", where)
    for p in value:
        if not p.startswith("/") or not paths.is_normalised(p.rstrip("/") or "/") or p.rstrip("/") in ("", "/"):
            raise ScenarioError(f"path {shown(p)} is not absolute and normalised", where)
    return [p.rstrip("/") for p in value]


def build_layer(spec, lower_view, where: str) -> Layer:
    """One image layer. A parent directory the layer needs but does not declare is held
    the way a real build's layer holds it: copied up (its mode and owner below) or new."""
    if not isinstance(spec, dict):
        raise ScenarioError("a layer must be a mapping with files/delete/opaque", where)
    unknown = set(spec) - {"created_by", "files", "delete", "opaque"}
    if unknown:
        raise ScenarioError(f"unknown key {shown(sorted(map(str, unknown))[0])} (allowed: created_by, delete, files, opaque)", where)
    created_by = spec.get("created_by", "")
    if not isinstance(created_by, str):
        raise ScenarioError("created_by must be text", f"{where}.created_by")
    entries = parse_files(spec.get("files"), f"{where}.files")
    for p in _path_list(spec.get("delete"), f"{where}.delete"):
        if p in entries:
            raise ScenarioError(f"{p} is both added and deleted in this layer", f"{where}.delete")
        if lower_view is None or lower_view.get(p) is None:
            raise ScenarioError(f"delete: {p} is not provided by a lower layer", f"{where}.delete")
        entries[p] = WHITEOUT
    _add_implicit_parents(entries, lower_view, where)
    # an opaque directory that the layer holds anyway (declared, or as a parent) keeps its
    # entry; one it does not hold otherwise is new (0755), as after `rm -rf d; mkdir d`
    opaque = _path_list(spec.get("opaque"), f"{where}.opaque")
    for p in opaque:
        below = lower_view.get(p) if lower_view is not None else None
        if not is_dir(below):
            raise ScenarioError(f"opaque: {p} has no lower directory to hide", f"{where}.opaque")
        own = entries.get(p)
        if own is not None and not is_dir(own):
            raise ScenarioError(f"opaque: {p} is not a directory in this layer", f"{where}.opaque")
        base = own or Dir()
        entries[p] = Dir(base.mode, base.uid, base.gid, base.mtime, opaque=True)
        for d in entries:
            if type(entries[d]) is Whiteout and paths.is_within(d, p) and d != p:
                raise ScenarioError(f"delete: {d} is inside {p}, which this layer makes opaque", f"{where}.delete")
    if opaque:
        _add_implicit_parents(entries, lower_view, where)
    return Layer(entries, created_by)


def _add_implicit_parents(entries: dict, lower_view, where: str) -> None:
    for p in list(entries):
        for q in paths.prefixes(paths.parent(p)):
            if q not in entries:
                entries[q] = implicit_parent(lower_view, q)
            elif type(entries[q]) is Whiteout:
                raise ScenarioError(f"{q} is deleted in this layer, but {p} is inside it", where)


def build_tree(files, where: str) -> Tree:
    """The simulated host's files: parents implicit (0755 root)."""
    tree = Tree()
    for number, (path, entry) in enumerate(sorted(parse_files(files, where).items()), 1):
        for q in paths.prefixes(paths.parent(path)):
            if q not in tree:
                tree.set(q, Dir())
        # each host file is its own inode (negative numbers never clash with the clock's)
        tree.set(path, replace(entry, ino=-number) if type(entry) is File else entry)
    return tree
