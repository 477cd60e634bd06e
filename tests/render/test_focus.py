"""The focused stack picture: the paths a step touched and their parents get columns, the rest of
the container folds by folder; with nothing touched, or asked for the whole picture, every path."""
from __future__ import annotations

from simulator.render import draw
from simulator.render.columns import MAX_COLUMNS
from simulator.render.focus import MIN_FOCUS, focus_limit, touched
from simulator.ui.controller import LabController


def columns(picture) -> list[str]:
    """The path column headings of a stack's text twin."""
    table = [line for line in picture.text.splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip() for row in table[1:]]


def test_a_step_that_touched_paths_is_drawn_around_them():
    lab = LabController()
    lab.run_command("docker exec web rm /srv/www/index.html")
    web = lab.engine.containers["web"]
    assert touched(web, lab.events) == {"/srv", "/srv/www", "/srv/www/index.html"}
    focused = draw(lab.engine, ("stack", web), lab.events, focus=True)
    whole = draw(lab.engine, ("stack", web), lab.events)
    assert len(columns(focused)) == focus_limit(web, lab.events) < len(columns(whole))
    assert {"/srv", "/srv/www", "/srv/www/index.html"} <= set(columns(focused))
    assert any("folded" in c for c in columns(focused)) and not any("folded" in c for c in columns(whole))
    assert "/etc/app.conf" in columns(whole) and "/etc/app.conf" not in columns(focused)


def test_with_nothing_touched_the_focused_picture_is_the_whole_one():
    lab = LabController()
    web = lab.engine.containers["web"]
    assert lab.events and focus_limit(web, lab.events) == MAX_COLUMNS      # a new container: all of it
    lab.run_command("docker exec web ls /")
    assert focus_limit(web, lab.events) == MAX_COLUMNS
    assert draw(lab.engine, ("stack", web), lab.events, focus=True).text == \
        draw(lab.engine, ("stack", web), lab.events).text
    other = [{"type": "write", "container": "db", "path": "/x"}]
    assert focus_limit(web, other) == MAX_COLUMNS and MIN_FOCUS <= focus_limit(web, [dict(other[0], container="web")])


def test_the_lab_shows_the_focused_picture_and_the_whole_one_on_request():
    lab = LabController()
    lab.run_command("docker exec web rm /srv/www/index.html")
    focused = lab.diagram()
    lab.set_whole(True)
    whole = lab.diagram()
    assert len(columns(focused)) < len(columns(whole))
    lab.set_whole(False)
    assert lab.diagram() is focused              # each kept in the step's cache
