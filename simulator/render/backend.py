"""Running Graphviz: the `graphviz-pure` program (a static port of `dot`), piped through a plain subprocess.

One renderer for everything the project stores or compares: graphviz-pure writes the same
bytes on every platform (it bundles its fonts), so stored pictures and tests agree on every
machine; Debian's Graphviz lays out differently and needs root to install (docs/pictures.md).
Its fonts have no Hangul: a picture with Korean text gets room for it and its PNG is drawn by
resvg (see `fonts`, the `korean` extra). Each call is its own process: nothing global is set,
so threads and labs never share anything. In a browser tab (Pyodide) the same API lays out with
Graphviz compiled to WebAssembly instead (`wasm`), chosen automatically.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from simulator.render import fonts, wasm
from simulator.render.errors import RenderError

PROGRAM = "graphviz-pure"
FORMATS = ("svg", "png")
PNG_DPI = "110"                  # `draw -o x.png`: a readable PNG of its own
NOTEBOOK_PNG_DPI = "96"          # beside a notebook's SVG: the same size on the page (96 px per inch)
TIMEOUT = 120                    # seconds: a layout that takes longer is a bug, not a wait


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
                      f"`{sys.executable} -m pip install graphviz-pure`")


def _pipe(binary: Path, fmt: str, data: bytes) -> bytes:
    """`graphviz-pure -T<fmt>` with the DOT source on stdin, its output from stdout."""
    try:
        done = subprocess.run([str(binary), f"-T{fmt}"], input=data, capture_output=True, timeout=TIMEOUT)
    except OSError as e:
        raise RenderError(f"cannot run {binary}: {e}") from e
    except subprocess.TimeoutExpired as e:
        raise RenderError(f"{PROGRAM} took more than {TIMEOUT} s") from e
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{PROGRAM} failed (exit {done.returncode}): {err[:500]}")
    return done.stdout


def render(dot_source: str, fmt: str = "svg", dpi: str = PNG_DPI) -> bytes:
    """DOT source -> SVG or PNG bytes (byte-identical for the same source, on every machine).
    A PNG of a picture with wide characters (Korean) is graphviz-pure's SVG drawn by resvg."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r} (allowed: {', '.join(FORMATS)})")
    wide = fonts.has_wide(dot_source)
    if wasm.in_browser():                     # Pyodide: no processes; Graphviz as WebAssembly, SVG only
        if fmt != "svg":
            raise RenderError("there are no PNG pictures in the browser: the SVG shows, with the browser's fonts")
        return wasm.layout(fonts.widen(dot_source) if wide else dot_source).encode("utf-8")
    binary = find_dot()
    data = (fonts.widen(dot_source) if wide else dot_source).encode("utf-8")
    if fmt == "svg":
        return _pipe(binary, "svg", data)
    if not wide:
        return _pipe(binary, "png", _with_dpi(data, dpi))
    return fonts.png(_pipe(binary, "svg", data).decode("utf-8"), float(dpi))


def _with_dpi(data: bytes, dpi: str = PNG_DPI) -> bytes:
    """PNG at a readable resolution: a graph attribute right after the opening brace."""
    head, brace, rest = data.partition(b"{")
    return head + brace + f"\n  graph [dpi={dpi}];".encode() + rest


def to_svg(dot_source: str) -> str:
    return render(dot_source, "svg").decode("utf-8")


def to_png(dot_source: str, dpi: str = PNG_DPI) -> bytes:
    return render(dot_source, "png", dpi)


def notebook_png(dot_source: str) -> str:
    """The PNG that goes beside a notebook output's SVG, base64 as notebooks store it, at the SVG's size on
    the page: what untrusted notebooks, GitHub's viewer and HTML exports show. "" when it cannot be drawn
    here (Korean text without the `korean` extra, or no Graphviz): the SVG and the text twin still show."""
    import base64
    try:
        return base64.b64encode(to_png(dot_source, NOTEBOOK_PNG_DPI)).decode("ascii")
    except RenderError:
        return ""


# JupyterLab 4 shows an image/svg+xml output as an <img> and limits only inline <svg> to the
# column's width, so a wide picture overflowed a narrow column. A picture wider than this many
# points (600 CSS px) is given width="100%" (and no height: its viewBox keeps the proportions)
# and is drawn at the column's width; a narrower one keeps its size.
NOTEBOOK_FIT_PT = 450
_SIZE = re.compile(r'<svg width="([0-9.]+)pt" height="[0-9.]+pt"')


def notebook_svg(svg: str) -> str:
    """SVG as a notebook output shows it: a wide picture sized to the column (see NOTEBOOK_FIT_PT)."""
    m = _SIZE.search(svg)
    if not m or float(m.group(1)) <= NOTEBOOK_FIT_PT:
        return svg
    return svg[:m.start()] + '<svg width="100%"' + svg[m.end():]


def write(dot_source: str, path: str | os.PathLike) -> None:
    """Write a picture; the format comes from the file name (.svg or .png)."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"cannot write {os.fspath(path)!r}: the name must end in .svg or .png")
    Path(path).write_bytes(render(dot_source, fmt))


wasm.start()          # in a browser tab: begin loading the WebAssembly Graphviz now (nothing elsewhere)
