"""Projector mode: a toggle (or Lab(projector=True)) puts the lab in one column with large text, and
the diagram's SVG is given the width at which its smallest text is 16 CSS px (the real browser
measures the result in tests/browser)."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("ipywidgets")

from simulator.ui import html  # noqa: E402
from simulator.ui.lab import PROJECTOR_TEXT_PX, Lab  # noqa: E402


def svg_style_width(diagram_html: str) -> float:
    return float(re.search(r'<svg style="width: max\(100%, (\d+)px\)', diagram_html).group(1))


def test_the_width_makes_the_smallest_text_16_px():
    svg = ('<svg width="300pt" height="100pt" viewBox="0.00 0.00 300.00 100.00">'
           '<text font-size="9.00">a</text><text font-size="14.00">b</text></svg>')
    width = html.readable_width(svg, 16)
    assert width >= 300 * 16 / 9 and width <= 300 * 16 / 9 + 2      # 9 user units drawn 16 px tall
    assert html.readable_width("<svg viewBox='0 0 1 1'></svg>", 16) == 0.0


def test_a_lab_in_projector_mode_is_marked_and_sizes_its_diagram():
    lab = Lab(projector=True)
    assert "lab-projector" in lab._dom_classes and lab.projector.value
    assert "lab-readable" in lab.diagram.value and "lab-fit" not in lab.diagram.value
    picture = lab.controller.diagram()
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', picture.svg)]
    box = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', picture.svg).group(1))
    assert min(sizes) * svg_style_width(lab.diagram.value) / box >= PROJECTOR_TEXT_PX


def test_the_toggle_switches_the_mode_both_ways_and_survives_a_language_change():
    lab = Lab()
    assert "lab-projector" not in lab._dom_classes and "lab-fit" in lab.diagram.value
    lab.projector.value = True
    assert "lab-projector" in lab._dom_classes and "lab-readable" in lab.diagram.value
    assert lab.diagram in lab.children, "in projector mode the diagram sits in the lab's own column, the whole width"
    lab.language.value = "ko"
    assert lab.projector.value and lab.projector.description == "프로젝터"
    lab.projector.value = False
    assert "lab-projector" not in lab._dom_classes and "lab-fit" in lab.diagram.value
    assert lab.diagram not in lab.children
