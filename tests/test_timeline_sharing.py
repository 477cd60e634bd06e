"""Timeline steps share what did not change (docker/fork.py), and sharing never leaks a
change into another step: every kept step shows exactly the state it had when it ran."""
from __future__ import annotations

import json

import pytest

from simulator.fs.tree import Tree
from simulator.run import statedoc
from simulator.run.scenario import load_text
from simulator.run.session import Session
from simulator.run.timeline import Timeline

SCENARIO = """
images:
  app:
    layers:
      - files:
          /etc/app.conf: "port=80\\n"
          /data/seed.txt: "seed\\n"
          /srv/www/index.html: "<h1>v1</h1>\\n"
    volumes: [/data]
host:
  /home/u/site/index.html: "<h1>host</h1>\\n"
  /home/u/conf.txt: "a=1\\n"
"""

COMMANDS = [
    "docker volume create shared",
    "docker run -d --name web -v shared:/shared -v /home/u/site:/srv/www --tmpfs /run "
    "-v /home/u/conf.txt:/etc/conf.txt app",
    "docker exec web sh -c 'echo 1 >> /etc/app.conf; echo v > /shared/v; echo b > /srv/www/b; echo t > /run/t'",
    "docker run -d --name db -v shared:/shared app",
    "docker exec db sh -c 'echo db >> /shared/v; rm /data/seed.txt; mkdir -p /x/y'",
    "echo 'a=2' > /home/u/conf.txt",
    "docker exec web sh -c 'cat /etc/conf.txt >> /etc/app.conf'",
    "docker stop web",
    "docker exec db sh -c 'echo more >> /shared/v'",
    "docker start web",
    "docker commit db snap",
    "docker rm -f db",
    "docker run --rm -v shared:/s app sh -c 'echo rm >> /s/v'",
    "mv /home/u/site/index.html /home/u/site/old.html",
    "docker rm -fv web",
    "docker volume rm shared",
]


def state(engine) -> str:
    return json.dumps(statedoc.document("", [], engine)["state"], sort_keys=True)


def test_every_kept_step_keeps_its_state():
    timeline = Timeline(load_text(SCENARIO))
    seen = [state(timeline.engine)]
    for command in COMMANDS:
        record = timeline.run(command)
        assert record.exit_code in (0, 1), (command, record.stderr)
        seen.append(state(timeline.engine))
    assert [state(step.engine) for step in timeline.steps] == seen


def test_a_branch_from_an_earlier_step_changes_neither_branch():
    timeline = Timeline(load_text(SCENARIO))
    for command in COMMANDS[:5]:
        timeline.run(command)
    kept = [state(step.engine) for step in timeline.steps]
    timeline.jump(3)
    timeline.run("docker exec web sh -c 'rm -rf /shared/* /etc/app.conf; echo new > /run/t'")
    timeline.run("docker volume rm -f shared; docker rm -f web")
    assert [state(step.engine) for step in timeline.steps[:6]] == kept
    timeline.jump(5)
    timeline.run(COMMANDS[5])
    assert [state(step.engine) for step in timeline.steps[:6]] == kept


def test_the_timeline_ends_where_one_session_ends():
    timeline, session = Timeline(load_text(SCENARIO)), Session(load_text(SCENARIO))
    for command in COMMANDS:
        a, b = timeline.run(command), session.run(command)
        assert (a.exit_code, a.stdout, a.stderr, a.events) == (b.exit_code, b.stdout, b.stderr, b.events)
    assert state(timeline.engine) == state(session.engine)


def test_a_step_copies_only_the_containers_it_uses():
    timeline = Timeline(load_text(SCENARIO))
    for i in range(5):
        timeline.run(f"docker run -d --name c{i} app")
    before = dict.__getitem__(timeline.engine.containers, "c0")
    timeline.run("docker exec c4 touch /new")
    after = timeline.engine.containers
    assert dict.__getitem__(after, "c0") is before           # not used by the step: shared
    assert timeline.steps[-2].engine.containers["c4"] is not after["c4"]


def test_a_tree_copy_is_shared_until_one_side_changes():
    from simulator.fs.entries import Dir
    a = Tree()
    a.set("/x", Dir())
    b = a.copy()
    assert b.entries is a.entries
    b.set("/x/y", Dir())
    assert "/x/y" not in a and "/x/y" in b and a.names("/x") == [] and b.names("/x") == ["y"]
    a.remove("/x")
    assert "/x" in b and "/x" not in a


@pytest.mark.parametrize("command", ["docker ps -a", "docker volume ls", "docker inspect web"])
def test_reading_every_container_changes_no_kept_step(command):
    timeline = Timeline(load_text(SCENARIO))
    for c in COMMANDS[:4]:
        timeline.run(c)
    kept = [state(step.engine) for step in timeline.steps]
    timeline.run(command)
    assert [state(step.engine) for step in timeline.steps[:-1]] == kept
