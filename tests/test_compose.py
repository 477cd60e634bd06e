"""docker compose up/down: compose-go's volume syntax, project volumes, and Compose 2.26.1's output."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator.docker.composefile import ComposeError, ServiceVolume, load_project, parse_volume
from simulator.run.scenario import load_file, load_text
from simulator.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "simulator" / "course" / "data" / "scenarios" / "22-compose-volumes.yaml"
RECORDING = ROOT / "tests" / "docker_recordings" / "build-commit-compose" / "22-compose-volumes.json"

# compose-go format.ParseVolume (format/volume_test.go facts)
SHORT = [
    ("/foo", ServiceVolume("volume", "/foo")),
    ("data:/data", ServiceVolume("volume", "/data", "data")),
    ("data:/data:ro", ServiceVolume("volume", "/data", "data", read_only=True)),
    ("data:/data:nocopy", ServiceVolume("volume", "/data", "data", nocopy=True)),
    ("data:/data:ro,rw", ServiceVolume("volume", "/data", "data")),
    ("./site:/srv", ServiceVolume("bind", "/srv", "./site", create_host_path=True)),
    ("/home/x:/srv:ro,rshared,Z", ServiceVolume("bind", "/srv", "/home/x", True, False, True, "rshared", "Z")),
    ("~/x:/srv", ServiceVolume("bind", "/srv", "~/x", create_host_path=True)),
    ("/x:/y:bogus", ServiceVolume("bind", "/y", "/x", create_host_path=True)),      # unknown options: ignored
    ("${DATA:-/tmp/x}:/y", ServiceVolume("volume", "/y", "${DATA:-/tmp/x}")),       # a colon inside ${}
    ("c:\\data:/y", ServiceVolume("bind", "/y", "c:\\data", create_host_path=True)),
    ("a", ServiceVolume("volume", "a")),
]


@pytest.mark.parametrize("spec,expected", SHORT, ids=[s for s, _ in SHORT])
def test_short_syntax(spec, expected):
    assert parse_volume(spec) == expected


@pytest.mark.parametrize("spec,message", [
    ("", "invalid empty volume spec"),
    (":/x", "invalid spec: :/x: empty section between colons"),
    ("/x:/y:ro:z:extra", "invalid spec: /x:/y:ro:z:extra: too many colons"),
], ids=["empty", "empty-section", "too-many-colons"])
def test_short_syntax_errors(spec, message):
    with pytest.raises(ComposeError) as e:
        parse_volume(spec)
    assert e.value.message == message


PROJECT = """
services:
  web:
    image: app
    volumes: %s
volumes:
  data: {}
  named:
    name: exact
  outside:
    external: true
