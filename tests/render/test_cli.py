"""The command line: `run --show`, `draw`, and `run`/`--json` left as they were."""
from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from simulator.render.cli import show
from simulator.run.scenario import load_file
from simulator.run.session import Session
from simulator.run import statedoc

from render_support import ROOT, SCENARIOS


def cli(*args):
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True)


def test_run_and_json_are_unchanged():
    f = SCENARIOS / "02-whiteout.yaml"
    s = Session(load_file(str(f)))
    s.run_all()
    assert cli("run", str(f)).stdout.decode() == s.transcript()
    assert cli("run", str(f), "--json").stdout.decode() == statedoc.dumps(s.document())


def test_show_narrates_each_step_and_prints_the_text_twin():
    s = Session(load_file(str(SCENARIOS / "02-whiteout.yaml")))
    out = io.StringIO()
    show(s, out)
    text = out.getvalue()
    assert text.index("$ docker exec web rm /srv/www/old.html") < text.index("a whiteout in the writable layer now hides")
    assert "| /srv/www/old.html" in text and "[SEEN]" in text
    r = cli("run", str(SCENARIOS / "02-whiteout.yaml"), "--show")
    assert r.returncode == 0 and r.stdout.decode() == text


def test_draw_errors_name_the_choices(tmp_path):
    f = str(SCENARIOS / "10-writable-layer-lifecycle.yaml")
    r = cli("draw", f, "--step", "99", "-o", str(tmp_path / "x.svg"))
    assert r.returncode == 2 and b"1 to 9" in r.stderr
    r = cli("draw", f, "--container", "nope", "-o", str(tmp_path / "x.svg"))
    assert r.returncode == 2 and b"containers: db2" in r.stderr
    r = cli("draw", f, "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 1 and b".svg or .png" in r.stderr


@pytest.mark.dot
def test_draw_writes_svg_and_png(tmp_path):
    f = str(SCENARIOS / "01-copy-up.yaml")
    assert cli("draw", f, "--step", "3", "-o", str(tmp_path / "a.svg")).returncode == 0
    root = ET.parse(tmp_path / "a.svg").getroot()
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "copy-up 8 B" in texts and "app.conf" in texts and "SEEN" in texts
    assert cli("draw", f, "--step", "3", "--overview", "-o", str(tmp_path / "b.png")).returncode == 0
    assert (tmp_path / "b.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
