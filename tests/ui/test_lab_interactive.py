"""An interactive shell in the Lab (cli/interactive.py through the controller): `docker run -it`
turns the command box's prompt into the container's, lines run inside, `exit`, Ctrl-D or
Ctrl-P Ctrl-Q leave; the saved scenario holds the interactive step with its input lines and
replays to the same state."""
from __future__ import annotations

from simulator.run import statedoc
from simulator.run.scenario import from_dict
from simulator.run.session import Session
from simulator.ui import LabController


def lab() -> LabController:
    c = LabController()
    assert "app" in c.engine.images
    return c


def test_run_it_changes_the_prompt_and_exit_gives_it_back():
    c = lab()
    assert c.prompt() == "$ "
    r = c.run_command("docker run -it --name t1 app sh")
    assert r.exit_code == 0 and "built-in shell (ash)" in r.stdout
    assert c.prompt() == "/ # "
    assert c.engine.containers["t1"].running
    c.run_command("echo hi > /f")
    c.run_command("cd /etc")
    assert c.prompt() == "/etc # "
    r = c.run_command("exit 3")
    assert r.exit_code == 3 and c.prompt() == "$ "
    t1 = c.engine.containers["t1"]
    assert (t1.status, t1.exit_code) == ("exited", 3)          # the writable layer stays
    assert c.run_command("docker diff t1").stdout == "A /f\n"
    assert "/ # echo hi > /f" in c.terminal_text()


def test_ctrl_d_and_ctrl_p_ctrl_q():
    c = lab()
    c.run_command("docker run -it --name t1 app sh")
    c.run_command("^D")
    assert c.prompt() == "$ " and c.engine.containers["t1"].status == "exited"
    c.run_command("docker run -it --name t2 app sh")
    r = c.run_command("^P^Q")
    assert r.stdout == ""                                      # docker 26.1.5 prints nothing
    assert c.prompt() == "$ " and c.engine.containers["t2"].running


def test_exec_it_leaves_the_container_running():
    c = lab()
    c.run_command("docker run -d --name t1 app sleep 1000")
    c.run_command("docker exec -it t1 sh")
    assert c.prompt() == "/ # "
    c.run_command("touch /g")
    c.run_command("exit")
    assert c.prompt() == "$ " and c.engine.containers["t1"].running


def test_the_saved_scenario_holds_the_input_and_replays():
    c = lab()
    for line in ("docker run -it --name t1 app sh", "echo hi > /f", "mkdir /d", "exit", "docker diff t1"):
        c.run_command(line)
    data = c.timeline.as_scenario()
    assert data["steps"][-2:] == [{"docker": "run -it --name t1 app sh", "input": ["echo hi > /f", "mkdir /d", "exit"]},
                                  "docker diff t1"]
    s = Session(from_dict(data))
    s.run_all()
    assert statedoc.state(s.engine) == statedoc.state(c.engine)


def test_back_while_attached_returns_to_the_host_prompt():
    c = lab()
    c.run_command("docker run -it --name t1 app sh")
    c.run_command("echo hi > /f")
    c.back()
    c.back()
    assert c.prompt() == "$ "
    c.forward()
    assert c.prompt() == "/ # "
