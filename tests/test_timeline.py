"""The timeline: every step kept, back and forward, jumps, branches, and saving as a scenario."""
from __future__ import annotations

import yaml

from simulator.run import statedoc
from simulator.run.scenario import from_dict, load_text
from simulator.run.session import Session
from simulator.run.timeline import Timeline

SCENARIO = {"seed": 4, "images": {"app": {"layers": [{"files": {"/etc/app.conf": "port=80\n"}}]}},
            "steps": ["docker run -d --name web app"]}


def state(engine):
    return statedoc.dumps(statedoc.state(engine))


def test_the_scenario_steps_come_first_and_each_step_keeps_its_state():
    t = Timeline(from_dict(SCENARIO))
    assert [s.command for s in t.history()] == ["docker run -d --name web app"]
    t.run("docker exec web sh -c 'echo x >> /etc/app.conf'")
    after = state(t.engine)
    t.back()
    assert "x\\n" not in state(t.engine) and "x\\n" in after
    t.forward()
    assert state(t.engine) == after


def test_states_equal_a_straight_run_of_the_same_commands():
    t = Timeline(from_dict(SCENARIO))
    t.run("docker exec web rm /etc/app.conf")
    t.run("docker exec web mkdir /etc/conf.d")
    s = Session(from_dict(SCENARIO))
    s.run_all()
    s.run("docker exec web rm /etc/app.conf")
    s.run("docker exec web mkdir /etc/conf.d")
    assert state(t.engine) == state(s.engine)


def test_a_command_after_stepping_back_branches_and_the_old_branch_stays():
    t = Timeline(from_dict(SCENARIO))
    t.run("docker exec web touch /a")
    t.run("docker exec web touch /b")
    t.back()
    t.back()
    t.run("docker exec web touch /c")
    branches = [[s.command.split()[-1] for s in b] for b in t.branches()]
    assert sorted(branches) == [["app", "/a", "/b"], ["app", "/c"]]
    old = next(b for b in t.branches() if b[-1].command.endswith("/b"))[-1]
    t.jump(old.number)
    assert t.commands()[-1].endswith("/b")
    assert "/b" in statedoc.state(t.engine)["containers"]["web"]["upper"]


def test_reset_goes_to_the_start_and_jump_checks_its_argument():
    t = Timeline(from_dict(SCENARIO))
    t.reset()
    assert t.engine.containers == {} and t.history() == []
    try:
        t.jump(99)
    except IndexError as e:
        assert "no step 99" in str(e)
    else:
        raise AssertionError("jump(99) should fail")


def test_saved_session_replays_to_the_same_state():
    t = Timeline(from_dict(SCENARIO))
    t.run("docker exec web sh -c 'echo hi > /etc/motd'")
    t.run("docker volume create data")
    text = yaml.safe_dump(t.as_scenario(), sort_keys=False)
    again = Timeline(load_text(text))
    assert state(again.engine) == state(t.engine)


def test_earlier_steps_never_change_when_later_ones_run():
    t = Timeline(from_dict(SCENARIO))
    first = state(t.engine)
    for i in range(5):
        t.run(f"docker exec web sh -c 'echo {i} >> /etc/app.conf'")
    t.jump(1)
    assert state(t.engine) == first