"""


@pytest.mark.parametrize("volumes,expected", [
    ('["data:/d"]', [("volume", "/d", "data")]),
    ('["./rel/dir:/d"]', [("bind", "/d", "/rel/dir")]),                # project directory: the host's /
    ('["../up:/d"]', [("bind", "/d", "/up")]),
    ('["~/x:/d"]', [("bind", "/d", "/root/x")]),
    ('[{type: bind, source: ./b, target: /d}]', [("bind", "/d", "/b")]),
    ('[{type: volume, target: /d/../e}]', [("volume", "/e", None)]),
    ('[{type: tmpfs, target: /t, tmpfs: {size: 1000}}]', [("tmpfs", "/t", None)]),
], ids=["named", "relative-bind", "parent-bind", "home-bind", "long-bind", "long-anonymous", "long-tmpfs"])
def test_service_volumes(volumes, expected):
    project = load_project("shop", PROJECT % volumes)
    assert [(v.type, v.target, v.source) for v in project.services[0].volumes] == expected
    assert [(v.key, v.name, v.external) for v in project.volumes] == [
        ("data", "shop_data", False), ("named", "exact", False), ("outside", "outside", True)]


@pytest.mark.parametrize("text,message,code", [
    (PROJECT % '["nope:/d"]', 'service "web" refers to undefined volume nope: invalid compose project', 15),
    (PROJECT % '[{type: bind, target: /d}]',
     'invalid mount config for type "bind": field Source must not be empty', 15),
    ("services:\n  web: {image: app}\nvolumes:\n  v: {external: true, driver: local}\n",
     'volumes.v: conflicting parameters "external" and "driver" specified', 15),
    ("services:\n  web: {image: app}\nvolumesX: {}\n",
     "validating /compose.yaml: (root) Additional property volumesX is not allowed", 15),
    ("services:\n  web: {command: ls}\n",
     'service "web" has neither an image nor a build context specified: invalid compose project', 15),
    (PROJECT % '[":/x"]', "invalid spec: :/x: empty section between colons", 15),
], ids=["undefined-volume", "bind-without-source", "external-conflict", "unknown-key", "no-image", "bad-spec"])
def test_project_errors(text, message, code):
    with pytest.raises(ComposeError) as e:
        load_project("shop", text)
    assert (e.value.message, e.value.exit_code) == (message, code)


# ---- against Compose 2.26.1 on Docker 26.1.5 (tests/docker_recordings/22-compose-volumes.json) -----
def normalise(text: str) -> list[str]:
    """Compose's display is racy: the header's counts, the timers and the order of the
    containers (made in parallel) differ between runs. Anonymous volume names are random."""
    text = re.sub(r" +\d+\.\ds $", " <timer>", text, flags=re.M)
    text = re.sub(r"^\[\+\] Running \d+/\d+$", "[+] Running", text, flags=re.M)
    text = re.sub(r"\b[0-9a-f]{64}\b", "<anonymous>", text)
    return sorted(text.splitlines())


@pytest.fixture(scope="module")
def recorded():
    return json.loads(RECORDING.read_text())["steps"]


@pytest.fixture(scope="module")
def simulated():
    session = Session(load_file(str(SCENARIO)))
    session.run_all()
    return session.records


def test_lines_are_80_columns_with_the_timer_at_the_right(simulated):
    for record in simulated:
        for line in record.stderr.splitlines():
            if line.startswith(" \u2714") or line.startswith(" \u280b"):
                assert len(line) == 80 and line.endswith(" 0.0s "), line


def test_every_step_prints_what_compose_printed(recorded, simulated):
    assert [r["command"] for r in recorded] == [s.command for s in simulated]
    for real, sim in zip(recorded, simulated):
        assert sim.exit_code == real["exit_code"], sim.command
        if "output" in real:           # compose: its display (stderr) in a terminal
            assert sim.stdout == ""
            assert normalise(sim.stderr) == normalise(real["output"]), sim.command
        else:
            assert normalise(sim.stdout) == normalise(real["stdout"]), sim.command
            assert sim.stderr == real["stderr"], sim.command


def test_compose_volumes_carry_compose_labels():
    session = Session(load_file(str(SCENARIO)))
    session.run("mkdir -p /srv/db")
    session.run("docker compose -p shop up -d")
    labels = session.engine.volumes["shop_data"].labels
    assert labels == {"com.docker.compose.project": "shop", "com.docker.compose.version": "2.26.1",
                      "com.docker.compose.volume": "data"}
    # the anonymous volume of `- /anon` goes through the Mount API: not labelled anonymous
    web = session.engine.containers["shop-web-1"]
    anon = [m for m in web.mounts if m.target == "/anon"][0]
    assert not session.engine.volumes[anon.name].anonymous
    # a short-syntax bind is a legacy Bind (the daemon creates a missing host directory)
    assert web.binds == ["/home/user/site:/srv/www:ro"]


def test_short_syntax_bind_creates_the_host_directory():
    session = Session(load_text("""
images:
  app: {layers: [{files: {/x: "x\\n"}}]}
compose:
  p: |
    services:
      s:
        image: app
        volumes: ["./made/here:/data"]
"""))
    record = session.run("docker compose -p p up -d")
    assert record.exit_code == 0, record.stderr
    assert session.engine.host.tree.get("/made/here") is not None


@pytest.mark.parametrize("command,code,stderr", [
    ("docker compose up -d", 14, "no configuration file provided: not found\n"),
    ("docker compose -p nope up -d", 14, "no configuration file provided: not found\n"),
    ("docker compose -p nope down", 0, 'Warning: No resource found to remove for project "nope".\n'),
    ("docker compose -p shop up", 1, "the simulator runs `docker compose up` detached only: add -d\n"),
    ("docker compose -p shop ps", 1, "the simulator models `docker compose up -d` and `docker compose down [-v]`, "
                                     "not `docker compose ps`\n"),
], ids=["no-project", "unknown-project", "down-unknown", "attached", "not-modelled"])
def test_command_errors(command, code, stderr):
    session = Session(load_file(str(SCENARIO)))
    record = session.run(command)
    assert (record.exit_code, record.stderr) == (code, stderr)
    assert not session.engine.containers and not session.engine.volumes


def test_a_missing_image():
    session = Session(load_text("compose:\n  p: |\n    services:\n      s: {image: nosuch}\n"))
    record = session.run("docker compose -p p up -d")
    assert record.exit_code == 18
    assert record.stderr.splitlines()[-1] == ("Error response from daemon: pull access denied for nosuch, "
                                              "repository does not exist or may require 'docker login'")


def test_down_v_keeps_external_volumes_and_volumes_of_other_projects():
    session = Session(load_file(str(SCENARIO)))
    session.run("docker volume create archive")
    session.run("docker compose -p reports up -d")
    session.run("docker compose -p reports down -v")
    assert "archive" in session.engine.volumes
