"""docker cp details the recording (tests/docker_recordings/cp.json) does not cover: -a keeps
owners, a symbolic link is copied as a link unless -L, `-` is outside the simulation."""
from __future__ import annotations

import pytest

from simulator.run.scenario import load_file
from simulator.run.session import Session

SCENARIO = """
images:
  app:
    layers:
      - files: {/bin/sh: "x", /etc/app.conf: "a=1\\n"}
host:
  /home/user/owned.txt: {content: "mine\\n", uid: 1000, gid: 1000, mode: "0600"}
  /home/user/link: {symlink: /home/user/owned.txt}
steps: []
"""


@pytest.fixture
def session(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO)
    s = Session(load_file(str(p)))
    s.run("docker run -d --name web app")
    return s


def test_owner_kept_only_with_a(session):
    session.run("docker cp /home/user/owned.txt web:/plain.txt")
    session.run("docker cp -a /home/user/owned.txt web:/kept.txt")
    out = session.run("docker exec web ls -ln /plain.txt /kept.txt").stdout
    assert "-rw-------    1 1000     1000" in out and "-rw-------    1 0        0" in out


def test_a_symlink_is_copied_as_a_link_unless_L(session):
    session.run("docker cp /home/user/link web:/l1")
    session.run("docker cp -L /home/user/link web:/l2")
    engine = session.engine
    ns = engine.namespace(engine.containers["web"])
    assert ns.lstat("/l1").kind == "symlink" and ns.lstat("/l2").kind == "file"


def test_tar_streams_are_outside_the_simulation(session):
    r = session.run("docker cp web:/etc -")
    assert r.exit_code == 1 and "is not part of the simulation" in r.stderr


def test_a_copy_changes_nothing_when_it_fails(session):
    session.run("docker create --name idle app")
    before = session.document()["state"]
    assert session.run("docker cp /home/user/owned.txt idle:/missing/x").exit_code == 1
    assert session.run("docker cp /home/user/nope idle:/").exit_code == 1
    assert session.run("docker cp /home/user/owned.txt nope:/").exit_code == 1
    assert session.document()["state"] == before
