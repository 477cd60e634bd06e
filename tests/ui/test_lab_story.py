"""The step's story in the lab: one line per kind of event with the rest folded, a whiteout told
once (not also as a delete from the writable layer), the picture kept on the student's container
after a step that changed nothing, and the timeline counter in words."""
from __future__ import annotations

import pytest

from simulator.messages import Catalog
from simulator.render.grouped import grouped, grouped_text
from simulator.render.narrate import narrate
from simulator.ui.controller import LabController

pytest.importorskip("ipywidgets")

from simulator.ui.lab import Lab  # noqa: E402


def test_a_moved_directory_tree_is_told_in_one_line_per_kind():
    lab = LabController()
    record = lab.run_command("docker exec web mv /srv/www /srv/web")
    lines = lab.narration_groups()
    kinds = [line.kind for line in lines]
    assert len(record.events) > len(lines) and len(kinds) == len(set(kinds))
    assert kinds[0] == "exdev" and "metadata" in kinds and "whiteout" in kinds
    meta = next(line for line in lines if line.kind == "metadata")
    told = {narrate(e, Catalog("en")) for e in record.events if e["type"] in ("touch", "chmod", "chown")}
    assert meta.more >= 1 and {meta.text, *meta.details} == told        # each sentence once
    assert all("deleted" not in s for s in lab.narration())      # told by the whiteouts


def test_a_deleted_image_file_is_told_as_the_whiteout_that_hides_it():
    lab = LabController()
    record = lab.run_command("docker exec web rm /etc/app.conf")
    assert any(e["type"] == "delete" for e in record.events)
    story = lab.narration()
    assert "web: a whiteout in the writable layer now hides the image's /etc/app.conf" in story[-1]
    assert not any("deleted /etc/app.conf from the writable layer" in s for s in story)


def test_a_file_only_in_the_writable_layer_is_told_as_deleted():
    lab = LabController()
    lab.run_command("docker exec web touch /etc/new.txt")
    lab.run_command("docker exec web rm /etc/new.txt")
    assert lab.narration() == ["web: deleted /etc/new.txt from the writable layer."]


def test_the_plain_text_form_says_how_many_it_folds():
    lab = LabController()
    record = lab.run_command("docker exec web rm -r /srv/www")
    lines = grouped_text(record.events, Catalog("en"))
    assert len(lines) == len(grouped(record.events, Catalog("en")))
    assert any(line.endswith("more like this)") for line in lines)
    assert any("같은 종류" in line for line in grouped_text(record.events, Catalog("ko")))


def test_the_picture_stays_on_the_container_after_a_step_that_changed_nothing():
    lab = LabController()
    lab.run_command("docker volume create extra")
    assert lab.diagram().subject == "overview"          # the engine changed: its overview
    lab.run_command("docker exec web ls /")
    assert not lab.events and lab.diagram().subject == "web"
    lab.run_command("docker exec web cat /nothing")      # a failed command changes nothing either
    assert lab.diagram().subject == "web"


def test_the_timeline_counter_says_what_is_ahead_and_how_many_lines_there_are():
    lab = Lab()
    c = lab.controller
    c.run_command("docker exec web touch /a")
    c.run_command("docker exec web touch /b")
    lab.refresh()
    assert "the newest step on this line" in lab.step_label.value
    c.back()
    lab.refresh()
    assert "1 more step on this line" in lab.step_label.value and "lines of work" not in lab.step_label.value
    c.run_command("docker exec web touch /c")
    lab.refresh()
    assert "the newest step on this line" in lab.step_label.value and "2 lines of work" in lab.step_label.value
