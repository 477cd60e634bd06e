"""Where Python has no threads and no processes (Pyodide, in a browser tab), the package still installs
and a picture is still drawn in order: the parts of issue 17 this version has."""
from __future__ import annotations

import pytest
from render_support import ROOT, session_at

from simulator.render import picture


@pytest.mark.dot
def test_a_picture_is_drawn_where_no_thread_can_start(monkeypatch):
    def refuse(self):
        raise RuntimeError("can't start new thread")
    monkeypatch.setattr(picture.threading.Thread, "start", refuse)
    s, record = session_at("01-copy-up.yaml", 3)
    drawn = picture.draw(s.engine, ("stack", s.engine.containers["web"]), record.events)
    assert drawn.svg.startswith("<?xml") and drawn.text.strip() and not drawn.error


def test_in_a_browser_the_package_needs_only_what_pyodide_has():
    """graphviz-pure (a native program) is left out under WebAssembly: PyYAML, which Pyodide ships, is all."""
    tomllib = pytest.importorskip("tomllib")
    from packaging.requirements import Requirement
    deps = [Requirement(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]]
    browser = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32"}
    assert sorted(d.name for d in deps if d.marker is None or d.marker.evaluate(browser)) == ["PyYAML"]
    assert sorted(d.name for d in deps if d.marker is None or d.marker.evaluate()) == ["PyYAML", "graphviz-pure"]


def test_in_a_browser_a_picture_says_why_it_is_text_only(monkeypatch):
    from simulator.render import backend
    monkeypatch.setattr(backend.sys, "platform", "emscripten")
    with pytest.raises(backend.RenderError, match="no Graphviz program in the browser"):
        backend.to_svg("digraph g { a }")
