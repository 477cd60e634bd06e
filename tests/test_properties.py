"""Invariants over random layer stacks and random operation sequences (hypothesis)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st, HealthCheck

from simulator.fs.content import Blob
from simulator.fs.entries import describe
from simulator.errors import FsError
from simulator.fs.imageview import ImageView
from simulator.fs.layer import Layer
from simulator.run.layerspec import build_layer
from helpers import container_ns, upper_doc, view_doc

NAMES = ["a", "b", "c"]
PATHS = ["/" + x for x in NAMES] + ["/" + x + "/" + y for x in NAMES for y in NAMES]


@st.composite
def layer_stacks(draw):
    """Two or three valid layers over a small path set (files, dirs, whiteouts, opaque dirs)."""
    specs, built = [], []
    for i in range(draw(st.integers(2, 3))):
        view = ImageView(built) if built else None
        files = {}
        for p in sorted(draw(st.lists(st.sampled_from(PATHS), max_size=5, unique=True))):
            parent = p.rsplit("/", 1)[0]
            if parent and parent in files:          # the parent is a file here: skip the child
                continue
            if draw(st.booleans()):
                files[p + "/"] = {}
            else:
                files[p] = f"{p}@{i}\n"
        files = {k: v for k, v in files.items()
                 if not any(k.startswith(q + "/") for q in files if not q.endswith("/"))}
        declared = {k.rstrip("/") for k in files}
        delete, opaque = [], []
        below = [p for p, _ in view.walk()] if view is not None else []
        for p in draw(st.lists(st.sampled_from(below), max_size=2, unique=True)) if below else []:
            if p in declared or any(p.startswith(d + "/") or d.startswith(p + "/") for d in declared | set(delete)):
                continue
            if view.get(p).kind == "dir" and draw(st.booleans()):
                opaque.append(p)
            else:
                delete.append(p)
        delete = [d for d in delete if not any(d.startswith(o + "/") or o.startswith(d + "/") for o in opaque)]
        spec = {"files": files, "delete": delete, "opaque": opaque}
        built.append(build_layer(spec, view, f"layer{i}"))
        specs.append(spec)
    return specs


OPS = st.lists(st.tuples(st.sampled_from(["write", "append", "rm", "rmdir", "mkdir", "mv", "chmod", "touch"]),
                         st.sampled_from(PATHS), st.sampled_from(PATHS)), max_size=12)


def apply_op(ns, op, p, q):
    if op == "write":
        ns.write(p, Blob.of("w\n"))
    elif op == "append":
        ns.write(p, Blob.of("+\n"), append=True)
    elif op == "rm":
        ns.unlink(p)
    elif op == "rmdir":
        ns.rmdir(p)
    elif op == "mkdir":
        ns.mkdir(p)
    elif op == "mv":
        ns.rename(p, q)
    elif op == "chmod":
        ns.chmod(p, 0o700)
    else:
        ns.utime(p)


def flatten(layer_specs, upper_tree) -> dict:
    """'Apply the layers in order', the writable layer last: the reference union."""
    layers, view = [], None
    for i, spec in enumerate(layer_specs):
        layer = build_layer(spec, view, f"l{i}")
        layers.append(layer)
        view = ImageView(layers)
    top = Layer({p: e for p, e in upper_tree.walk()}, "upper")
    return {p: describe(e) for p, e in ImageView(layers + [top]).walk()}


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(layer_stacks(), OPS)
def test_union_view_equals_applying_the_layers_in_order(specs, ops):
    ns, overlay, _ = container_ns(*specs)
    for op in ops:
        try:
            apply_op(ns, *op)
        except FsError:
            pass
    seen = {p: {k: v for k, v in d.items() if k != "from"} for p, d in view_doc(ns).items()}
    assert seen == flatten(specs, overlay.upper)


@SETTINGS
@given(layer_stacks(), OPS)
def test_a_failed_operation_changes_nothing(specs, ops):
    ns, overlay, events = container_ns(*specs)
    for op in ops:
        before_upper, before_view, n_events = upper_doc(overlay), view_doc(ns), len(events)
        try:
            apply_op(ns, *op)
        except FsError:
            assert upper_doc(overlay) == before_upper
            assert view_doc(ns) == before_view
            # the log says what failed, and nothing else
            assert [e["type"] for e in events[n_events:]] in (["error"], ["exdev"])


@SETTINGS
@given(layer_stacks(), OPS)
def test_same_operations_give_the_same_state_and_events(specs, ops):
    results = []
    for _ in range(2):
        ns, overlay, events = container_ns(*specs)
        for op in ops:
            try:
                apply_op(ns, *op)
            except FsError as e:
                events.append({"error": e.errno})
        results.append((upper_doc(overlay), list(events)))
    assert results[0] == results[1]
