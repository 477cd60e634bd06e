"""The lab's language switch: one lab speaks Korean or English (labels, narration, diagram and its text
twin, "why do I see this?"), without changing the process's language or any other lab."""
from __future__ import annotations

import re

import pytest

from simulator import messages
from simulator.ui import LabController

HANGUL = re.compile("[\uac00-\ud7a3]")
APPEND = "docker exec web sh -c 'echo hello >> /etc/motd'"


@pytest.fixture(autouse=True)
def the_process_language_is_english_and_restored():
    before = messages.get_language()
    messages.set_language("en")
    yield
    messages.set_language(before)


def words(lab) -> str:
    picture = lab.diagram()
    return "\n".join(lab.narration() + [picture.dot, picture.text] + [r for r, _ in lab.line_rows()])


def test_switching_to_korean_and_back_changes_narration_and_diagram():
    lab = LabController()
    lab.run_command(APPEND)
    english = words(lab)
    assert not HANGUL.search(english)

    assert lab.set_language("ko") and lab.language() == "ko"
    korean = words(lab)
    assert HANGUL.search("\n".join(lab.narration()))
    assert HANGUL.search(lab.diagram().dot) and HANGUL.search(lab.diagram().text)
    assert korean != english
    assert messages.get_language() == "en"              # only this lab speaks Korean

    assert lab.set_language("en") and lab.language() == "en"
    assert words(lab) == english
    assert "internal error" not in lab.terminal_text() and not lab.last_error


def test_the_lab_keeps_its_language_through_steps_why_and_load():
    lab = LabController()
    lab.set_language("ko_KR.UTF-8")
    lab.run_command(APPEND)
    assert HANGUL.search(" ".join(lab.narration()))
    assert HANGUL.search(" ".join(lab.why("/etc/motd")))
    lab.back()
    lab.forward()
    assert HANGUL.search(lab.diagram().text)
    assert lab.load(lab.save()) and lab.language() == "ko"
    lab.set_language(None)                                # back to the process's language
    assert lab.language() == "en" and not HANGUL.search(" ".join(lab.narration()))


def test_an_unknown_language_changes_nothing_and_says_why():
    lab = LabController()
    assert lab.set_language("xx") is False
    assert lab.language() == "en" and "xx" in lab.terminal_text()


def test_two_labs_speak_their_own_languages():
    one, two = LabController(), LabController()
    one.set_language("ko")
    for lab in (one, two):
        lab.run_command(APPEND)
    assert HANGUL.search(" ".join(one.narration())) and not HANGUL.search(" ".join(two.narration()))


def test_the_widget_switch_redraws_every_panel_in_the_new_language():
    pytest.importorskip("ipywidgets")
    from simulator.ui.lab import Lab

    lab = Lab()
    lab.controller.run_command(APPEND)
    lab.refresh()
    english = (lab.narration.value, lab.diagram.value, lab.run_button.description, lab.tabs.get_title(0))
    lab.command.value = "ls /"
    lab.language.value = "ko"
    assert lab.controller.language() == "ko" and messages.get_language() == "en"
    assert HANGUL.search(lab.narration.value) and HANGUL.search(lab.diagram.value)
    assert HANGUL.search(lab.run_button.description) and HANGUL.search(lab.tabs.get_title(0))
    assert HANGUL.search(lab.language.description) and lab.command.value == "ls /"
    lab.language.value = "en"
    assert (lab.narration.value, lab.diagram.value, lab.run_button.description, lab.tabs.get_title(0)) == english
    assert "internal error" not in lab.controller.terminal_text()
