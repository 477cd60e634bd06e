"""docker system df: the numbers as docker/cli 26.1 computes them from the engine's /system/df
(shared layers counted once, reclaimable = not used by a running container), in its tables.
The recording tests/docker_recordings/diskusage.json holds containers, volumes and counts to
the real engine; images there carry the recorder's BusyBox base layer, so their sizes are
checked here."""
from __future__ import annotations

from simulator.run.scenario import load_file
from simulator.run.session import Session

SCENARIO = """
images:
  app:
    layers:
      - &base
        files: {/opt/app/data.bin: {size: 5000}}
  tool:
    layers:
      - *base
      - files: {/usr/local/bin/tool: {size: 1000}}
steps:
  - docker volume create spare
  - docker run -d --name web -v data:/data app
  - docker exec web sh -c 'truncate -s 7000 /data/f; truncate -s 2000 /x'
  - docker run --name job app sh -c 'truncate -s 5000 /big'
"""


def session(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO)
    s = Session(load_file(str(p)))
    s.run_all()
    return s


def test_summary_table(tmp_path):
    out = session(tmp_path).run("docker system df").stdout
    assert out == ("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                   "Images          2         1         6kB       6kB (100%)\n"
                   "Containers      2         1         7kB       5kB (71%)\n"
                   "Local Volumes   2         1         7kB       0B (0%)\n"
                   "Build Cache     0         0         0B        0B\n")


def test_verbose_images_shared_and_unique(tmp_path):
    out = session(tmp_path).run("docker system df -v").stdout
    assert "REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE      SHARED SIZE   UNIQUE SIZE   " \
           "CONTAINERS\n" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("app ", "tool "))}
    assert rows["app"][-4:] == ["5kB", "5kB", "0B", "2"]
    assert rows["tool"][-4:] == ["6kB", "5kB", "1kB", "0"]
    assert "\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\ndata          1         7kB\n" \
           "spare         0         0B\n" in out
    assert out.endswith("\nBuild cache usage: 0B\n\nCACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     "
                        "SHARED\n")
