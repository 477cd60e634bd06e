"""Go templates and docker system df speed (issue 13). Prints figures; asserts nothing.

1. `docker ps -a --format` and `docker inspect -f` over 1,000 containers (target: well under 1 s).
2. `docker system df -v` with 1,000 volumes and 100 images (target: < 100 ms).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.cli.dispatch import run_docker  # noqa: E402
from simulator.docker import Engine, Image  # noqa: E402
from simulator.fs.imageview import ImageView  # noqa: E402
from simulator.run.layerspec import build_layer  # noqa: E402
from simulator.run.scenario import load_text  # noqa: E402
from simulator.run.session import Session  # noqa: E402


def engine_with_containers(n: int) -> Session:
    text = "images:\n  app:\n    layers:\n      - files: {/etc/app.conf: \"port=80\\n\"}\nsteps: []\n"
    session = Session(load_text(text))
    for i in range(n):
        session.run(f"docker create --name c{i} --label n={i} -v v{i}:/data app")
    return session


def timed(session, command: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = session.run(command)
    return time.perf_counter() - t0, len(r.stdout.splitlines())


def bench_templates():
    session = engine_with_containers(1000)
    for cmd in ["docker ps -a --format '{{.Names}}\\t{{.Status}}\\t{{.Label \"n\"}}\\t{{.Mounts}}'",
                "docker ps -a --format 'table {{.ID}}\\t{{.Names}}\\t{{.Mounts}}'",
                "docker inspect -f '{{.Name}} {{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}{{json .Config.Labels}}' "
                + " ".join(f"c{i}" for i in range(1000))]:
        t, lines = timed(session, cmd)
        print(f"1. {cmd[:60]}... over 1,000 containers: {t * 1000:.0f} ms, {lines} lines (target well under 1 s)")
    return session


def bench_system_df():
    engine = Engine()
    layers = []
    for i in range(100):
        layer = build_layer({"files": {f"/opt/{i}/data": {"size": 1000 + i}}}, ImageView(layers) if layers else None,
                            f"l{i}")
        layers.append(layer)
        engine.images[f"img{i}"] = Image(f"img{i}", tuple(layers[max(0, i - 3):i + 1]))
    for i in range(1000):
        engine.ensure_volume(f"vol{i}")
    for args in (["system", "df"], ["system", "df", "-v"]):
        t0 = time.perf_counter()
        r = run_docker(engine, args, None)
        t = time.perf_counter() - t0
        print(f"2. docker {' '.join(args)} with 1,000 volumes and 100 images: {t * 1000:.0f} ms, "
              f"{len(r.stdout.splitlines())} lines (target < 100 ms)")


if __name__ == "__main__":
    bench_templates()
    bench_system_df()
