"""A pytest plugin for nbval: compare the PNG pictures of notebook outputs too, byte for byte.

nbval leaves image/png out of its comparison unless nbdime is used; the course's PNGs (beside every SVG,
for viewers that show no SVG) are the same bytes on every machine, like the SVGs, so they are compared:
`python -m pytest --nbval --nbval-current-env -p nbval_png notebooks/` (with tests/ on PYTHONPATH, as
tests/test_notebooks.py runs it)."""
from __future__ import annotations


def pytest_collectstart(collector):
    skip = getattr(collector, "skip_compare", None)
    if type(collector).__name__ == "IPyNbFile" and skip is not None:
        collector.skip_compare = tuple(k for k in skip if k != "image/png")
