"""docker commit, image ls, history and rmi against the real engine's recording, and their errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator.run.scenario import load_file, load_text
from simulator.run.session import Session
from simulator.run import statedoc

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "simulator" / "course" / "data" / "scenarios" / "21-commit.yaml"
RECORDING = ROOT / "tests" / "docker_recordings" / "build-commit-compose" / "21-commit.json"


@pytest.fixture(scope="module")
def recorded():
    return json.loads(RECORDING.read_text())


@pytest.fixture(scope="module")
def simulated():
    session = Session(load_file(str(SCENARIO)))
    session.run_all()
    return session


def step(doc_or_session, index):
    if isinstance(doc_or_session, dict):
        s = doc_or_session["steps"][index]
        return s["exit_code"], s["stdout"], s["stderr"]
    r = doc_or_session.records[index]
    return r.exit_code, r.stdout, r.stderr


def test_docker_diff_lines_are_the_engines_as_a_set(recorded, simulated):
    code, out, err = step(recorded, 3)
    assert step(simulated, 3)[0] == code
    assert set(step(simulated, 3)[1].splitlines()) == set(out.splitlines())


def test_commit_prints_the_new_image_id(simulated):
    code, out, err = step(simulated, 4)
    assert code == 0 and err == "" and re.fullmatch(r"sha256:[0-9a-f]{64}\n", out)
    assert step(simulated, 5)[1].splitlines()[1][:12] == out[7:19]      # docker history snap


def test_the_committed_layer_is_the_writable_layer_as_overlay2_stores_it(recorded, simulated):
    real = recorded["state"]["images"]["snap"]["layers"] if "snap" in recorded["state"]["images"] else None
    sim = statedoc.state(simulated.engine)
    # snap was removed at the end of the scenario: compare the layer at commit time
    session = Session(load_file(str(SCENARIO)))
    for command in session.scenario.steps[:5]:
        session.run(command)
    layer = statedoc.state(session.engine)["images"]["snap"]["layers"][-1]["files"]
    assert layer == {
        "/app": {"type": "dir", "mode": "0755"},
        "/app/dir": {"type": "dir", "mode": "0755", "opaque": True},
        "/app/dir/z.txt": {"type": "file", "mode": "0644", "size": 2, "content": "z\n"},
        "/etc": {"type": "dir", "mode": "0755"},
        "/etc/app.conf": {"type": "file", "mode": "0644", "size": 16, "content": "port=80\ndebug=1\n"},
        "/etc/motd": {"type": "whiteout"},
        "/new": {"type": "dir", "mode": "0755"}, "/new/deep": {"type": "dir", "mode": "0755"},
        # mount points runc made stay; what the volume, the tmpfs and the bind held does not
        "/scratch": {"type": "dir", "mode": "0755"}, "/share": {"type": "dir", "mode": "0755"},
    }
    assert real is None and "snap" not in sim["images"]


def test_a_container_of_the_committed_image_sees_what_the_engines_did(recorded, simulated):
    assert step(simulated, 7) == step(recorded, 7)


def test_history_of_a_committed_image(recorded, simulated):
    def fields(line):
        return re.split(r"\s{3,}", line.rstrip())
    sim = step(simulated, 5)[1].splitlines()
    real = [ln for ln in step(recorded, 5)[1].splitlines() if "oracle base" not in ln]
    assert fields(sim[0]) == fields(real[0]) == ["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]
    # the commit row: the container's command (the oracle's service runs a shell loop), 18B, no comment
    assert fields(sim[1])[-1] == fields(real[1])[-1] == "18B"
    # the parent image's row shows the parent's ID, as the real engine does
    assert sim[2][:12] == simulated.engine.images["app"].id[7:19]
    assert fields(sim[2])[2:] == fields(real[2])[2:] == ["COPY rootfs /", "24B"]
    assert len(sim) == len(real) == 3


def test_rmi_untags_and_deletes_the_image_and_its_own_layer(recorded, simulated):
    code, out, err = step(simulated, 9)
    real = step(recorded, 9)
    assert code == real[0] == 0
    shape = [re.sub(r"[0-9a-f]{64}", "ID", ln) for ln in out.splitlines()]
    assert shape == [re.sub(r"[0-9a-f]{64}", "ID", ln) for ln in real[1].splitlines()] == [
        "Untagged: snap:latest", "Deleted: sha256:ID", "Deleted: sha256:ID"]


def test_image_ls_after_rmi(recorded, simulated):
    assert [ln.split()[:2] for ln in step(simulated, 10)[1].splitlines()] == \
        [ln.split()[:2] for ln in step(recorded, 10)[1].splitlines()]


SIMPLE = """
images:
  app:
    layers:
      - created_by: "COPY rootfs /"
        files: {/etc/app.conf: "port=80\\n"}
