"""Text twins: goldens for course steps, and the same information as the diagram."""
from __future__ import annotations

import pytest

from simulator.render import build_overview, build_stack, overview_text, stack_dot, stack_text
from simulator.render.summary import place_name

from render_support import check_golden, nodes, session_at, words

CASES = [("01-copy-up.yaml", 3, "web"), ("02-whiteout.yaml", 2, "web"), ("03-opaque-directory.yaml", 5, "web"),
         ("04-move-directory.yaml", 2, "web"), ("05-volume-prepopulation.yaml", 2, "web"),
         ("06-volume-obscures.yaml", 2, "web"), ("07-bind-override.yaml", 3, "site"),
         ("08-tmpfs-lifecycle.yaml", 5, "job"), ("09-read-only.yaml", 5, "ro")]


@pytest.mark.parametrize("name,step,container", CASES, ids=[c[0][:2] for c in CASES])
def test_stack_text_golden(name, step, container, update_goldens):
    s, record = session_at(name, step)
    stack = build_stack(s.engine.containers[container], s.engine, record.events)
    check_golden(f"{name[:-5]}-step{step}.txt", stack_text(stack, caption=record.command), update_goldens)


@pytest.mark.parametrize("name,step,container", CASES, ids=[c[0][:2] for c in CASES])
def test_text_carries_what_the_picture_shows(name, step, container):
    s, record = session_at(name, step)
    stack = build_stack(s.engine.containers[container], s.engine, record.events)
    text = stack_text(stack, caption=record.command)
    dot_words = {k: words(v) for k, v in nodes(stack_dot(stack, caption=record.command)).items()}
    for r in stack.rows:
        assert place_name(r.label) in text
    for j, c in enumerate(stack.columns):
        assert c.path in text
    for m in stack.story.marks:
        where = "h" if m.row is None else "l" if m.col is None else "r"
        node = f"h{m.col}" if m.row is None else f"l{m.row}" if m.col is None else f"r{m.row}c{m.col}"
        from simulator.messages import Catalog
        said = Catalog().t(m.msg_id, **m.kwargs())
        assert said.split(" ")[0] in dot_words[node] and said.split(" ")[0] in text, (where, said)
    states = {"seen": "[SEEN]", "merged": "[merged]"}
    for i, row in enumerate(stack.cells):
        for j, cell in enumerate(row):
            if cell.state in states:
                assert states[cell.state] in text


def test_overview_text_golden(update_goldens):
    s, record = session_at("12-volume-in-use.yaml", 9)
    check_golden("12-volume-in-use-overview-step9.txt",
                 overview_text(build_overview(s.engine, record.events), caption=record.command), update_goldens)


def test_overview_tells_what_survives_docker_rm():
    s, record = session_at("10-writable-layer-lifecycle.yaml", 6)
    text = overview_text(build_overview(s.engine, record.events))
    assert "container db: removed in this step" in text
    assert "volume dbdata: its volume survives docker rm" in text
