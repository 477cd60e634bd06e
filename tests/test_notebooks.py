"""The course notebooks: each one re-run by nbval against its committed outputs (every output compared, SVG
pictures included: graphviz-pure draws the same bytes everywhere), and the rules the outputs and cells keep.
Also the notebooks' helper, simulator.course.lesson."""
from __future__ import annotations

import html

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator.course import exercises
from simulator.course.lesson import Lesson, Picture, Text, scenario_path
from simulator.messages import set_language

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
COURSE = [NOTEBOOKS / f"{name}.ipynb" for name in (
    "01-filesystem", "02-writable-layer", "03-volumes", "04-anonymous-volumes", "05-volume-over-data",
    "06-using-volumes", "07-compose", "08-bind-mounts", "09-bind-mount-limits", "10-tmpfs", "11-capstone")]
# the course and its translations (notebooks/ko/...): the same files, cell for cell
COURSE_LIKE = [p for p in ALL if p.name in {c.name for c in COURSE}]
SVG = "image/svg+xml"
PNG = "image/png"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def ids(paths):
    return [str(p.relative_to(NOTEBOOKS).with_suffix("")) for p in paths]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text_of(value) -> str:
    return "".join(value) if isinstance(value, list) else value


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def test_one_notebook_per_topic_in_order():
    missing = [p.name for p in COURSE if not p.exists()]
    assert not missing


# ---- nbval: every notebook, every output --------------------------------------------------------
@pytest.fixture(scope="module")
def nbval_report(tmp_path_factory) -> dict:
    """`pytest --nbval` once on every notebook, in this Python (one pytest start-up, not one per notebook):
    a fresh kernel per notebook runs every cell, and each output must equal the committed one, SVG and PNG
    pictures included (tests/nbval_png.py). No sanitiser: nothing a cell prints depends on the machine or the time. Returns, per notebook,
    the failures (cell name -> nbval's message) and the number of cells checked."""
    pytest.importorskip("nbval", reason="nbval is in the test extra: pip install -e '.[test]'")
    report = tmp_path_factory.mktemp("nbval") / "nbval.xml"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tests"), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
                             "-p", "nbval_png", "-q", "--no-header", f"--junitxml={report}", *map(str, ALL)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    if not report.exists():
        pytest.fail("nbval did not run:\n" + (result.stdout + result.stderr)[-6000:])
    out = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        entry = out.setdefault(case.get("classname"), {"cells": 0, "failures": {}})
        entry["cells"] += 1
        for bad in list(case.findall("failure")) + list(case.findall("error")):
            entry["failures"][case.get("name")] = (bad.get("message") or "") + "\n" + (bad.text or "")
    return out


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_the_notebook_reproduces_its_outputs(path, nbval_report):
    entry = nbval_report.get(".".join(path.relative_to(ROOT).parts))
    assert entry and entry["cells"], f"nbval checked no cell of {path.name}"
    failures = "\n\n".join(f"{name}: {text[-3000:]}" for name, text in entry["failures"].items())
    assert not failures, f"{path.name} no longer gives its committed outputs (after a deliberate change, " \
                         f"re-run scripts/execute-notebooks):\n{failures}"


# ---- what the committed notebooks hold ----------------------------------------------------------
@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_committed_with_outputs_and_nothing_from_the_machine(path):
    nb = load(path)
    for i, cell in enumerate(code_cells(nb)):
        assert cell["execution_count"] == i + 1 or "NBVAL_IGNORE_OUTPUT" in text_of(cell["source"]), \
            f"{path.name}: cell {i + 1} was not run in order: run scripts/execute-notebooks"
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name}: cell {i + 1} raised"
            assert out.get("name") != "stderr", f"{path.name}: cell {i + 1} wrote to stderr: {text_of(out['text'])[:300]}"
            text = json.dumps(out.get("data", {})) + text_of(out.get("text", ""))
            # (the simulated machine's own /tmp and /home/user are fine: these are the real machine's)
            for bad, what in ((str(ROOT), "this checkout's path"), ("site-packages", "an installed file's path"),
                              (str(Path(tempfile.gettempdir()) / "tmp"), "a temporary directory"),
                              ("ipykernel_", "the kernel's temporary file")):
                assert bad not in text, f"{path.name}: cell {i + 1} shows {what}"
            assert not re.search(r"\bat 0x[0-9a-f]{6,}", text), f"{path.name}: cell {i + 1} shows a memory address"
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"} and "version" not in nb["metadata"].get("language_info", {})


