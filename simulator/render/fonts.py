"""Wide characters (Hangul, CJK) in pictures: their room in the layout, and a PNG with fonts that have them.

graphviz-pure bundles only Arimo, Tinos and Cousine (no Hangul) and sizes text with Graphviz's
built-in metrics, which give every byte of a non-ASCII character the width of a space: a Hangul
syllable (3 bytes in UTF-8) gets 0.83 em, where Korean fonts draw it 0.92 em wide, and its PNG
draws a box for it. So, only when a DOT source has such characters:
- `widen` appends spaces to each line of label text that holds them, so the layout leaves
  room for the real glyphs and for the Latin text after them, which resvg draws with the CJK
  font (spaces draw nothing, in SVG and in PNG);
- `png` rasterises graphviz-pure's SVG with resvg and fonts we choose (Arimo for Helvetica and
  Roboto Mono for Courier, from PyPI packages, with Arial's and Courier's widths; for the rest
  Noto Sans CJK KR cut to Hangul and Latin, variable so bold text falls back to bold Hangul, shipped in
  `fontdata/`, tools/fonts/make_hangul_font.py),
  never the machine's own: the same bytes on every machine. resvg and the two Latin fonts are the
  `korean` extra (`pip install 'layer-lab[korean]'`, part of `[lab]`): only Korean PNGs need them.
In a browser, the SVG's text is drawn with the browser's fonts (every Korean system has one).
"""
from __future__ import annotations

import math
import re
import unicodedata
from importlib import resources

from simulator.render.errors import RenderError

# (PyPI package, module, file in it): the fonts the PNG of a wide-character picture is drawn with;
# "layer-lab" is this package's own data (the Hangul subset, under the OFL: fontdata/OFL.txt)
FONT_FILES = (("fontpkg-arimo", "fontpkg_arimo", "files/Arimo[wght].ttf"),
              ("fontpkg-roboto-mono", "fontpkg_roboto_mono", "files/RobotoMono[wght].ttf"),
              ("layer-lab", "simulator.render", "fontdata/NotoSansCJKkr-Hangul-VF.otf"))
SANS, MONO, WIDE_FAMILY = "Arimo", "Roboto Mono", "Noto Sans CJK KR"

# Graphviz's estimate: a space's width per byte of a non-ASCII character, by font (em)
SPACE = {"Courier": 0.6, "Times": 0.25, "Helvetica": 0.278}
DEFAULT_FACE = "Helvetica"             # theme.FONT: the graph, node and edge font of every renderer
# what a wide character really takes (em): Hangul 0.92 in Noto Sans CJK, Apple SD Gothic Neo
# and Malgun Gothic have about the same; ideographs and full-width forms are 1 em
HANGUL_EM, OTHER_WIDE_EM = 0.95, 1.0
# resvg draws the rest of a text run in the font it fell back to (Noto Sans CJK), whose Latin is
# wider than Arimo's: by this much (em, the larger of regular and bold), by character
_WIDER = {0.01: "+<=>gx~", 0.02: "&MT_cz|", 0.03: "NUevy", 0.04: "#$-0123456789@HJa", 0.05: "!(),.fo",
          0.06: "Ihijknru", 0.07: "[]bdlpq", 0.08: "%", 0.09: "'^w", 0.10: "mt", 0.12: '"*/\\', 0.30: "`"}
LATIN_AFTER_WIDE = {ch: em for em, chars in _WIDER.items() for ch in chars}

_FACE = re.compile(r'<FONT\b[^>]*\bFACE="([^"]*)"', re.I)


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def has_wide(text: str) -> bool:
    """Whether any character needs the fonts and the room of this module (ASCII text never does)."""
    return not text.isascii() and any(is_wide(ch) for ch in text)


def _space(face: str) -> float:
    name = face.split(",")[0].strip()
    return SPACE["Courier" if name.startswith("Courier") else "Times" if name.startswith("Times") else
                 "Helvetica"]


def padding(text: str, face: str = DEFAULT_FACE) -> int:
    """How many spaces make Graphviz's estimate of `text` at least as wide as its real glyphs."""
    space = _space(face)
    sans = space == SPACE["Helvetica"]
    missing, after_wide = 0.0, False
    for ch in text:
        if is_wide(ch):
            real = HANGUL_EM if unicodedata.name(ch, "").startswith("HANGUL") else OTHER_WIDE_EM
            missing += real - len(ch.encode("utf-8")) * space
            after_wide = True
        elif after_wide and sans:
            missing += LATIN_AFTER_WIDE.get(ch, 0.0)
    return max(0, math.ceil(missing / space - 1e-9))


