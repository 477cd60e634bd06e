"""The Lab's controller, called directly (a widget click would swallow a failure): after each action,
the engine's state, the diagram's source and the narration, and every error shown, never raised."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.run import statedoc
from simulator.run.scenario import load_file
from simulator.run.timeline import Timeline
from simulator.ui import HOST, LabController
from simulator.render import picture as picture_module
from simulator.ui.playground import default_scenario

ROOT = Path(__file__).resolve().parents[2]
COPY_UP = ROOT / "simulator" / "course" / "data" / "scenarios" / "01-copy-up.yaml"
APPEND = "docker exec web sh -c 'echo hello >> /etc/motd'"


def state(engine) -> str:
    return statedoc.dumps(statedoc.state(engine))


def upper(lab, name="web") -> dict:
    return statedoc.state(lab.engine)["containers"][name]["upper"]


def story(lab) -> str:
    return "\n".join(lab.narration())


@pytest.fixture
def lab():
    return LabController()


# ---- the start --------------------------------------------------------------------------
def test_the_playground_starts_with_a_running_container_and_says_so(lab):
    assert lab.step.number == 1 and lab.target() == "web"
    assert lab.engine.containers["web"].status == "running"
    assert "Docker created the container web from image app" in story(lab)
    assert "$ docker run -d --name web app\n" in lab.terminal_text()
    pic = lab.diagram()
    assert pic.subject == "web" and "What container web sees" in pic.text
    assert "docker run -d --name web app" in pic.dot        # the step is the caption


def test_a_scenario_file_or_a_scenario_object_starts_the_lab_at_its_last_step():
    by_path = LabController(str(COPY_UP))
    by_object = LabController(load_file(str(COPY_UP)))
    assert by_path.step.number == by_object.step.number == len(load_file(str(COPY_UP)).steps)
    assert state(by_path.engine) == state(by_object.engine)


# ---- the command box --------------------------------------------------------------------
def test_a_typed_command_runs_as_a_step_with_its_story_and_picture(lab):
    before = lab.diagram().dot
    record = lab.run_command(APPEND)
    assert record.exit_code == 0 and lab.step.number == 2
    assert upper(lab)["/etc/motd"]["content"] == "Welcome to the lab\nhello\n"
    assert "/etc/motd lives in image layer app@0, so before changing it overlayfs copied the whole file" in story(lab)
    dot = lab.diagram().dot
    assert dot != before and "NEW: copied up" in dot and "NEW: copied up" not in before
    assert lab.terminal_text().endswith(f"$ {APPEND}\n")


def test_an_empty_line_runs_nothing(lab):
    assert lab.run_command("   ") is None and lab.step.number == 1


def test_history_goes_up_and_down_like_a_shell(lab):
    for cmd in ("docker ps", "docker volume ls", "docker ps -a"):
        lab.run_command(cmd)
    assert [lab.history_up() for _ in range(4)] == ["docker ps -a", "docker volume ls", "docker ps", "docker ps"]
    assert [lab.history_down() for _ in range(3)] == ["docker volume ls", "docker ps -a", ""]
    lab.run_command("docker ps -a")                 # the same again is kept once
    assert lab.ui.history == ["docker ps", "docker volume ls", "docker ps -a"]


ERRORS = [
    # (id, commands before, command, what the terminal shows, what the narration says)
    ("erofs", ["docker run -d --name ro --read-only app"], "docker exec ro touch /x",
     "touch: /x: Read-only file system", "EROFS"),
    ("exdev", [], "docker exec web mv /srv/www /srv/site", "", "failed with EXDEV"),
    ("bad-syntax", [], "docker exec web sh -c 'echo \"oops'", "syntax error", "changed no file"),
    ("no-such-command", [], "frobnicate now", "frobnicate: not found", "changed no file"),
    ("no-such-container", [], "docker exec nobody ls", "No such container: nobody", "changed no file"),
    ("rm-missing", [], "docker exec web rm /nothing", "rm: can't remove '/nothing': No such file or directory",
     "changed no file (rm: can't remove"),
]


@pytest.mark.parametrize("before,command,shown,told", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_show_like_a_terminal_and_the_lab_goes_on(lab, before, command, shown, told):
    for cmd in before:
        lab.run_command(cmd)
    record = lab.run_command(command)
    assert record is not None
    assert shown in lab.terminal_text() and told in story(lab)
    assert lab.run_command("docker ps").exit_code == 0         # still working


def test_a_failing_command_changes_nothing(lab):
    lab.run_command("docker run -d --name ro --read-only app")
    before = state(lab.engine)
    lab.run_command("docker exec ro sh -c 'echo x > /etc/app.conf'")
    assert state(lab.engine) == before and lab.record.exit_code == 1


def test_a_bug_underneath_is_printed_not_raised(lab, monkeypatch):
    def broken(command):
        raise RuntimeError("boom")
    monkeypatch.setattr(lab.timeline, "run", broken)
    assert lab.run_command("docker ps") is None
    assert "lab: internal error in run_command (RuntimeError): boom" in lab.terminal_text()
    assert "RuntimeError" in lab.last_error
    assert lab.guided("stop") == "docker stop web"            # guided goes through run_command: no raise either


# ---- guided controls ----------------------------------------------------------------------
GUIDED = [
    # (id, action, keyword args, events the step must have, a check of the state afterwards)
    ("write", "write", {"path": "/etc/motd", "arg": "bye"}, {"copy-up", "write"},
     lambda lab: upper(lab)["/etc/motd"]["content"] == "bye\n"),
    ("append", "append", {"path": "/etc/app.conf"}, {"copy-up", "write"},
     lambda lab: upper(lab)["/etc/app.conf"]["content"] == "port=80\none more line\n"),
    ("delete", "delete", {"path": "/srv/www/style.css"}, {"whiteout"},
     lambda lab: upper(lab)["/srv/www/style.css"]["type"] == "whiteout"),
    ("delete-dir", "delete", {"path": "/srv/www"}, {"whiteout"},
     lambda lab: upper(lab)["/srv/www"]["type"] == "whiteout"),
    ("mkdir", "mkdir", {"path": "/srv/new"}, {"mkdir"}, lambda lab: upper(lab)["/srv/new"]["type"] == "dir"),
    ("rename-image-dir", "rename", {"path": "/srv/www"}, {"exdev"},
     lambda lab: "/srv/www.old/index.html" in upper(lab)),
    ("chmod", "chmod", {"path": "/app/config.yaml"}, {"copy-up", "chmod"},
     lambda lab: upper(lab)["/app/config.yaml"]["mode"] == "0600"),
    ("volume", "mount-volume", {"path": "/srv/www"}, {"volume-create", "populate", "mount"},
     lambda lab: lab.target() == "web2" and "data" in lab.engine.volumes),
    ("bind", "mount-bind", {"path": "/srv/www"}, {"mount", "obscure"},
     lambda lab: any(m.type == "bind" and m.host_path == "/home/student/site"
                     for m in lab.engine.containers["web2"].mounts)),
    ("tmpfs", "mount-tmpfs", {"path": "/tmp"}, {"mount"},
     lambda lab: any(m.type == "tmpfs" for m in lab.engine.containers["web2"].mounts)),
    ("run", "run", {}, {"container-create"}, lambda lab: "web2" in lab.engine.containers),
    ("stop", "stop", {}, {"container-stop"}, lambda lab: lab.engine.containers["web"].status == "exited"),
    ("commit", "commit", {}, {"layer-commit"}, lambda lab: "snapshot" in lab.engine.images),
    ("host", "append", {"target": HOST, "path": "/home/student/notes.txt", "arg": "x"}, {"write"},
     lambda lab: statedoc.state(lab.engine)["host"]["/home/student/notes.txt"]["content"] == "my notes\nx\n"),
]


@pytest.mark.parametrize("action,kwargs,events,check", [g[1:] for g in GUIDED], ids=[g[0] for g in GUIDED])
def test_a_guided_control_runs_exactly_the_command_it_shows(lab, action, kwargs, events, check):
    shown = lab.preview(action, **kwargs)
    command = lab.guided(action, **kwargs)
    assert command == shown and not command.startswith("#")
    assert lab.step.command == command and lab.record.exit_code == 0, lab.terminal_text()
    assert events <= {e["type"] for e in lab.events}
    assert check(lab)
    assert lab.narration() and lab.diagram().dot
    # a click and a typed command are the same thing
    typed = Timeline(default_scenario())
    typed.run(command)
    assert state(typed.engine) == state(lab.engine)


def test_start_and_rm_after_a_stop(lab):
    lab.guided("stop")
    assert lab.guided("start") == "docker start web" and lab.engine.containers["web"].running
    lab.guided("stop")
    assert lab.guided("rm") == "docker rm web" and "web" not in lab.engine.containers
    assert {"container-remove", "volume-survives"} <= {e["type"] for e in lab.events}
    assert lab.diagram().subject == "overview"
    assert lab.target() == HOST                           # no container left to pick


def test_rm_of_a_running_container_shows_dockers_refusal(lab):
    lab.guided("rm")
    assert 'cannot remove container "/web": container is running' in lab.terminal_text()
    assert "web" in lab.engine.containers


def test_a_guided_control_that_cannot_be_written_says_why_and_runs_nothing(lab):
    assert lab.guided("stop", target=HOST) == ""
    assert lab.guided("delete", path="") == ""
    assert lab.step.number == 1
    assert "# stop works on a container, not on the host" in lab.terminal_text()
    assert "# delete needs a path" in lab.terminal_text()
    assert lab.preview("explode").startswith("# unknown action 'explode' (allowed: write, append")


def test_guided_defaults_come_from_the_selection(lab):
    lab.select_path("/srv/www")
    assert lab.preview("delete") == "docker exec web rm -r /srv/www"       # a folder: rm -r
    assert lab.preview("rename") == "docker exec web mv /srv/www /srv/www.old"
    assert lab.preview("mount-bind") == "docker run -d --name web2 -v /home/student/site:/srv/www app"
    lab.select_container(HOST)
    assert lab.preview("append", path="/home/student/notes.txt") == 'echo "one more line" >> /home/student/notes.txt'


# ---- the timeline -----------------------------------------------------------------------
def test_back_and_forward_restore_state_picture_and_story(lab):
    lab.run_command(APPEND)
    after_dot, after_story, after_state = lab.diagram().dot, story(lab), state(lab.engine)
    lab.guided("delete", path="/etc/app.conf")
    assert "a whiteout in the writable layer now hides" in story(lab)
    assert lab.back() == 2
    assert state(lab.engine) == after_state and lab.diagram().dot == after_dot and story(lab) == after_story
    assert lab.back() == 1 and "/etc/motd" not in upper(lab)
    assert lab.forward() == 2 and lab.forward() == 3
    assert upper(lab)["/etc/app.conf"]["type"] == "whiteout" and "a whiteout in the writable layer now hides" in story(lab)
    assert lab.forward() == 3                                # nothing after the last step
    assert "# now at step 2: " + APPEND in lab.terminal_text()


def test_undo_keeps_the_later_steps_until_a_new_command_branches_off(lab):
    lab.run_command("docker exec web touch /a")
    lab.run_command("docker exec web touch /b")
    lab.back()
    lab.back()
    assert [n for _, n in lab.line_rows()] == [0, 1, 2, 3]   # still ahead: forward goes there
    lab.run_command("docker exec web touch /c")
    assert lab.step.number == 4 and [n for _, n in lab.line_rows()] == [0, 1, 4]
    branches = lab.branch_rows()
    assert [n for _, n in branches] == [3, 4] and lab.branch_here() == 4
    assert branches[0][0] == "3 steps, ends with 3: docker exec web touch /b"
    assert lab.position() == (2, 2)
    assert "/c" in upper(lab) and "/a" not in upper(lab)
    lab.jump(3)                                              # the old branch, as it was
    assert "/a" in upper(lab) and "/b" in upper(lab) and "/c" not in upper(lab)
    assert lab.timeline.commands()[-1] == "docker exec web touch /b"


def test_the_slider_and_the_lists_agree_with_the_line_from_every_step(lab):
    lab.run_command("docker exec web touch /a")
    lab.run_command("docker exec web touch /b")
    lab.back()
    lab.run_command("docker exec web touch /c")
    lab.reset()
    lab.run_command("docker ps")
    lab.jump(2)
    lab.run_command("docker exec web touch /d")
    assert len(lab.timeline.steps) == 7
    for n in range(7):
        lab.jump(n)
        line = lab.line()
        assert lab.position() == (line.index(lab.step), len(line) - 1)
        assert [lab.step_at(i) for i in range(len(line))] == [s.number for s in line]
        assert lab.step_at(99) == line[-1].number and lab.step_at(-1) == 0
        assert lab.branch_here() == line[-1].number
    assert [n for _, n in lab.all_step_rows()] == list(range(7))
    assert sorted(n for _, n in lab.branch_rows()) == [3, 4, 5, 6]


def test_reset_and_jump(lab):
    lab.run_command(APPEND)
    assert lab.reset() == 0
    assert lab.engine.containers == {} and lab.target() == HOST
    assert lab.narration() == ["The start: the scenario's images and host files, before any command."]
    assert lab.diagram().subject == "overview"
    assert lab.jump(99) == 0 and "# no step 99: the steps are 0 to 2" in lab.terminal_text()
    assert lab.jump("x") == 0
    assert lab.jump(2) == 2 and "/etc/motd" in upper(lab)


def test_stepping_renders_each_picture_once(lab, monkeypatch):
    calls = []
    real = picture_module.to_svg
    monkeypatch.setattr(picture_module, "to_svg", lambda dot: calls.append(dot) or real(dot))
    lab.run_command(APPEND)
    lab.diagram()
    lab.back()
    lab.diagram()
    first = len(calls)
    for _ in range(3):
        lab.forward()
        lab.diagram()
        lab.back()
        lab.diagram()
    assert len(calls) == first == 2


# ---- selection, tree and "why" ------------------------------------------------------------
def test_the_tree_opens_the_folders_of_the_picked_path(lab):
    # the path box starts on a file (the guided controls' first action works), its folder open
    assert lab.ui.path == "/app/config.yaml"
    assert [r.path for r in lab.tree()] == ["/", "/app", "/app/config.yaml", "/app/data", "/etc", "/srv"]
    lab.select_path("/srv/www/index.html")
    rows = {r.path: r for r in lab.tree()}
    assert rows["/srv"].is_open and rows["/srv/www"].is_open and rows["/srv/www/index.html"].source == "app@1"
    assert lab.toggle_folder("/srv") is False
    assert "/srv/www" not in {r.path for r in lab.tree()}
    assert lab.toggle_folder("/srv") is True


def test_the_tree_says_where_each_entry_comes_from(lab):
    lab.run_command(APPEND)
    lab.select_path("/etc/motd")
    lab.select_path("/app/data")
    text = lab.view_text()
    assert "motd   \u00b7 upper" in text and "app.conf   \u00b7 app@0" in text
    assert "seed.txt   \u00b7 volume:a2bfefc11ac0" in text


def test_open_folders_belong_to_each_target(lab):
    lab.select_path("/etc/motd")
    lab.select_container(HOST)
    assert [r.path for r in lab.tree()] == ["/", "/home"]
    lab.select_container("web")
    assert "/etc/motd" in {r.path for r in lab.tree()}


def test_the_guided_controls_start_on_a_path_that_works_and_refuse_to_write_into_a_folder(lab):
    command = lab.guided("append")
    assert command == "docker exec web sh -c 'echo \"one more line\" >> /app/config.yaml'"
    assert lab.record.exit_code == 0
    before = lab.step.number
    assert lab.guided("append", path="/etc") == "" and lab.step.number == before
    assert "# append a line writes into a file, and /etc is a folder" in lab.terminal_text()
    assert lab.preview("write", path="/etc").startswith("# write (replace the text) writes into a file")


def test_picking_what_does_not_exist_says_so(lab):
    assert lab.select_container("nobody") is False and "# no container 'nobody'" in lab.terminal_text()
    assert lab.select_path("etc") is False and "# a path must start with /" in lab.terminal_text()
    assert lab.select_picture("nope") is False
    assert lab.target() == "web" and lab.ui.path == "/app/config.yaml"


def test_why_do_i_see_this(lab):
    lab.run_command(APPEND)
    assert lab.why("/etc/motd")[0].startswith("/etc/motd: web sees the version in the writable layer")
    assert any("Passed over: image layer app@0" in s for s in lab.ui.why)
    assert lab.why("/app/data/seed.txt")[0].startswith("/app/data/seed.txt: web sees the version in volume:")
    assert lab.why("/nothing")[0] == "/nothing: no mount and no layer of web holds this path."
    assert lab.why("relative") == ["'relative' is not an absolute path"]
    lab.select_container(HOST)
    assert "the host sees its own file there" in lab.why("/home/student/notes.txt")[0]


def test_the_picture_can_be_chosen(lab):
    lab.run_command("docker run -d --name db app")
    assert lab.diagram().subject == "db"
    assert lab.select_picture("web") and lab.diagram().subject == "web"
    assert lab.select_picture("overview") and lab.diagram().subject == "overview"
    lab.back()                                       # db does not exist yet: the step's own picture
    assert lab.select_picture("auto") and lab.diagram().subject == "web"


def test_without_graphviz_the_text_twin_shows_and_says_why(lab, monkeypatch):
    from simulator.render import RenderError

    def missing(dot):
        raise RenderError("cannot find the graphviz-pure program")
    monkeypatch.setattr(picture_module, "to_svg", missing)
    pic = lab.diagram()
    assert pic.svg == "" and "graphviz-pure" in pic.error and "What container web sees" in pic.text


# ---- the tabs -----------------------------------------------------------------------------
def test_the_tabs_show_diff_volumes_and_host(lab):
    lab.run_command(APPEND)
    lab.guided("delete", path="/srv/www/style.css")
    assert lab.diff_text() == "$ docker diff web\nC /etc\nC /etc/motd\nC /srv\nC /srv/www\nD /srv/www/style.css\n"
    volumes = lab.volumes_text()
    assert volumes.startswith("$ docker volume ls\nDRIVER    VOLUME NAME\nlocal     a2bfefc11ac0")
    assert 'a2bfefc11ac0  used by: web  (anonymous)\n  /seed.txt  "first row\\n"' in volumes
    assert '/home/student/notes.txt  "my notes\\n"' in lab.host_text()
    lab.select_container(HOST)
    assert lab.diff_text().startswith("(pick a container")


# ---- save and load ------------------------------------------------------------------------
def test_save_and_load_round_trip(lab):
    lab.run_command(APPEND)
    lab.guided("mount-volume", target="web", path="/srv/www")
    text = lab.save()
    data = yaml.safe_load(text)
    assert data["steps"] == ["docker run -d --name web app", APPEND, "docker run -d --name web2 -v data:/srv/www app"]
    assert '/etc/app.conf: "port=80\\n"' in text                   # file text written as the course files do
    other = LabController()
    assert other.load(text) is True
    assert state(other.engine) == state(lab.engine) and other.step.number == 3
    assert other.save() == text
    assert other.diagram().dot == lab.diagram().dot


def test_save_after_stepping_back_hands_in_the_steps_up_to_here(lab):
    lab.run_command(APPEND)
    lab.run_command("docker exec web rm /etc/app.conf")
    lab.back()
    assert yaml.safe_load(lab.save())["steps"][-1] == APPEND


def test_a_course_scenario_saves_with_its_images_and_host(lab):
    course = LabController(str(COPY_UP))
    course.run_command("docker exec web rm /etc/motd")
    again = LabController()
    again.load(course.save())
    assert state(again.engine) == state(course.engine) and again.scenario.title == "Copy-up on first write"


@pytest.mark.parametrize("text,words", [("images: [1, 2", "invalid YAML"), ("images: 3", "images must map"),
                                        ("nonsense: 1", "unknown key 'nonsense'"), ("- a\n- b", "must be a mapping")],
                         ids=["bad-yaml", "bad-images", "unknown-key", "a-list"])
def test_a_bad_file_changes_nothing_and_says_why(lab, text, words):
    lab.run_command(APPEND)
    before = state(lab.engine)
    assert lab.load(text) is False
    assert state(lab.engine) == before and lab.step.number == 2
    assert "# cannot load the scenario:" in lab.terminal_text() and words in lab.terminal_text()


def test_loading_keeps_the_command_history_and_resets_the_rest(lab):
    lab.run_command(APPEND)
    lab.select_path("/etc/motd")
    lab.load(LabController(str(COPY_UP)).save())
    assert lab.ui.history == [APPEND] and lab.ui.path == "/etc/app.conf" and lab.target() == "web"


# ---- several labs -------------------------------------------------------------------------
def test_labs_share_nothing():
    a, b = LabController(), LabController()
    a.run_command(APPEND)
    a.select_path("/etc/motd")
    assert b.step.number == 1 and "/etc/motd" not in upper(b)
    assert b.ui.history == [] and b.ui.path == "/app/config.yaml" and b.terminal_text() != a.terminal_text()
    assert a.pictures is not b.pictures


# ---- every course scenario ----------------------------------------------------------------
SCENARIOS = sorted((ROOT / "simulator" / "course" / "data" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_course_scenario_opens_draws_and_saves(path):
    lab = LabController(str(path))
    assert lab.diagram().dot and lab.narration() and lab.tree()
    for number in range(len(lab.timeline.steps)):
        lab.jump(number)
        assert lab.diagram().text and lab.narration()
        lab.diff_text(), lab.volumes_text(), lab.host_text()
    lab.jump(len(lab.timeline.steps) - 1)
    again = LabController()
    assert again.load(lab.save()) and state(again.engine) == state(lab.engine)
    assert "internal error" not in lab.terminal_text() + again.terminal_text()


def test_a_long_output_is_cut_in_the_terminal(lab):
    lab.ui.print("".join(f"line {i}\n" for i in range(1000)))
    assert lab.terminal_text().endswith("line 299\n# ... 700 more lines not shown\n")