@pytest.mark.parametrize("path", COURSE_LIKE, ids=ids(COURSE_LIKE))
def test_every_picture_has_its_text_twin_beside_it(path):
    pictures = 0
    for cell in code_cells(load(path)):
        outs = cell["outputs"]
        for k, out in enumerate(outs):
            if SVG in out.get("data", {}) and WIDGET_VIEW not in out["data"]:   # (the Lab has its own twin)
                pictures += 1
                title = text_of(out["data"]["text/plain"]).strip()
                after = outs[k + 1] if k + 1 < len(outs) else {}
                twin = text_of(after.get("data", {}).get("text/plain", ""))
                assert twin.startswith(title), f"{path.name}: the picture {title!r} has no text twin right after it"
                # ...and as a <pre> that keeps its lines (JupyterLab wraps text output)
                assert 'style="white-space: pre;' in text_of(after["data"].get("text/html", "")), \
                    f"{path.name}: the text twin of {title!r} would wrap"
    assert pictures >= (1 if path.stem.startswith("11") else 2), f"{path.name}: show the states as pictures"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_picture_has_a_png_beside_its_svg(path):
    """Untrusted notebooks, GitHub's viewer and HTML exports show no SVG: each picture carries its PNG."""
    import base64
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell["outputs"]:
            data = out.get("data", {})
            if SVG in data:
                assert PNG in data, f"{path.name}: cell {i + 1} has an SVG picture without its PNG"
                assert base64.b64decode(text_of(data[PNG])).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_stored_svg_is_graphviz_pures(path):
    """The pictures are laid out by graphviz-pure (the same bytes everywhere), never by a system `dot`."""
    for i, cell in enumerate(code_cells(load(path))):
        for out in cell["outputs"]:
            svg = text_of(out.get("data", {}).get(SVG, ""))
            assert not svg or "Generated by graphviz version 16.1.0 (graphviz-pure)" in svg, \
                f"{path.name}: cell {i + 1} holds an SVG another Graphviz made"


@pytest.mark.parametrize("path", COURSE_LIKE, ids=ids(COURSE_LIKE))
def test_code_cells_are_language_neutral(path):
    """Text goes in markdown cells, so a translation changes markdown only (and the language code)."""
    cells = code_cells(load(path))
    first = text_of(cells[0]["source"])
    language = path.parent.name if path.parent != NOTEBOOKS else "en"
    assert f'set_language("{language}")' in first, f"{path.name}: the first code cell must call set_language"
    for cell in cells:
        for line in text_of(cell["source"]).splitlines():
            assert not line.lstrip().startswith("#"), f"{path.name}: a comment in a code cell: {line!r}"


def test_translations_keep_the_code_cells():
    for path in ALL:
        if path.parent == NOTEBOOKS:
            continue
        original = NOTEBOOKS / path.name
        assert original.exists(), f"{path} translates no notebook"
        strip = lambda nb: [text_of(c["source"]).replace(f'set_language("{path.parent.name}")', 'set_language("en")')
                            for c in code_cells(nb)]
        assert strip(load(path)) == strip(load(original)), f"{path}: code cells differ from {original.name}"


def test_every_exercise_is_in_a_notebook():
    used = set()
    for path in COURSE:
        for cell in code_cells(load(path)):
            used |= set(re.findall(r'exercises\.load\("([^"]+)"\)', text_of(cell["source"])))
    assert used == set(exercises.all_ids())


