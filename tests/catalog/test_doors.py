"""The documented doors a real archive passes: the scenario key `archive:`, `python -m simulator
image load|save`. A link, a FIFO or a non-archive is refused; nothing else is read or written."""
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.run.scenario import load_text
from simulator.run.session import Session

ARCHIVE = Path(__file__).parent / "data" / "engine-savetest.tar.gz"


def test_a_scenario_image_from_an_archive():
    sc = load_text(f"images:\n  app:\n    archive: {ARCHIVE}\nsteps:\n  - docker run --rm app cat /app/hello.txt\n")
    (record,) = Session(sc).run_all()
    assert (record.exit_code, record.stdout) == (0, "hello\n")


@pytest.mark.parametrize("extra,message", [("    cmd: [sh]\n", "cmd cannot go with archive"),
                                           ("", "not a regular file")])
def test_a_scenario_archive_is_refused_with_the_key_named(tmp_path, extra, message):
    link = tmp_path / "link.tar"
    link.symlink_to(ARCHIVE)
    with pytest.raises(ScenarioError) as e:
        load_text(f"images:\n  app:\n    archive: {link}\n{extra}")
    assert "images.app" in str(e.value) and message in str(e.value)


def test_image_load_lists_and_image_save_writes_an_archive_docker_loads(tmp_path):
    out = subprocess.run([sys.executable, "-m", "simulator", "image", "load", str(ARCHIVE)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("layerlab/savetest:1  094b8403793f  5 layers\n")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"images:\n  app:\n    archive: {ARCHIVE}\nsteps:\n  - docker run --name c1 app rm /app/link\n"
                        "  - docker commit c1 app:2\n")
    target = tmp_path / "app2.tar"
    done = subprocess.run([sys.executable, "-m", "simulator", "image", "save", str(scenario), "app:2", "-o",
                           str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with tarfile.open(target) as t:
        names = t.getnames()
        assert "manifest.json" in names and "index.json" in names
    bad = subprocess.run([sys.executable, "-m", "simulator", "image", "load", os.devnull],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "not a regular file" in bad.stderr
