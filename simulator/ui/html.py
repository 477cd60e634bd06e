"""The Lab's panels as HTML fragments: pure functions of what the controller returns.
Every piece of text is escaped here; only Graphviz's own SVG goes in as it is."""
from __future__ import annotations

import base64
import math
import re
from html import escape

from simulator.ui.fontcss import unpad
from simulator.ui.words import t

# - the terminal follows: a reversed flex box starts scrolled to its end, and its one child must not
#   shrink (a shrunk <pre> overflows past the start side, which cannot be scrolled to);
# - controls wrap to the next line instead of being cut ("Re...", "◀ ...");
# - .lab-projector (projector mode): every word at least 16 CSS px, the diagram across the whole width.
CSS = """
<style>
.layer-lab { font-family: system-ui, sans-serif; font-size: 13px; }
.layer-lab .widget-html-content { line-height: 1.4; }
.layer-lab .lab-title { font-size: 16px; font-weight: 600; }
.layer-lab .lab-term { display: flex; flex-direction: column-reverse; overflow: auto; height: 190px;
  background: #1e1e1e; color: #e6e6e6; border-radius: 4px; padding: 4px 8px; }
.layer-lab .lab-term pre { flex: none; margin: 0; line-height: 1.35; white-space: pre-wrap; word-break: break-all;
  font-size: 12px; color: inherit; background: transparent; }
.layer-lab .lab-term .lab-comment { color: #9cdcfe; }
.layer-lab .lab-term .lab-cmd { color: #b5e38c; }
.layer-lab .lab-svg { overflow: auto; max-height: 620px; border: 1px solid #ddd; border-radius: 4px;
  background: white; }
.layer-lab .lab-svg.lab-fit svg { max-width: 100%; height: auto; }
.layer-lab .lab-svg.lab-readable svg { max-width: none; height: auto; }
.layer-lab .lab-story ol, .layer-lab .lab-story ul { margin: 4px 0; padding-left: 20px; }
.layer-lab .lab-story li { margin: 2px 0; }
.layer-lab .lab-story details { display: inline; }
.layer-lab .lab-story summary { display: inline; cursor: pointer; color: #555; }
.layer-lab pre.lab-text { font-size: 12px; margin: 0; max-height: 320px; overflow: auto; }
.layer-lab code.lab-code { background: #f3f3f3; padding: 2px 4px; border-radius: 3px; font-size: 12px; }
.layer-lab .lab-error { color: #b00020; }
.layer-lab .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 1 auto; min-width: 70px; padding: 0 10px; }
.layer-lab .widget-hbox { flex-wrap: wrap; row-gap: 2px; }
.layer-lab .widget-button, .layer-lab .widget-toggle-button { flex: none; overflow: visible; text-overflow: clip; }
.layer-lab .widget-dropdown, .layer-lab .widget-text, .layer-lab .widget-hslider { max-width: 100%; }
.layer-lab.lab-projector { font-size: 18px; --jp-widgets-font-size: 18px; --jp-widgets-inline-height: 36px;
  --jp-widgets-inline-label-width: auto; --jp-ui-font-size1: 18px; --jp-content-font-size1: 18px;
  --jp-code-font-size: 17px; }
.layer-lab.lab-projector .widget-label, .layer-lab.lab-projector .widget-inline-hbox .widget-label {
  width: auto; min-width: fit-content; overflow: visible; text-overflow: clip; padding-right: 6px; font-size: 18px; }
.layer-lab.lab-projector .widget-html-content, .layer-lab.lab-projector select,
.layer-lab.lab-projector input, .layer-lab.lab-projector button, .layer-lab.lab-projector summary,
.layer-lab.lab-projector .lm-TabBar-tab, .layer-lab.lab-projector label { font-size: 18px; }
.layer-lab.lab-projector .lab-title { font-size: 22px; }
.layer-lab.lab-projector .lab-term { height: 210px; }
.layer-lab.lab-projector .lab-term pre, .layer-lab.lab-projector pre.lab-text,
.layer-lab.lab-projector code.lab-code { font-size: 17px; }
.layer-lab.lab-projector .lab-svg { max-height: none; }
.layer-lab.lab-projector .lm-TabBar, .layer-lab.lab-projector .lm-TabBar-content { min-height: 40px; }
.layer-lab.lab-projector .widget-select select { font-size: 18px; }
.layer-lab.lab-projector .widget-dropdown { width: auto !important; max-width: calc(100% - 4px); flex-wrap: wrap; }
.layer-lab.lab-projector .widget-dropdown > select { width: auto; max-width: 100%; flex: 0 1 auto; }
</style>
"""

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?\s*(<!--.*?-->\s*)*", re.S)


