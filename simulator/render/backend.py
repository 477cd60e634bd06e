"""Running Graphviz: the `graphviz-pure` program (a static port of `dot`) through the `graphviz` package.

One renderer for everything the project stores or compares: graphviz-pure writes the same
bytes on every platform (it bundles its fonts), so stored pictures and tests agree on every
machine; Debian's Graphviz lays out differently and needs root to install. Its fonts have no
Hangul: a picture with Korean text gets room for it and its PNG is drawn by resvg (see `fonts`).
"""
from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import threading
from pathlib import Path

from simulator.render import fonts

PROGRAM = "graphviz-pure"
FORMATS = ("svg", "png")
PNG_DPI = "110"
_lock = threading.Lock()


class RenderError(RuntimeError):
    """Graphviz is missing or failed; the message says which program and what to install."""


def find_dot() -> Path:
    """The graphviz-pure executable: beside this Python (a Jupyter kernel may not have the
    environment's scripts folder on PATH), then the installed package's files, then PATH."""
    exe = PROGRAM + (".exe" if os.name == "nt" else "")
    candidates = [Path(sys.executable).parent / exe, Path(sysconfig.get_path("scripts")) / exe]
    try:
        from importlib import metadata
        for f in metadata.distribution(PROGRAM).files or ():
            if f.name == exe:
                candidates.append(Path(f.locate()).resolve())
    except Exception:            # no such distribution: try PATH
        pass
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    found = shutil.which(PROGRAM)
    if found:
        return Path(found)
    raise RenderError(f"cannot find the {PROGRAM} program: install it with "
                      f"`{sys.executable} -m pip install graphviz-pure graphviz`")


def render(dot_source: str, fmt: str = "svg") -> bytes:
    """DOT source -> SVG or PNG bytes (byte-identical for the same source)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r} (allowed: {', '.join(FORMATS)})")
    try:
        import graphviz
        from graphviz.backend import dot_command
    except ImportError as e:
        raise RenderError(f"the graphviz package is missing: `{sys.executable} -m pip install graphviz`") from e
    binary = find_dot()
    wide = fonts.has_wide(dot_source)
    data = (fonts.widen(dot_source) if wide else dot_source).encode("utf-8")
    with _lock:
        # the graphviz package reads this module attribute each call; set it only for ours
        saved = dot_command.DOT_BINARY
        dot_command.DOT_BINARY = binary
        try:
            if fmt == "png" and wide:
                svg = graphviz.pipe("dot", "svg", data, quiet=True)
            elif fmt == "png":
                return graphviz.pipe("dot", "png", _with_dpi(data), quiet=True)
            else:
                return graphviz.pipe("dot", fmt, data, quiet=True)
        except graphviz.ExecutableNotFound as e:
            raise RenderError(f"cannot run {binary}: {e}") from e
        except graphviz.CalledProcessError as e:
            err = (e.stderr or b"").decode("utf-8", "replace").strip()
            raise RenderError(f"{PROGRAM} failed (exit {e.returncode}): {err[:500]}") from e
        finally:
            dot_command.DOT_BINARY = saved
    return fonts.png(svg.decode("utf-8"), float(PNG_DPI))


def _with_dpi(data: bytes) -> bytes:
    """PNG at a readable resolution: a graph attribute right after the opening brace."""
    head, brace, rest = data.partition(b"{")
    return head + brace + f"\n  graph [dpi={PNG_DPI}];".encode() + rest


def to_svg(dot_source: str) -> str:
    return render(dot_source, "svg").decode("utf-8")


def to_png(dot_source: str) -> bytes:
    return render(dot_source, "png")


def write(dot_source: str, path: str | os.PathLike) -> None:
    """Write a picture; the format comes from the file name (.svg or .png)."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot write {os.fspath(path)!r}: the name must end in .svg or .png")
    Path(path).write_bytes(render(dot_source, fmt))