steps: []
"""


@pytest.mark.parametrize("command,code,stderr", [
    ("docker commit nosuch snap", 1, "Error response from daemon: No such container: nosuch\n"),
    ("docker history nosuch", 1, "Error response from daemon: No such image: nosuch:latest\n"),
    ("docker rmi nosuch", 1, "Error response from daemon: No such image: nosuch:latest\n"),
    ("docker commit", 1, '"docker commit" requires at least 1 and at most 2 arguments.\n'),
], ids=["commit-missing", "history-missing", "rmi-missing", "commit-usage"])
def test_errors(command, code, stderr):
    session = Session(load_text(SIMPLE))
    record = session.run(command)
    assert record.exit_code == code and record.stderr.startswith(stderr)
    assert list(session.engine.images) == ["app"]


def test_rmi_of_an_image_a_container_uses_is_refused_unless_forced():
    session = Session(load_text(SIMPLE))
    c = session.run("docker create --name c1 app").stdout.strip()
    record = session.run("docker rmi app")
    image_id = session.engine.images["app"].id[7:19]
    assert record.exit_code == 1 and record.stderr == (
        f'Error response from daemon: conflict: unable to remove repository reference "app" (must force) - '
        f"container {c[:12]} is using its referenced image {image_id}\n")
    forced = session.run("docker rmi -f app")
    assert (forced.exit_code, forced.stdout) == (0, "Untagged: app:latest\n")
    assert "app" not in session.engine.images
    listing = session.run("docker images").stdout.splitlines()
    assert listing[1].split()[:3] == ["<none>", "<none>", image_id]


def test_commit_of_a_running_container_with_a_message_and_no_name():
    session = Session(load_text(SIMPLE))
    session.run("docker run -d --name c1 app")
    session.run("docker exec c1 sh -c 'echo x > /x'")
    record = session.run("docker commit -m 'add x' c1")
    assert record.exit_code == 0
    images = session.run("docker images").stdout.splitlines()
    assert images[1].split()[:2] == ["<none>", "<none>"]
    history = session.run(f"docker history {record.stdout.strip()[7:19]}").stdout.splitlines()
    assert history[1].rstrip().endswith("2B        add x")


def test_committing_keeps_the_containers_config():
    session = Session(load_text(SIMPLE))
    session.run("docker create --name c1 -u 1000 -w /srv -e A=b -v /cache app sh -c 'echo hi'")
    session.run("docker commit c1 snap")
    image = session.engine.images["snap"]
    assert (image.user, image.workdir, image.cmd, image.volumes) == ("1000", "/srv", ["sh", "-c", "echo hi"],
                                                                    ("/cache",))
    assert "A=b" in image.env
    events = [e for e in session.records[-1].events if e["type"] == "layer-commit"]
    assert events and events[0]["container"] == "c1" and events[0]["image"] == "snap"


def test_image_inspect_format():
    session = Session(load_text(SIMPLE))
    out = session.run("docker image inspect -f '{{json .RootFS.Layers}}' app").stdout
    assert json.loads(out) == [session.engine.images["app"].layers[0].id]
