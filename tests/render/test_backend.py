"""graphviz-pure through a plain subprocess: found without PATH, same bytes every run, nothing global changed."""
from __future__ import annotations

import os

import pytest

from simulator.render import backend, build_stack, stack_dot

from render_support import session_at


@pytest.mark.dot
def test_found_without_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert os.access(backend.find_dot(), os.X_OK)


@pytest.mark.dot
def test_byte_identical_svg_and_png_run_to_run():
    s, record = session_at("05-volume-prepopulation.yaml", 2)
    dot = stack_dot(build_stack(s.engine.containers["web"], s.engine, record.events))
    assert backend.to_svg(dot) == backend.to_svg(dot)
    assert backend.to_png(dot) == backend.to_png(dot)


@pytest.mark.dot
def test_rendering_needs_no_graphviz_python_package_and_changes_no_global(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "graphviz", None)          # `import graphviz` would fail
    before = dict(os.environ)
    assert backend.to_svg("digraph g { a -> b }").startswith("<?xml")
    assert dict(os.environ) == before


@pytest.mark.dot
def test_a_notebook_png_is_as_wide_as_its_svg_is_shown():
    import base64
    import struct
    png = base64.b64decode(backend.notebook_png("digraph g { a -> b }"))
    width_px = struct.unpack(">I", png[16:20])[0]
    svg = backend.to_svg("digraph g { a -> b }")
    width_pt = float(svg.split('width="', 1)[1].split("pt", 1)[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and abs(width_px - width_pt * 96 / 72) <= 2


@pytest.mark.dot
def test_a_notebook_png_is_left_out_when_korean_cannot_be_drawn(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "resvg_py", None)
    assert backend.notebook_png('digraph g { a [label="쓰기"] }') == ""
    assert backend.notebook_png("digraph g { a }") != ""


@pytest.mark.dot
def test_a_failure_is_a_render_error():
    with pytest.raises(backend.RenderError, match="graphviz-pure failed"):
        backend.to_svg("digraph g { a -> }")


def test_bad_format():
    with pytest.raises(ValueError, match="svg, png"):
        backend.render("digraph g {}", "pdf")