# ---- the script that makes the outputs ------------------------------------------------------------
@pytest.mark.skipif(not (NOTEBOOKS / "01-filesystem.ipynb").exists(), reason="no notebook 01")
def test_the_script_rewrites_a_notebook_byte_for_byte(tmp_path):
    pytest.importorskip("nbclient")
    copy = tmp_path / "01-filesystem.ipynb"
    shutil.copy(NOTEBOOKS / "01-filesystem.ipynb", copy)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "execute-notebooks"), str(copy)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert copy.read_bytes() == (NOTEBOOKS / "01-filesystem.ipynb").read_bytes()


# ---- simulator.course.lesson -------------------------------------------------------------------------------
def test_a_lesson_runs_commands_and_tells_what_the_storage_did():
    lab = Lesson.open("01-copy-up")
    assert lab.records == []                   # the scenario's own steps are not run
    out = lab.run("docker run -d --name web app", "docker exec web sh -c 'echo x >> /etc/app.conf'")
    text = str(out)
    assert text.startswith("$ docker run -d --name web app\n")
    assert "\n\n$ docker exec web sh -c 'echo x >> /etc/app.conf'\n" in text
    assert "  * web: /etc/app.conf lives in image layer app@0, so before changing it overlayfs copied the whole " \
           "file (8 B) up into the writable layer." in text
    bundle = out._repr_mimebundle_()
    assert bundle["text/plain"] == text.rstrip("\n")
    # the same text as HTML <pre>, escaped (JupyterLab would turn `data:/x` in plain text into a link)
    from simulator.render.escape import PRE_STYLE
    assert "white-space: pre;" in PRE_STYLE
    assert bundle["text/html"] == (f'<pre class="layer-lab-text" style="{PRE_STYLE}">' + html.escape(text.rstrip("\n"))
                                   + "</pre>")
    assert "&gt;&gt; /etc/app.conf" in bundle["text/html"]
    failed = str(lab.run("docker exec web cat /nope"))
    assert failed.endswith("[exit 1]")


def test_a_picture_is_the_last_change_with_its_text_twin():
    lab = Lesson.open("02-whiteout", setup=["docker run -d --name web app"])
    lab.run("docker exec web rm /srv/www/old.html", "docker exec web ls /srv/www")
    picture = lab.show()                       # ls changed nothing: the rm's picture, with its whiteout
    assert isinstance(picture, Picture) and picture.title.startswith("What container web sees")
    assert "NEW: whiteout" in picture.text and picture.svg.startswith("<?xml")
    for what in ("overview", "web", "image:app"):
        assert lab.show(what).text
    with pytest.raises(ValueError, match="choices: web, overview, image:app"):
        lab.show("nope")


def test_why_and_volume_of():
    lab = Lesson.open("11-anonymous-volumes", setup=["docker run -d --name one db"])
    assert re.fullmatch(r"[0-9a-f]{64}", lab.volume_of("one", "/var/lib/db"))
    assert str(lab.why("one", "/var/lib/db/init.sql")).startswith("/var/lib/db/init.sql: one sees the version in volume:")
    with pytest.raises(ValueError, match="no container"):
        lab.why("two", "/x")
    with pytest.raises(ValueError, match="no volume"):
        lab.volume_of("one", "/nope")


def test_scenarios_by_name_or_path():
    assert scenario_path("01-copy-up") == scenario_path("01-copy-up.yaml") == ROOT / "simulator/course/data/scenarios/01-copy-up.yaml"
    assert scenario_path(str(ROOT / "simulator/course/data/scenarios/02-whiteout.yaml")).name == "02-whiteout.yaml"
    with pytest.raises(FileNotFoundError, match="01-copy-up"):
        scenario_path("no-such-story")
    assert str(Text("a\nb")) == "a\nb" and Text("a") == "a"