def widen(dot_source: str) -> str:
    """The DOT source with room for its wide characters: spaces after each run of HTML-label
    text that holds some (HTML text is drawn from its left end), and on both sides of such a
    line of a quoted string (drawn centred)."""
    out, i, n = [], 0, len(dot_source)
    while i < n:
        ch = dot_source[i]
        if ch == '"':
            end = _quoted_end(dot_source, i)
            out.append(_widen_quoted(dot_source[i:end]))
            i = end
        elif ch == "<" and _opens_label(dot_source, i):
            end = _html_end(dot_source, i)
            out.append(_widen_html(dot_source[i:end]))
            i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _opens_label(src: str, i: int) -> bool:
    """An HTML-like value starts right after `=` (blanks allowed); `->` and `<` elsewhere are not one."""
    j = i - 1
    while j >= 0 and src[j] in " \t\n":
        j -= 1
    return j >= 0 and src[j] == "="


def _quoted_end(src: str, i: int) -> int:
    j = i + 1
    while j < len(src) and src[j] != '"':
        j += 2 if src[j] == "\\" else 1
    return min(j + 1, len(src))


def _html_end(src: str, i: int) -> int:
    depth, j = 0, i
    while j < len(src):
        depth += {"<": 1, ">": -1}.get(src[j], 0)
        j += 1
        if depth == 0:
            break
    return j


def _widen_html(label: str) -> str:
    """Text runs sit between tags at depth 1; a FONT FACE changes the space's width."""
    if not has_wide(label):
        return label
    out, faces, depth, run = [], [DEFAULT_FACE], 0, []

    def flush():
        text = "".join(run)
        out.append(text + " " * padding(text, faces[-1]) if has_wide(text) else text)
        run.clear()

    i = 0
    while i < len(label):
        ch = label[i]
        if ch == "<":
            flush()
            end = label.index(">", i) + 1 if depth >= 1 else i + 1
            tag = label[i:end]
            if depth >= 1:
                m = _FACE.match(tag)
                if tag.upper().startswith("<FONT"):
                    faces.append(m.group(1) if m else faces[-1])
                elif tag.upper().startswith("</FONT") and len(faces) > 1:
                    faces.pop()
                out.append(tag)
                i = end
                continue
            depth += 1
            out.append(ch)
        elif ch == ">":
            flush()
            depth -= 1
            out.append(ch)
        else:
            run.append(ch)
        i += 1
    flush()
    return "".join(out)


_LINE_END = re.compile(r"(\\[nlr])")


def _widen_quoted(quoted: str) -> str:
    if not has_wide(quoted):
        return quoted
    parts = _LINE_END.split(quoted[1:-1])
    out = []
    for k in range(0, len(parts), 2):
        text, end = parts[k], parts[k + 1] if k + 1 < len(parts) else ""
        pad = padding(text)
        if end == "\\l":
            text = text + " " * pad
        elif end == "\\r":
            text = " " * pad + text
        else:
            text = " " * (pad // 2) + text + " " * (pad - pad // 2)
        out.append(text + end)
    return '"' + "".join(out) + '"'


def font_files() -> list[str]:
    """The font files' paths, from their packages; a missing one is named with its package."""
    found, missing = [], []
    for package, module, name in FONT_FILES:
        try:
            path = resources.files(module).joinpath(name)
        except ModuleNotFoundError:
            missing.append(package)
            continue
        if not path.is_file():
            missing.append(package)
            continue
        found.append(str(path))
    if missing:
        raise RenderError(f"a PNG with Korean (or other wide) characters needs the fonts of "
                          f"{', '.join(missing)}: `pip install 'layer-lab[korean]'`")
    return found


_FAMILY = re.compile(r'font-family="([^"]*)"')


def with_our_fonts(svg: str) -> str:
    """graphviz-pure's font families (Helvetica,sans-Serif; Courier,monospace; Times,serif) as
    the packaged fonts, each falling back to Noto Sans CJK for the characters it lacks."""
    def family(m):
        first = m.group(1).split(",")[0].strip().strip("'\"")
        main = MONO if first.startswith("Courier") or first == "monospace" else SANS
        return f'font-family="{main}, {WIDE_FAMILY}"'
    return _FAMILY.sub(family, svg)


def png(svg: str, dpi: float) -> bytes:
    """The SVG as PNG at `dpi`, drawn by resvg with the packaged fonts only."""
    try:
        import resvg_py
    except ImportError as e:
        raise RenderError("a PNG with Korean (or other wide) characters is drawn by resvg: "
                          "`pip install 'layer-lab[korean]'`") from e
    files = font_files()
    try:
        data = resvg_py.svg_to_bytes(svg_string=with_our_fonts(svg), dpi=float(dpi), font_files=files,
                                     skip_system_fonts=True)
    except Exception as e:          # resvg_py raises plain exceptions (ValueError, ...)
        raise RenderError(f"resvg could not draw the picture: {e}") from e
    return bytes(data)
