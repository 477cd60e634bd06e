"""The layer-stack diagram's DOT source, read as text: which nodes, marks and edges it has."""
from __future__ import annotations

import pytest

from simulator.render import build_stack, stack_dot
from simulator.render import theme
from simulator.run.scenario import load_file
from simulator.run.session import Session

from render_support import course_files, edges, nodes, session_at, words


def picture(name, step, container):
    s, record = session_at(name, step)
    stack = build_stack(s.engine.containers[container], s.engine, record.events)
    return stack, stack_dot(stack, caption=record.command)


def col(stack, path):
    j = stack.column_of(path)
    assert j is not None and stack.columns[j].path == path, f"no column for {path}"
    return j


def row(stack, label):
    return next(i for i, r in enumerate(stack.rows) if r.label == label)


def test_copy_up_is_an_arrow_from_the_image_layer_to_the_writable_layer_with_the_bytes():
    stack, dot = picture("01-copy-up.yaml", 3, "web")
    j = col(stack, "/etc/app.conf")
    up, low = row(stack, "upper"), row(stack, "app@0")
    arrows = [e for e in edges(dot) if e[0] == f"r{low}c{j}" and e[1] == f"r{up}c{j}"]
    assert len(arrows) == 1 and "copy-up 8 B" in arrows[0][2] and theme.STORY in arrows[0][2]
    # the writable layer's version is seen, linked to the top row; the image's is hidden by it
    link = [e for e in edges(dot) if e[:2] == (f"h{j}", f"r{up}c{j}")]
    assert link and theme.LINK in link[0][2] and "invis" not in link[0][2]
    cells = nodes(dot)
    assert "SEEN" in words(cells[f"r{up}c{j}"]) and "NEW: copied up" in words(cells[f"r{up}c{j}"])
    assert "hidden by upper above" in words(cells[f"r{low}c{j}"]) and "<S>" in cells[f"r{low}c{j}"]
    # rows top first, each labelled; the image layer row says what made it
    assert [r.label for r in stack.rows] == ["upper", "app@1", "app@0"]
    assert "COPY conf /etc" in words(cells[f"l{low}"])


def test_whiteout_created():
    stack, dot = picture("02-whiteout.yaml", 2, "web")
    j = col(stack, "/srv/www/old.html")
    cells = nodes(dot)
    up, low = row(stack, "upper"), row(stack, "app@0")
    assert "X whiteout" in words(cells[f"r{up}c{j}"]) and "NEW: whiteout" in words(cells[f"r{up}c{j}"])
    assert "deleted: whiteout in upper" in words(cells[f"r{low}c{j}"])
    assert "(not seen)" in words(cells[f"h{j}"])
    assert stack.seen[j] is None


def test_opaque_directory_hides_the_image_below_it():
    stack, dot = picture("03-opaque-directory.yaml", 5, "web")
    cells = nodes(dot)
    j = col(stack, "/srv/www/css/site.css")
    low = row(stack, "app@0")
    assert "hidden by opaque /srv/www in upper" in words(cells[f"r{low}c{j}"])
    assert "opaque dir/" in words(cells[f"r{row(stack, 'upper')}c{col(stack, '/srv/www')}"])


def test_exdev_and_the_copy_that_followed():
    stack, dot = picture("04-move-directory.yaml", 2, "web")
    old = col(stack, "/data/old")
    cells = nodes(dot)
    assert "rename refused now: EXDEV" in words(cells[f"h{old}"])
    assert any(e[0] == f"h{old}" and e[1].startswith("h") and "mv copied it here" in words(e[2]) for e in edges(dot))


def test_volume_populated_from_the_image():
    stack, dot = picture("05-volume-prepopulation.yaml", 2, "web")
    vol, low = row(stack, "volume:appdata"), row(stack, "app@0")
    j = col(stack, "/app/data/settings.json")
    assert any(e[:2] == (f"r{low}c{j}", f"r{vol}c{j}") and "copied into the volume" in words(e[2]) for e in edges(dot))
    assert "NEW: filled from the image (3 entries)" in words(nodes(dot)[f"l{vol}"])


def test_content_obscured_by_a_mount():
    stack, dot = picture("06-volume-obscures.yaml", 2, "web")
    j = col(stack, "/app/data/settings.json")
    low = row(stack, "app@0")
    cell = words(nodes(dot)[f"r{low}c{j}"])
    assert "hidden by volume:mydata mounted" in cell and "hidden by the mount now" in cell
    assert stack.seen[j] is None


def test_tmpfs_discarded_at_stop():
    stack, dot = picture("08-tmpfs-lifecycle.yaml", 5, "job")
    label = words(nodes(dot)[f"l{row(stack, 'tmpfs')}"])
    assert "unmounted now: its content is gone" in label and "not mounted now (container exited)" in label


def test_an_error_marks_the_path():
    stack, dot = picture("09-read-only.yaml", 5, "ro")
    assert "refused now: EROFS" in words(nodes(dot)[f"h{col(stack, '/etc/app/app.conf')}"])


def test_a_legend_and_a_story_box():
    _, dot = picture("01-copy-up.yaml", 3, "web")
    n = nodes(dot)
    assert "How to read it" in words(n["legend"]) and "What this step did" in words(n["story"])
    assert "overlayfs copied the whole file (8 B)" in words(n["story"])


def test_deterministic_and_ids_from_indexes_only():
    a = picture("07-bind-override.yaml", 5, "site")[1]
    b = picture("07-bind-override.yaml", 5, "site")[1]
    assert a == b
    for node_id in nodes(a):
        assert node_id in ("graph", "node", "edge", "l_top", "legend", "story") or node_id[0] in "hlr"


@pytest.mark.parametrize("path", course_files(), ids=lambda p: p.stem)
def test_every_step_of_every_course_scenario_draws(path):
    sc = load_file(str(path))
    s = Session(sc)
    for record in s.run_all():
        for c in list(s.engine.containers.values()):
            stack = build_stack(c, s.engine, record.events)
            dot = stack_dot(stack, caption=record.command)
            assert dot.count("{") == dot.count("}") or "rank=same" in dot
            assert len(nodes(dot)) + dot.count("{rank=same") > 0


def test_same_bytes_whatever_the_hash_seed():
    import os
    import subprocess
    import sys
    from render_support import ROOT
    code = ("import sys; sys.path.insert(0, 'tests/render'); from render_support import session_at, course_files\n"
            "from simulator.render import build_stack, stack_dot, build_overview, overview_dot\n"
            "for p in course_files():\n"
            "    s, r = session_at(p.name, 99)\n"
            "    for c in sorted(s.engine.containers): print(stack_dot(build_stack(s.engine.containers[c], s.engine, r.events)))\n"
            "    print(overview_dot(build_overview(s.engine, r.events)))\n")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and len(next(iter(outs))) > 1000
