"""The `layer-lab` command: --version, the simulator's verbs on names, files and standard input, exit
statuses, one clear line for bad input, `course copy` that never writes over a student's edits, `grade`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.app.main import main
from simulator.course import exercises
from simulator.course.files import notebooks_dir, scenario_names
from simulator.course.handout import (
    KEPT,
    MANIFEST,
    UNCHANGED,
    UPDATED,
    copy_course,
    course_files,
)
from simulator.messages import set_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def cli(*args, stdin: bytes | None = b"", cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.app.main", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120)


def test_version_is_the_installed_distributions(capsys):
    from importlib import metadata
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"layer-lab {metadata.version('layer-lab')}\n"


def test_run_a_shipped_scenario_by_name_from_another_folder(tmp_path):
    r = cli("run", "01-copy-up", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"$ docker ") and r.stderr == b""


def test_exit_status_says_whether_every_step_succeeded(tmp_path):
    ok = "images: {app: {layers: [{files: {/a: x}}]}}\nsteps:\n  - docker run --rm app cat /a\n"
    bad = "images: {app: {layers: [{files: {/a: x}}]}}\nsteps:\n  - docker run --rm app cat /missing\n"
    assert cli("run", "-", stdin=ok.encode()).returncode == 0
    failed = cli("run", "-", stdin=bad.encode())
    assert failed.returncode == 1 and b"No such file or directory" in failed.stdout + failed.stderr
    # `python -m simulator run` keeps the scenario contract: every step ran, so 0
    contract = subprocess.run([sys.executable, "-m", "simulator", "run", "-"], input=bad.encode(), capture_output=True)
    assert contract.returncode == 0


@pytest.mark.parametrize("what", ["missing", "directory", "binary", "empty-stdin", "blank-stdin"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, what):
    binary = tmp_path / "picture.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    arg, stdin = {"missing": (tmp_path / "nope.yaml", b""), "directory": (tmp_path, b""), "binary": (binary, b""),
                  "empty-stdin": ("-", b""), "blank-stdin": ("-", b" \n\n")}[what]
    r = cli("run", arg, stdin=stdin)
    assert r.returncode == 2 and r.stdout == b""
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("layer-lab: invalid scenario: ")
    expected = {"missing": "No such file", "directory": "directory", "binary": "not UTF-8",
                "empty-stdin": "nothing on standard input", "blank-stdin": "nothing on standard input"}[what]
    assert expected in lines[0]


def test_draw_reads_standard_input_too(tmp_path):
    source = (ROOT / "simulator/course/data/scenarios/01-copy-up.yaml").read_bytes()
    r = cli("draw", "-", "-o", tmp_path / "a.svg", stdin=source)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a.svg").read_text().startswith("<?xml")


def test_an_unknown_verb_is_a_usage_error():
    r = cli("frobnicate")
    assert r.returncode == 2 and b"invalid choice" in r.stderr


# ---- course copy ------------------------------------------------------------------------------
def test_the_course_is_complete_in_both_languages():
    en, ko = course_files("en"), course_files("ko")
    assert "01-filesystem.ipynb" in en and "playground.ipynb" in en and len(en) == len(ko)
    assert ko["01-filesystem.ipynb"].parent.name == "ko" and ko["playground.ipynb"] == en["playground.ipynb"]
    assert not any(name.startswith(".") for name in en)
    assert "01-copy-up" in scenario_names() and len(exercises.all_ids()) >= 20


def test_copy_never_writes_over_a_students_edits(tmp_path, capsys):
    folder = tmp_path / "course"
    first = copy_course(folder, "en")
    assert {a for a, _ in first} == {"copied"} and (folder / MANIFEST).is_file()
    edited = folder / "03-volumes.ipynb"
    edited.write_text(edited.read_text("utf-8").replace("volume", "VOLUME", 1), "utf-8")
    mine = edited.read_bytes()
    # an earlier version of the course, never edited: updated in place
    stale = folder / "04-anonymous-volumes.ipynb"
    stale.write_text("{}", "utf-8")
    manifest = json.loads((folder / MANIFEST).read_text())
    import hashlib
    manifest["files"]["04-anonymous-volumes.ipynb"] = hashlib.sha256(b"{}").hexdigest()
    (folder / MANIFEST).write_text(json.dumps(manifest))
    # a notebook the student made with the same name as none: left alone; a deleted one comes back
    (folder / "01-filesystem.ipynb").unlink()
    again = dict((name, action) for action, name in copy_course(folder, "en"))
    assert again["03-volumes.ipynb"] == KEPT and edited.read_bytes() == mine
    assert again["04-anonymous-volumes.ipynb"] == UPDATED
    assert stale.read_bytes() == course_files("en")["04-anonymous-volumes.ipynb"].read_bytes()
    assert again["01-filesystem.ipynb"] == "copied" and again["02-writable-layer.ipynb"] == UNCHANGED
    # the command says which it kept, on standard error, and succeeds
    assert main(["course", "copy", str(folder)]) == 0
    err = capsys.readouterr().err
    assert err.strip() == ("kept 03-volumes.ipynb: it was changed after it was copied, so the course's version was "
                           "not written over it")


def test_copy_in_korean_gives_the_korean_notebooks(tmp_path):
    assert main(["course", "copy", str(tmp_path), "--lang", "ko"]) == 0
    assert (tmp_path / "01-filesystem.ipynb").read_bytes() == (notebooks_dir() / "ko/01-filesystem.ipynb").read_bytes()


def test_copy_into_a_file_is_exit_2(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    r = cli("course", "copy", f)
    assert r.returncode == 2 and r.stderr.decode().strip() == f"layer-lab: {f} is not a folder"


def test_lab_without_jupyterlab_says_what_to_install(tmp_path, monkeypatch, capsys):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jupyterlab" else real(name, *a))
    assert main(["lab", str(tmp_path / "here")]) == 1
    assert "pip install 'layer-lab[lab]'" in capsys.readouterr().err
    assert (tmp_path / "here" / "01-filesystem.ipynb").is_file()      # the course was copied first


# ---- grade ------------------------------------------------------------------------------------
def test_grade_a_folder_of_handed_in_sessions(tmp_path, capsys):
    from simulator.ui.scenariofile import dump
    ex = exercises.load("02-goal-fresh-folder")
    start = exercises.start_scenario(ex)
    good = {"steps": list(start.steps) + list(ex.solution)}
    (tmp_path / "alice.yaml").write_text(dump(good), "utf-8")
    (tmp_path / "bob.yaml").write_text(dump({"steps": list(start.steps)}), "utf-8")
    (tmp_path / "carol.yaml").write_text("steps: [", "utf-8")
    assert main(["grade", str(tmp_path), "--exercise", ex.id]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("alice.yaml  passed")
    assert out[1].startswith("bob.yaml    not yet")
    assert out[2].startswith("carol.yaml  cannot be checked:")
    assert out[3] == "1 of 3 passed"


def test_grade_bad_folder_and_exercise(tmp_path):
    assert cli("grade", tmp_path / "none", "-e", "02-goal-fresh-folder").returncode == 2
    assert cli("grade", tmp_path, "-e", "02-goal-fresh-folder").returncode == 2      # nothing handed in
    (tmp_path / "a.yaml").write_text("steps: []\n")
    r = cli("grade", tmp_path, "-e", "no-such-exercise")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1


def test_voila_serves_with_the_template_that_fetches_nothing_from_outside(monkeypatch):
    from simulator.app import commands
    seen = {}
    monkeypatch.setattr(commands, "_need", lambda module, name: True)
    monkeypatch.setattr(commands, "_run", lambda argv, env=None: seen.update(argv=argv, env=env) or 0)
    assert main(["voila", "--port=9999"]) == 0
    argv, env = seen["argv"], seen["env"]
    assert argv[1:4] == ["-m", "voila", "--template=layer-lab"] and argv[-1] == "--port=9999"
    folder = env["JUPYTER_PATH"].split(os.pathsep)[0]
    assert (Path(folder) / "voila" / "templates" / "layer-lab" / "index.html.j2").is_file()
