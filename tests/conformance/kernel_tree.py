"""Real directory trees for the kernel runner: writing scenario file specs, resolving paths inside a root, listing trees as state-document entries."""
from __future__ import annotations

import os
import posixpath
import stat
from typing import Callable, Iterator

from kernel_errors import ScenarioInvalid, Unsupported

# A file's text is shown only below this size (spec section 4).
CONTENT_LIMIT = 64 * 1024
OPAQUE_XATTR = "trusted.overlay.opaque"

# (mode, uid, gid) for a parent directory a scenario path needs but does not declare.
ParentAttrs = Callable[[str], "tuple[int, int, int]"]


def default_parent(_path: str) -> tuple[int, int, int]:
    return 0o755, 0, 0


def normalise(path: object, where: str) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        raise ScenarioInvalid(f"{where}: {path!r} is not an absolute path")
    clean = posixpath.normpath(path)
    clean = "/" + clean.lstrip("/")
    if clean == "/" or ".." in clean.split("/"):
        raise ScenarioInvalid(f"{where}: {path!r} is / or leaves the root")
    return clean


def parse_mode(value: object, where: str) -> int:
    try:
        mode = int(str(value), 8)
    except ValueError:
        raise ScenarioInvalid(f"{where}: bad mode {value!r}") from None
    if not 0 <= mode <= 0o7777:
        raise ScenarioInvalid(f"{where}: bad mode {value!r}")
    return mode


def resolve_in_root(root: str, path: str) -> str:
    """PATH as a process chrooted in ROOT would reach it, symlinks followed inside ROOT.

    An absolute symlink restarts at ROOT and ".." stops at ROOT (what chroot and
    runc's securejoin do), so a scenario's `ln -s / x` can never lead to the real "/".
    Components that do not exist are kept as they are.
    """
    pending = [part for part in path.split("/") if part not in ("", ".")]
    done: list[str] = []
    hops = 0
    while pending:
        part = pending.pop(0)
        if part == "..":
            if done:
                done.pop()
            continue
        candidate = os.path.join(root, *done, part)
        if os.path.islink(candidate):
            hops += 1
            if hops > 40:
                raise OSError(40, f"too many symlinks resolving {path}")
            target = os.readlink(candidate)
            if target.startswith("/"):
                done = []
            pending = [p for p in target.split("/") if p not in ("", ".")] + pending
            continue
        done.append(part)
    return os.path.join(root, *done)


def make_parents(base: str, path: str, parent_attrs: ParentAttrs) -> str:
    """mkdir -p of PATH's parents below BASE, never following a symlink."""
    current, logical = base, ""
    for part in [p for p in posixpath.dirname(path).split("/") if p]:
        current, logical = os.path.join(current, part), logical + "/" + part
        if not os.path.lexists(current):
            mode, uid, gid = parent_attrs(logical)
            os.mkdir(current)
            os.lchown(current, uid, gid)
            os.chmod(current, mode)
        elif not stat.S_ISDIR(os.lstat(current).st_mode):
            raise ScenarioInvalid(f"{path}: parent {logical} is not a directory")
    return current


def _entry_kind(raw_path: str, spec: object, where: str) -> tuple[str, dict]:
    """Decode one `files:` value into (kind, fields); kind is file, dir or symlink."""
    if spec is None or isinstance(spec, (str, int, float)) and not isinstance(spec, bool):
        if raw_path.endswith("/"):
            return "dir", {}
        return "file", {"content": "" if spec is None else str(spec)}
    if not isinstance(spec, dict):
        raise ScenarioInvalid(f"{where}: {raw_path}: bad file spec {spec!r}")
    unknown = set(spec) - {"type", "content", "mode", "size", "symlink", "uid", "gid"}
    if unknown:
        raise ScenarioInvalid(f"{where}: {raw_path}: unknown keys {sorted(unknown)}")
    if "symlink" in spec:
        return "symlink", spec
    if spec.get("type") == "dir" or raw_path.endswith("/"):
        return "dir", spec
    if spec.get("type") in (None, "file") and ("content" in spec or "size" in spec
                                               or spec.get("type") == "file"):
        return "file", spec
    raise Unsupported(f"{where}: {raw_path}: cannot tell a file from a directory in {spec!r}")


