"""Where Python has no threads and no processes (Pyodide, in a browser tab), the package still installs
and a picture is still drawn in order, by the WebAssembly Graphviz."""
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


def test_in_a_browser_the_webassembly_graphviz_draws_and_png_says_why_not(monkeypatch):
    """Under Pyodide the same API lays out with the WebAssembly Graphviz (here a stand-in that records the
    DOT it gets, as the browser test cannot run in this process); PNG is refused with the reason."""
    from simulator.render import backend, wasm
    monkeypatch.setattr(wasm.sys, "platform", "emscripten")
    seen = []

    class Graphviz:
        def layout(self, dot, fmt, engine):
            seen.append((dot, fmt, engine))
            return "<svg/>"
    monkeypatch.setitem(wasm._state, "promise", object())
    monkeypatch.setitem(wasm._state, "graphviz", Graphviz())
    assert backend.to_svg('digraph g { a [label="쓰기"] }') == "<svg/>"
    assert seen[0][1:] == ("svg", "dot") and "쓰기 " in seen[0][0]          # widened for Hangul, as everywhere
    with pytest.raises(backend.RenderError, match="no PNG pictures in the browser"):
        backend.to_png("digraph g { a }")
    assert backend.notebook_png("digraph g { a }") == ""
