"""Redraw the course pictures in this folder: `python assets/diagrams/render.py`.

Each row: scenario file, the step to draw after (1 = the first), and the container whose
layer stack to draw (None: the engine overview). Pictures come from graphviz-pure, so
they are byte-identical on every machine.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from simulator.render import write  # noqa: E402
from simulator.render.views import picture  # noqa: E402
from simulator.run.scenario import load_file  # noqa: E402
from simulator.run.session import Session  # noqa: E402

PICTURES = [
    ("01-copy-up.yaml", 3, "web"),
    ("01-copy-up.yaml", 5, "web"),
    ("02-whiteout.yaml", 2, "web"),
    ("03-opaque-directory.yaml", 4, "web"),
    ("04-move-directory.yaml", 2, "web"),
    ("05-volume-prepopulation.yaml", 2, "web"),
    ("06-volume-obscures.yaml", 2, "web"),
    ("07-bind-override.yaml", 1, "site"),
    ("08-tmpfs-lifecycle.yaml", 3, "job"),
    ("08-tmpfs-lifecycle.yaml", 5, "job"),
    ("09-read-only.yaml", 5, "ro"),
    ("10-writable-layer-lifecycle.yaml", 6, None),
    ("11-anonymous-volumes.yaml", 2, None),
    ("12-volume-in-use.yaml", 3, None),
]


def main() -> None:
    for name, step, container in PICTURES:
        sc = load_file(str(ROOT / "simulator" / "course" / "data" / "scenarios" / name))
        s = Session(sc)
        record = s.run_all(sc.steps[:step])[-1]
        view = ("stack", s.engine.containers[container]) if container else ("overview", None)
        dot, _ = picture(s.engine, view, record.events, record.command)
        out = HERE / f"{name[:-5]}-step{step}{'' if container else '-overview'}.png"
        write(dot, out)
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
