"""The version each column marks as seen is the one the state document says the container sees."""
from __future__ import annotations

import pytest

from simulator.render import build_stack
from simulator.render.explain import explain
from simulator.run.scenario import load_file
from simulator.run.session import Session

from render_support import course_files, session_at


@pytest.mark.parametrize("path", course_files(), ids=lambda p: p.stem)
def test_seen_row_matches_the_rootfs_from(path):
    sc = load_file(str(path))
    s = Session(sc)
    for record in s.run_all():
        for c in s.engine.containers.values():
            stack = build_stack(c, s.engine, record.events)
            truth = {p: src for p, _, src in s.engine.namespace(c).walk()}
            for j, column in enumerate(stack.columns):
                if column.fold:
                    continue
                i = stack.seen[j]
                got = None if i is None else (stack.cells[i][j].note or stack.rows[i].label)
                assert got == truth.get(column.path), (record.command, c.name, column.path)


def test_explain_names_the_answer_and_what_was_passed_over():
    s, _ = session_at("03-opaque-directory.yaml", 5)
    web = s.engine.containers["web"]
    lines = explain(s.engine, web, "/srv/www/css/site.css")
    assert lines[0] == "/srv/www/css/site.css: web sees nothing at this path."
    assert "hidden by opaque /srv/www in the writable layer" in lines[1]
    lines = explain(s.engine, web, "/srv/www/index.html")
    assert "sees the version in the writable layer" in lines[0]
    assert "image layer app@0 (COPY site /srv/www)" in lines[1] and "hidden by the writable layer above" in lines[1]


def test_explain_a_mount_and_a_whiteout():
    s, _ = session_at("06-volume-obscures.yaml", 2)
    lines = explain(s.engine, s.engine.containers["web"], "/app/data/settings.json")
    assert "hidden by volume:mydata mounted at /app/data" in lines[1]
    s, _ = session_at("02-whiteout.yaml", 2)
    lines = explain(s.engine, s.engine.containers["web"], "/srv/www/old.html")
    assert "holds a whiteout" in lines[1] and "deleted: whiteout in the writable layer" in lines[2]


def test_explain_a_directory_and_a_missing_path():
    s, _ = session_at("02-whiteout.yaml", 2)
    web = s.engine.containers["web"]
    assert "merged with the directories of the same name in image layer app@0" in explain(s.engine, web, "/srv")[0]
    assert explain(s.engine, web, "/nope")[0] == "/nope: no mount and no layer of web holds this path."
    with pytest.raises(ValueError, match="absolute"):
        explain(s.engine, web, "srv")


def test_explain_follows_symlinks_in_parents():
    sc = load_file_text("""
images:
  app:
    layers:
      - files:
          /real/f.txt: "x\\n"
          /link: {symlink: /real}
steps: ["docker run -d --name lnk app"]
""")
    s = Session(sc)
    s.run_all()
    lines = explain(s.engine, s.engine.containers["lnk"], "/link/f.txt")
    assert "leads to /real/f.txt" in lines[0] and "image layer app@0" in lines[1]


def load_file_text(text):
    from simulator.run.scenario import load_text
    return load_text(text)