def write_entry(base: str, path: str, raw_path: str, spec: object, where: str,
                parent_attrs: ParentAttrs) -> str:
    """Create one declared entry below BASE; returns its kind."""
    kind, fields = _entry_kind(raw_path, spec, where)
    parent = make_parents(base, path, parent_attrs)
    full = os.path.join(parent, posixpath.basename(path))
    uid, gid = int(fields.get("uid", 0)), int(fields.get("gid", 0))
    if kind == "symlink":
        os.symlink(str(fields["symlink"]), full)
        os.lchown(full, uid, gid)
        return kind
    if kind == "dir":
        os.mkdir(full)
        os.lchown(full, uid, gid)
        os.chmod(full, parse_mode(fields.get("mode", "0755"), f"{where}: {raw_path}"))
        return kind
    descriptor = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(str(fields.get("content", "")).encode("utf-8"))
        if "size" in fields:
            handle.truncate(int(fields["size"]))     # sparse, like the spec's size-only file
    os.lchown(full, uid, gid)
    os.chmod(full, parse_mode(fields.get("mode", "0644"), f"{where}: {raw_path}"))
    return kind


def write_files(base: str, files: object, where: str,
                parent_attrs: ParentAttrs = default_parent) -> dict[str, str]:
    """Write a scenario `files:` mapping below BASE; returns {path: kind}.

    Shallow paths first, so a declared directory exists (with its declared mode) before
    anything below it needs it as a parent.
    """
    if files is None:
        return {}
    if not isinstance(files, dict):
        raise ScenarioInvalid(f"{where}: files must be a mapping")
    declared: dict[str, tuple[str, object]] = {}
    for raw_path, spec in files.items():
        path = normalise(raw_path, where)
        if path in declared:
            raise ScenarioInvalid(f"{where}: {path} is declared twice")
        declared[path] = (raw_path, spec)
    kinds = {}
    links = {p: v[1]["hardlink"] for p, v in declared.items() if isinstance(v[1], dict) and "hardlink" in v[1]}
    for path in links:
        del declared[path]
    for path in sorted(declared, key=lambda p: (p.count("/"), p)):
        raw_path, spec = declared[path]
        if os.path.lexists(os.path.join(base, path.lstrip("/"))):
            raise ScenarioInvalid(f"{where}: {path} clashes with an entry made for another path")
        kinds[path] = write_entry(base, path, raw_path, spec, where, parent_attrs)
    for path, target in sorted(links.items()):       # a tar hard link: one inode, two names
        make_parents(base, path, parent_attrs)
        os.link(os.path.join(base, target.lstrip("/")), os.path.join(base, path.lstrip("/")))
        kinds[path] = "file"
    return kinds


def walk(base: str, hidden: tuple[str, ...] = ()) -> Iterator[tuple[str, str, os.stat_result]]:
    """(path, host path, lstat) of everything below BASE, sorted, symlinks not followed.

    It does cross mount points: a container's view is its overlay plus its mounts.
    HIDDEN top-level paths (the BusyBox tools dir) are left out.
    """
    def visit(directory: str, logical: str):
        for name in sorted(os.listdir(directory)):
            path = logical + "/" + name
            if logical == "" and path in hidden:
                continue
            full = os.path.join(directory, name)
            info = os.lstat(full)
            yield path, full, info
            if stat.S_ISDIR(info.st_mode):
                yield from visit(full, path)

    yield from visit(base, "")


def is_whiteout(info: os.stat_result) -> bool:
    # overlayfs marks a deleted lower entry with a 0/0 character device
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == 0


def is_opaque(full: str) -> bool:
    try:
        return os.getxattr(full, OPAQUE_XATTR, follow_symlinks=False) == b"y"
    except OSError:
        return False


def _text_of(full: str, size: int) -> str | None:
    if size >= CONTENT_LIMIT:
        return None
    with open(full, "rb") as handle:
        data = handle.read()
    # NUL bytes mean a size-only (sparse) file, never literal text
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def describe(full: str, info: os.stat_result, layer_view: bool) -> dict:
    """One state-document entry. LAYER_VIEW: an upper dir, where whiteouts and the
    opaque mark are part of what is stored."""
    mode = info.st_mode
    if layer_view and is_whiteout(info):
        return {"type": "whiteout"}
    if stat.S_ISDIR(mode):
        entry = {"type": "dir", "mode": "%04o" % stat.S_IMODE(mode)}
        if layer_view and is_opaque(full):
            entry["opaque"] = True
    elif stat.S_ISREG(mode):
        entry = {"type": "file", "mode": "%04o" % stat.S_IMODE(mode), "size": info.st_size}
        text = _text_of(full, info.st_size)
        if text is not None:
            entry["content"] = text
    elif stat.S_ISLNK(mode):
        entry = {"type": "symlink", "target": os.readlink(full)}
    else:
        entry = {"type": "special", "mode": "%04o" % stat.S_IMODE(mode)}
    if info.st_uid:
        entry["uid"] = info.st_uid
    if info.st_gid:
        entry["gid"] = info.st_gid
    return entry


def listing(base: str, layer_view: bool, hidden: tuple[str, ...] = ()) -> dict[str, dict]:
    return {path: describe(full, info, layer_view) for path, full, info in walk(base, hidden)}
