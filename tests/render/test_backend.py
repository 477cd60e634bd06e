"""graphviz-pure through the graphviz package: found without PATH, same bytes every run."""
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
def test_the_graphviz_package_keeps_its_own_setting():
    from graphviz.backend import dot_command
    before = dot_command.DOT_BINARY
    backend.to_svg("digraph g { a -> b }")
    assert dot_command.DOT_BINARY == before


@pytest.mark.dot
def test_a_failure_is_a_render_error():
    with pytest.raises(backend.RenderError, match="graphviz-pure failed"):
        backend.to_svg("digraph g { a -> }")


def test_bad_format():
    with pytest.raises(ValueError, match="svg, png"):
        backend.render("digraph g {}", "pdf")
