"""How Voilà serves the lab's pages (`layer-lab voila`, `./lab voila`, the browser tests): with Layer
Lab's template `layer-lab`, Voilà's own "lab" template without the stylesheets it loads from a CDN,
so a classroom page fetches nothing from outside the machine that serves it.

    subprocess.run([sys.executable, "-m", "voila", *ARGS, "notebooks/projector.ipynb"], env=environment())
"""
from __future__ import annotations

import os
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "jupyter"     # holds voila/templates/layer-lab
ARGS = ["--template=layer-lab"]


def environment(env: dict | None = None) -> dict:
    """`env` (default: this process's) with the template's folder first on JUPYTER_PATH."""
    out = dict(os.environ if env is None else env)
    out["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), out.get("JUPYTER_PATH")]))
    return out