def inline_svg(svg: str) -> str:
    """Graphviz's SVG file made fit for a page: no XML prolog, doctype or leading comments, and no
    layout-only spaces after Hangul (drawn, they would stick out of their boxes)."""
    return unpad(_PROLOG.sub("", svg, count=1))


def terminal(text: str) -> str:
    """The terminal: commands green, the lab's own comments blue, output as printed."""
    lines = []
    for line in text.splitlines():
        if line.startswith("$ "):
            lines.append(f'<span class="lab-cmd">{escape(line)}</span>')
        elif line.startswith("# "):
            lines.append(f'<span class="lab-comment">{escape(line)}</span>')
        else:
            lines.append(escape(line))
    return f'<div class="lab-term"><pre>{chr(10).join(lines)}</pre></div>'


_VIEWBOX_WIDTH = re.compile(r'<svg\b[^>]*\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)')
_FONT_SIZE = re.compile(r'\bfont-size="([\d.]+)"')


def readable_width(svg: str, min_text_px: float) -> float:
    """The width (CSS px) at which the smallest text of Graphviz's SVG is `min_text_px` tall: its
    font sizes are in the SVG's own units, which the viewBox maps onto the drawn width. 0 when
    the SVG says neither."""
    box, sizes = _VIEWBOX_WIDTH.search(svg), [float(s) for s in _FONT_SIZE.findall(svg)]
    sizes = [s for s in sizes if s > 0]
    if not box or not sizes:
        return 0.0
    return float(math.ceil(float(box.group(1)) * min_text_px / min(sizes)) + 1)    # never a hair under


def _sized(svg: str, min_text_px: float) -> str:
    """The SVG as wide as the panel, or wider (the panel scrolls) when its smallest text needs it."""
    width = readable_width(svg, min_text_px)
    style = f"width: max(100%, {width:.0f}px); height: auto;" if width else "width: 100%; height: auto;"
    return re.sub(r"<svg\b", f'<svg style="{style}"', svg, count=1)


def diagram(picture, fit: bool = True, min_text_px: float = 0) -> str:
    """The SVG inline (so the page can read and search it), with its text twin folded below;
    `fit`: scaled down to the panel's width, else at its own size in a scrolling box;
    `min_text_px` (projector mode): the whole width, and wider when its smallest text needs it."""
    if picture.svg:
        svg = inline_svg(picture.svg)
        cls = "lab-svg"
        if min_text_px:
            svg, cls = _sized(svg, min_text_px), cls + " lab-readable"
        elif fit:
            cls += " lab-fit"
        body = f'<div class="{cls}" data-subject="{escape(picture.subject)}">{svg}</div>'
    else:
        body = (f'<div class="lab-error">{escape(t("lab.diagram.none", error=picture.error))}</div>'
                f'<pre class="lab-text">{escape(picture.text)}</pre>')
    twin = (f'<details><summary>{escape(t("lab.diagram.as-text"))}</summary>'
            f'<pre class="lab-text">{escape(picture.text)}</pre></details>')
    return body + twin


def narration(lines, step_label: str) -> str:
    """The step's story: a line per kind of event, the others of that kind folded under it (a
    plain sentence is a line of its own)."""
    items = []
    for line in lines:
        text, details = (line, ()) if isinstance(line, str) else (line.text, line.details)
        more = ""
        if details:
            rest = "".join(f"<li>{escape(s)}</li>" for s in details)
            more = (f' <details><summary>{escape(t("narration.more-of-kind", count=len(details)))}</summary>'
                    f"<ul>{rest}</ul></details>")
        items.append(f"<li>{escape(text)}{more}</li>")
    items = "".join(items)
    return f'<div class="lab-story"><b>{escape(t("lab.story.title", step=step_label))}</b><ol>{items}</ol></div>'


def pre(text: str) -> str:
    return f'<pre class="lab-text">{escape(text)}</pre>'


def code(command: str) -> str:
    if command.startswith("# "):
        return f'<span class="lab-error">{escape(command[2:])}</span>'
    return f'<code class="lab-code">{escape(command)}</code>'


def why(sentences) -> str:
    if not sentences:
        return ""
    return "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in sentences) + "</ul>"


def download_link(text: str, filename: str = "layer-lab.yaml") -> str:
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a download="{escape(filename)}" href="data:text/yaml;base64,{data}">'
            f"{escape(t('lab.files.download', file=filename))}</a>")
