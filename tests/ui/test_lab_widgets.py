"""The widgets are wired to the controller: a click or an Enter calls it and every panel is redrawn.
(The controller's own behaviour is tested directly in test_lab_controller.py.)"""
from __future__ import annotations

import datetime

import pytest

pytest.importorskip("ipywidgets")

from simulator.ui.lab import MORE, Lab  # noqa: E402

APPEND = "docker exec web sh -c 'echo hello >> /etc/motd'"


@pytest.fixture
def lab():
    return Lab()


def submit(text_widget) -> None:
    """What the browser sends when Enter is pressed in a Text widget."""
    text_widget._handle_string_msg(None, {"event": "submit"}, None)


def test_the_workbench_shows_every_panel_at_the_start(lab):
    assert "Layer Lab playground" in lab.title.value
    assert "$ docker run -d --name web app" in lab.terminal.value
    assert "<svg" in lab.diagram.value or "No picture" in lab.diagram.value
    assert "Docker created the container web" in lab.narration.value
    assert lab.target.value == "web" and lab.target.options == ("web", "host")
    assert [v for _, v in lab.tree.options] == ["/", "/app", "/app/config.yaml", "/app/data", "/etc", "/srv"]
    assert lab.preview.value == 'Runs: <code class="lab-code">docker exec web sh -c &#x27;echo &quot;one more line&quot; ' \
                                '&gt;&gt; /app/config.yaml&#x27;</code>'
    assert lab.slider.max == 1 and lab.slider.value == 1 and lab.forward.disabled and not lab.back.disabled


def test_its_text_form_is_short_and_the_same_every_run(lab):
    assert repr(lab) == "<Layer Lab: Layer Lab playground, step 1: docker run -d --name web app>"


def test_enter_in_the_command_box_runs_it_and_clears_the_box(lab):
    lab.command.value = APPEND
    submit(lab.command)
    assert lab.controller.step.command == APPEND and lab.command.value == ""
    assert "copied the whole file" in lab.narration.value
    assert "$ " + APPEND.replace("'", "&#x27;").replace(">", "&gt;") in lab.terminal.value
    assert "C /etc/motd" in lab.diff.value
    lab.up.click()
    assert lab.command.value == APPEND


def test_a_guided_click_back_forward_and_the_slider(lab):
    lab.action.value = "delete"
    lab.path.value = "/etc/app.conf"
    assert "docker exec web rm /etc/app.conf" in lab.preview.value
    lab.do.click()
    assert lab.controller.step.command == "docker exec web rm /etc/app.conf"
    assert "a whiteout in the writable layer now hides" in lab.narration.value
    lab.back.click()
    assert lab.controller.step.number == 1 and not lab.forward.disabled
    lab.slider.value = 2
    assert lab.controller.step.number == 2
    lab.reset_button.click()
    assert lab.controller.step.number == 0 and lab.target.options == ("host",)
    lab.steps.value = 2
    assert lab.controller.step.number == 2


def test_picking_in_the_tree_fills_the_path_and_why_explains_it(lab):
    lab.tree.value = "/etc"
    assert lab.path.value == "/etc" and "/etc/motd" in [v for _, v in lab.tree.options]
    lab.tree.value = "/etc/motd"
    lab.why_button.click()
    assert "/etc/motd: web sees the version in image layer app@0" in lab.why.value
    lab.fold.click()                            # closes nothing: a file is picked; the folder button
    lab.tree.value = "/etc"                     # works on the folder picked
    lab.fold.click()
    assert "/etc/motd" not in [v for _, v in lab.tree.options]


def test_a_big_folder_lists_a_count_row_that_picks_nothing():
    spec = "images:\n  app:\n    layers:\n      - files:\n" + "".join(
        f"          /many/f{i:03}: \"x\"\n" for i in range(205)) + "steps: [docker run -d --name web app]\n"
    from simulator.run.scenario import load_text
    lab = Lab(load_text(spec))
    lab.tree.value = "/many"
    values = [v for _, v in lab.tree.options]
    assert values[-1] == "/many" + MORE and len(values) == 2 + 200 + 1
    lab.tree.value = "/many" + MORE
    assert lab.controller.ui.path == "/many"


def test_save_fills_the_text_and_the_download_link_and_load_reads_it(lab):
    lab.command.value = APPEND
    lab.run_button.click()
    lab.save_button.click()
    assert APPEND in lab.scenario_text.value and 'download="layer-lab.yaml"' in lab.download.value
    other = Lab()
    other.scenario_text.value = lab.scenario_text.value
    other.load_button.click()
    assert other.controller.step.command == APPEND
    other.upload.value = ({"name": "x.yaml", "type": "", "size": 9, "content": memoryview(b"images: 3"),
                           "last_modified": datetime.datetime(2024, 1, 1)},)
    assert "cannot load the scenario" in other.terminal.value and other.controller.step.command == APPEND


def test_a_failure_in_a_callback_shows_in_the_terminal(lab, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("boom")
    monkeypatch.setattr(lab.controller, "history_up", broken)
    lab.up.click()
    assert "lab: internal error (RuntimeError): boom" in lab.terminal.value


def test_a_failure_while_drawing_shows_in_the_terminal(lab, monkeypatch):
    def broken():
        raise RuntimeError("no picture today")
    monkeypatch.setattr(lab.controller, "diagram", broken)
    lab.command.value = "docker ps"
    lab.run_button.click()
    assert "lab: internal error while drawing (RuntimeError): no picture today" in lab.terminal.value
    assert lab.controller.step.command == "docker ps"


def test_two_labs_in_one_notebook_share_nothing():
    a, b = Lab(), Lab()
    a.command.value = APPEND
    a.run_button.click()
    assert b.controller.step.number == 1 and "copied" not in b.narration.value
    assert a.controller is not b.controller and a.diagram is not b.diagram
