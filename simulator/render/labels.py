"""Small builders for Graphviz HTML-like labels (<TABLE>, <TR>, <FONT>); text must come through escape.html first.
(The Lab's real HTML is simulator/ui/html.py.)"""
from __future__ import annotations

from simulator.render import theme


def _attrs(attrs: dict) -> str:
    out = []
    for k, v in attrs.items():
        if v is None or v is False:
            continue
        out.append(f' {k.rstrip("_")}="{v}"')
    return "".join(out)


def font(text: str, size: int | None = None, color: str | None = None, face: str | None = None,
         bold: bool = False, italic: bool = False, strike: bool = False) -> str:
    if bold:
        text = f"<B>{text}</B>"
    if italic:
        text = f"<I>{text}</I>"
    if strike:
        text = f"<S>{text}</S>"
    if size is None and color is None and face is None:
        return text
    return f"<FONT{_attrs({'point-size': size, 'color': color, 'face': face})}>{text}</FONT>"


def td(content: str, **attrs) -> str:
    return f"<TD{_attrs(attrs)}>{content}</TD>"


def tr(*cells: str) -> str:
    return "<TR>" + "".join(cells) + "</TR>"


def table(rows, **attrs) -> str:
    base = {"border": "0", "cellborder": "0", "cellspacing": "0", "cellpadding": "3"}
    base.update({k: str(v) for k, v in attrs.items() if v is not None})
    return f"<TABLE{_attrs(base)}>" + "".join(rows) + "</TABLE>"


def lines(*parts: str) -> str:
    """Several lines in one cell."""
    return "<BR/>".join(p for p in parts if p)


def small(text: str, color: str | None = None, **kw) -> str:
    return font(text, size=theme.SMALL, color=color, **kw)
