"""Absolute, normalised path strings: checking, splitting and walking them."""
from __future__ import annotations

from simulator.errors import FsError


def is_normalised(path: str) -> bool:
    """True for "/" and "/a/b": absolute, no empty, "." or ".." component, no trailing slash."""
    if path == "/":
        return True
    if not path.startswith("/") or path.endswith(("/", "/.", "/..")):
        return False
    return "//" not in path and "/./" not in path and "/../" not in path


def normalise(path: str) -> str:
    """Lexically clean an absolute path ("//a/./b/../c/" -> "/a/c"); ".." stops at "/".

    Like Go's path.Clean, which Docker applies to mount targets.
    """
    if not path.startswith("/"):
        raise ValueError(f"not an absolute path: {path!r}")
    if "//" not in path and "/." not in path and (path == "/" or not path.endswith("/")):
        return path                # already clean (the common case, checked in C)
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def join(parent: str, name: str) -> str:
    return parent + name if parent == "/" else parent + "/" + name


def split(path: str) -> tuple[str, str]:
    """"/a/b" -> ("/a", "b"); "/a" -> ("/", "a")."""
    head, _, name = path.rpartition("/")
    return (head or "/"), name


def parent(path: str) -> str:
    return split(path)[0]


def basename(path: str) -> str:
    return split(path)[1]


def components(path: str) -> list[str]:
    return [] if path == "/" else path[1:].split("/")


def prefixes(path: str) -> list[str]:
    """"/a/b/c" -> ["/a", "/a/b", "/a/b/c"] (the root is not included)."""
    out, cur = [], ""
    for part in components(path):
        cur += "/" + part
        out.append(cur)
    return out


def is_within(path: str, root: str) -> bool:
    """True when `path` is `root` or below it."""
    return root == "/" or path == root or path.startswith(root + "/")


def relative_to(path: str, root: str) -> str:
    """The path below `root`, written absolute: ("/a/b", "/a") -> "/b"."""
    if root == "/":
        return path
    rest = path[len(root):]
    return rest or "/"


def rebase(path: str, old_root: str, new_root: str) -> str:
    rest = relative_to(path, old_root)
    return new_root if rest == "/" else (rest if new_root == "/" else new_root + rest)


NAME_MAX = 255


def check_name(path: str) -> None:
    for part in components(path):
        if len(part.encode()) > NAME_MAX:
            raise FsError("ENAMETOOLONG", path)
