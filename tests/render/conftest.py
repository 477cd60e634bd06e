"""Render tests: the `dot` marker (tests that run graphviz-pure) and shared scenario runs."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


def pytest_configure(config):
    config.addinivalue_line("markers", "dot: renders with the graphviz-pure program (skipped when it is missing)")


def pytest_collection_modifyitems(config, items):
    import importlib.util
    from simulator.render.backend import RenderError, find_dot
    try:
        find_dot()
        if importlib.util.find_spec("graphviz") is None:
            raise ImportError("no module named graphviz")
    except (RenderError, ImportError) as e:
        skip = pytest.mark.skip(reason=f"graphviz-pure or the graphviz package is missing: {e}")
        for item in items:
            if "dot" in item.keywords:
                item.add_marker(skip)
