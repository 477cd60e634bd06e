"""The Lab's panels as HTML fragments: pure functions of what the controller returns.
Every piece of text is escaped here; only Graphviz's own SVG goes in as it is."""
from __future__ import annotations

import base64
import re
from html import escape

from simulator.ui.words import t

CSS = """
<style>
.layer-lab { font-family: system-ui, sans-serif; font-size: 13px; }
.layer-lab .widget-html-content { line-height: 1.4; }
.layer-lab .lab-title { font-size: 16px; font-weight: 600; }
.layer-lab .lab-term { display: flex; flex-direction: column-reverse; overflow: auto; height: 190px;
  background: #1e1e1e; color: #e6e6e6; border-radius: 4px; padding: 4px 8px; }
.layer-lab .lab-term pre { margin: 0; line-height: 1.35; white-space: pre-wrap; word-break: break-all; font-size: 12px;
  color: inherit; background: transparent; }
.layer-lab .lab-term .lab-comment { color: #9cdcfe; }
.layer-lab .lab-term .lab-cmd { color: #b5e38c; }
.layer-lab .lab-svg { overflow: auto; max-height: 620px; border: 1px solid #ddd; border-radius: 4px;
  background: white; }
.layer-lab .lab-svg.lab-fit svg { max-width: 100%; height: auto; }
.layer-lab .lab-story ol { margin: 4px 0; padding-left: 20px; }
.layer-lab .lab-story li { margin: 2px 0; }
.layer-lab pre.lab-text { font-size: 12px; margin: 0; max-height: 320px; overflow: auto; }
.layer-lab code.lab-code { background: #f3f3f3; padding: 2px 4px; border-radius: 3px; font-size: 12px; }
.layer-lab .lab-error { color: #b00020; }
.layer-lab .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 0 1 auto; min-width: 70px; padding: 0 10px; }
</style>
"""

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?\s*(<!--.*?-->\s*)*", re.S)


def inline_svg(svg: str) -> str:
    """Graphviz's SVG file made fit for a page: no XML prolog, doctype or leading comments."""
    return _PROLOG.sub("", svg, count=1)


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


def diagram(picture, fit: bool = True) -> str:
    """The SVG inline (so the page can read and search it), with its text twin folded below;
    `fit`: scaled down to the panel's width, else at its own size in a scrolling box."""
    if picture.svg:
        body = f'<div class="lab-svg{" lab-fit" if fit else ""}" data-subject="{escape(picture.subject)}">{inline_svg(picture.svg)}</div>'
    else:
        body = (f'<div class="lab-error">{escape(t("lab.diagram.none", error=picture.error))}</div>'
                f'<pre class="lab-text">{escape(picture.text)}</pre>')
    twin = (f'<details><summary>{escape(t("lab.diagram.as-text"))}</summary>'
            f'<pre class="lab-text">{escape(picture.text)}</pre></details>')
    return body + twin


def narration(sentences, step_label: str) -> str:
    items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
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
