"""The lab's diagram drawn in the fonts its layout was measured with: Graphviz lays text out with
Helvetica's and Courier's widths, and the padding for Hangul (simulator.render.fonts) with Noto Sans
CJK KR's; a browser would draw it with whatever the machine has (DejaVu Sans is wider, and labels
overflow their boxes). The packaged fonts with those very widths (Arimo, Roboto Mono, the Hangul
subset) go into the page as data URLs, so the page still fetches nothing from outside.

Also: the spaces that widened a label for its Hangul are room for the layout only; drawn, they would
stick out of the box, so `unpad` takes them off the SVG's text again."""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources

from simulator.render import FONT_FILES, has_wide

# one CSS family per entry of FONT_FILES (sans, mono, Hangul)
FAMILIES = ("Layer Lab Sans", "Layer Lab Mono", "Layer Lab Hangul")
RULES = ('.layer-lab .lab-svg text { font-family: "Layer Lab Sans", "Layer Lab Hangul", sans-serif; }\n'
         '.layer-lab .lab-svg text[font-family^="Courier"] { font-family: "Layer Lab Mono", "Layer Lab Hangul", '
         'monospace; }\n')


@lru_cache(maxsize=None)
def font_face(index: int) -> str:
    """The @font-face rule of FONT_FILES[index], or "" when its package is not installed."""
    _, module, name = FONT_FILES[index]
    try:
        path = resources.files(module).joinpath(name)
        data = path.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""
    kind = ("font/otf", "opentype") if name.endswith(".otf") else ("font/ttf", "truetype")
    url = f"data:{kind[0]};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'@font-face {{ font-family: "{FAMILIES[index]}"; src: url({url}) format("{kind[1]}"); '
            f"font-weight: 100 900; font-display: block; }}\n")


@lru_cache(maxsize=None)
def font_css(hangul: bool) -> str:
    """A <style> with the fonts (the Hangul one only for a lab that speaks Korean: it is big)."""
    faces = [font_face(0), font_face(1)] + ([font_face(2)] if hangul else [])
    if not any(faces):
        return ""
    return "<style>\n" + "".join(faces) + RULES + "</style>\n"


_TEXT = re.compile(r'(<text\b[^>]*?\btext-anchor="(start|middle|end)"[^>]*>)([^<]*)(</text>)')
_PAD = "(?:&#160;| )+"


def unpad(svg: str) -> str:
    """The SVG without the spaces `fonts.widen` added around text with wide characters."""
    def strip(m):
        head, anchor, text, tail = m.groups()
        if not has_wide(text):
            return m.group(0)
        if anchor in ("start", "middle"):
            text = re.sub(_PAD + "$", "", text)
        if anchor in ("end", "middle"):
            text = re.sub("^" + _PAD, "", text)
        return head + text + tail
    return _TEXT.sub(strip, svg)
