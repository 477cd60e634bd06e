"""Large images stay readable: folders fold, event paths stay, the node count has a ceiling."""
from __future__ import annotations

import pytest

from simulator.render import build_stack, stack_dot, stack_text
from simulator.render.columns import MAX_COLUMNS
from simulator.render.stack import MAX_NODES
from simulator.run.scenario import from_dict
from simulator.run.samples import large_image as image_spec
from simulator.run.session import Session

from render_support import nodes


@pytest.fixture(scope="module")
def big():
    s = Session(from_dict(image_spec(50, 100_000)))
    s.run("docker run -d --name bench img")
    record = s.run("docker exec bench sh -c 'echo x >> /etc/app.conf; rm /d7/f0_7.txt; echo new > /d3/mine'")
    return s, record, build_stack(s.engine.containers["bench"], s.engine, record.events)


def test_node_count_has_a_ceiling(big):
    _, _, stack = big
    dot = stack_dot(stack)
    assert len(stack.columns) <= MAX_COLUMNS
    assert len(nodes(dot)) - 3 <= MAX_NODES          # graph/node/edge defaults are not nodes
    assert len(stack.rows) <= 12


def test_paths_touched_by_the_step_are_shown_apart(big):
    _, _, stack = big
    singles = {c.path for c in stack.columns if not c.fold}
    assert {"/etc/app.conf", "/d7/f0_7.txt", "/d3/mine"} <= singles


def test_folded_counts_add_up(big):
    s, _, stack = big
    folded = [c for c in stack.columns if c.fold]
    assert folded and sum(c.count for c in folded) + sum(1 for c in stack.columns if not c.fold) == stack.total_paths
    rest = [c for c in folded if c.rest]
    assert rest and rest[0].folders > 100
    # a layer row's count in a folded column is what that layer holds there
    i = next(i for i, r in enumerate(stack.rows) if r.label == "img@49")
    j = next(j for j, c in enumerate(stack.columns) if c.fold and not c.rest)
    d = stack.columns[j].path
    layer = s.engine.images["img"].layers[49]
    expected = sum(1 for p in layer.entries if p.startswith(d + "/") and p not in
                   {c.path for c in stack.columns if not c.fold})
    assert stack.cells[i][j].count == expected


def test_layers_fold_into_runs(big):
    _, _, stack = big
    folded = [r for r in stack.rows if r.kind == "folded"]
    assert folded and sum(len(r.layers) for r in folded) + sum(1 for r in stack.rows if r.kind == "layer") == 50
    text = stack_text(stack)
    assert "folded" in text and "img@1..img@48" in text


def test_a_small_image_shows_every_path():
    spec = {"images": {"app": {"layers": [{"files": {f"/etc/f{i}": "x\n" for i in range(MAX_COLUMNS)}}]}},
            "steps": ["docker run -d --name web app"]}
    s = Session(from_dict(spec))
    record = s.run_all()[-1]
    stack = build_stack(s.engine.containers["web"], s.engine, record.events)
    assert [c.path for c in stack.columns] == sorted(f"/etc/f{i}" for i in range(MAX_COLUMNS))
    assert not any(c.fold for c in stack.columns)
