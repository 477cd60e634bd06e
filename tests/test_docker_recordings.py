"""The simulator against recordings of a real Docker 26 engine (see docker_recordings/README.md)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conformance.compare_docs import compare_documents
from simulator.run.scenario import load_file
from simulator.run.session import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RECORDINGS = sorted((HERE / "docker_recordings").glob("*.json"))
UNORDERED = ("docker diff", "docker volume prune", "docker container prune", "docker image prune",
             "docker system df -v")      # a real engine lists these in map order


def scenario_for(recording: Path) -> Path:
    own = HERE / "docker_recordings" / "scenarios" / (recording.stem + ".yaml")
    return own if own.exists() else ROOT / "simulator" / "course" / "data" / "scenarios" / (recording.stem + ".yaml")


def normalise(text: str) -> str:
    text = re.sub(r"[0-9a-f]{64}", "<ID>", text)
    text = re.sub(r"\b[0-9a-f]{12}\b", "<id>", text)
    text = re.sub(r"/var/lib/docker/overlay2/[0-9a-f]+", "/var/lib/docker/overlay2/<layer>", text)
    text = re.sub(r"\b\w{3} [ \d]\d (\d\d:\d\d| \d{4})", "<time>", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "<date>", text)      # volume inspect CreatedAt
    # CLI 28's framing -> CLI 26.1.5's (the simulator's)
    text = re.sub(r"(?m)^(docker: .*?)\.?\n\nRun '(docker \w+) --help' for more information\n",
                  r"\1.\nSee '\2 --help'.\n", text)
    # CLI 26 prints a container start failure without the hint line
    text = re.sub(r"(?m)^(docker: Error response from daemon: failed to create task for container: .*)\n"
                  r"See 'docker run --help'.\n", r"\1\n", text)
    # the simulator's own one-line notes (where Docker would wait for ever, ...) are no Docker output
    text = re.sub(r"(?m)^\(Layer Lab\) .*\n", "", text)
    return text


def run(recording: Path):
    session = Session(load_file(str(scenario_for(recording))))
    session.run_all()
    return session.document()


@pytest.mark.parametrize("recording", RECORDINGS, ids=[r.stem for r in RECORDINGS])
def test_same_end_state_as_the_real_engine(recording):
    real = json.loads(recording.read_text())
    differences = compare_documents(real, run(recording), ("docker 26", "simulator"))
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("recording", RECORDINGS, ids=[r.stem for r in RECORDINGS])
def test_same_output_as_the_real_engine(recording):
    real = json.loads(recording.read_text())
    ours = run(recording)
    for a, b in zip(real["steps"], ours["steps"], strict=True):
        assert a["command"] == b["command"]
        if a["command"].startswith("docker ps"):
            continue
        assert a["exit_code"] == b["exit_code"], a["command"]
        for stream in ("stdout", "stderr"):
            want, got = normalise(a[stream]), normalise(b[stream])
            if a["command"].startswith(UNORDERED):
                want, got = sorted(want.splitlines()), sorted(got.splitlines())
            assert got == want, f"{a['command']} ({stream})"
