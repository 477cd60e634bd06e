"""Jupyter display: diagrams as SVG with the text twin, imported lazily, no memory addresses."""
from __future__ import annotations

import subprocess
import sys

import pytest

from render_support import ROOT, session_at


def test_importing_the_model_imports_no_renderer():
    code = ("import sys, simulator.docker.engine, simulator.docker.container, simulator.docker.image, simulator.docker.volumes, "
            "simulator.run.session, simulator.docker.display; "
            "bad = [m for m in sys.modules if m.startswith(('graphviz', 'IPython', 'simulator.render'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def objects():
    s, _ = session_at("05-volume-prepopulation.yaml", 4)
    e = s.engine
    return [e, e.containers["web"], e.images["app"], e.volumes["appdata"]]


def test_text_plain_twin_without_addresses():
    for obj in objects():
        bundle = obj._repr_mimebundle_(include=["text/plain"])
        assert list(bundle) == ["text/plain"]
        assert "0x" not in bundle["text/plain"] and bundle["text/plain"].strip()


@pytest.mark.dot
def test_svg_and_png_for_each_object():
    import base64
    import xml.etree.ElementTree as ET
    for obj in objects():
        bundle = obj._repr_mimebundle_()
        assert set(bundle) == {"image/svg+xml", "image/png", "text/plain"}
        ET.fromstring(bundle["image/svg+xml"])
        assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")   # for viewers without SVG
        assert "0x" not in bundle["text/plain"]


def test_without_graphviz_the_text_still_shows(monkeypatch):
    from simulator.render import backend

    def missing():
        raise backend.RenderError("cannot find the graphviz-pure program")
    monkeypatch.setattr(backend, "find_dot", missing)
    bundle = objects()[1]._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "graphviz-pure" in bundle["text/plain"]
