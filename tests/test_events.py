"""The event vocabulary (simulator/events.py): every kind the code emits is listed there with its
fields, and the renderer narrates every listed kind (render/narrate.py's NARRATION table)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from simulator.events import COMMON, KINDS, event
from simulator.messages import Catalog, load_messages
from simulator.render.narrate import NARRATION, message

ROOT = Path(__file__).resolve().parent.parent


def emitted(source: str):
    """(line, kind, literal keyword names) of every `X.emit("kind", ...)` call in a module's source."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "emit"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.lineno, node.args[0].value, {k.arg for k in node.keywords if k.arg}


# modules whose `emit` is their own, not an event's (a lexer's tokens, a regex VM's instructions)
NOT_EVENTS = {"simulator/cli/gotemplate/lex.py": "Go template tokens",
              "simulator/shell/posixvm.py": "the pattern VM's instructions"}
EMITS = [(f"{p.relative_to(ROOT)}:{line}", kind, fields)
         for p in sorted((ROOT / "simulator").rglob("*.py")) if str(p.relative_to(ROOT)) not in NOT_EVENTS
         for line, kind, fields in emitted(p.read_text(encoding="utf-8"))]


def test_the_scan_finds_the_emitters():
    kinds = {kind for _, kind, _ in EMITS}
    assert {"copy-up", "whiteout", "volume-create", "layer-commit", "network-create"} <= kinds
    assert {where.split("/")[1] for where, _, _ in EMITS} >= {"fs", "docker", "cli"}


@pytest.mark.parametrize("where,kind,fields", EMITS, ids=[w for w, _, _ in EMITS])
def test_every_emitted_kind_is_listed_with_its_fields(where, kind, fields):
    assert kind in KINDS, f"{where}: event kind {kind!r} is not in simulator/events.py (add one kind(...) line)"
    unknown = fields - set(KINDS[kind].fields) - set(COMMON)
    assert not unknown, f"{where}: {kind} has no field {sorted(unknown)} in simulator/events.py"


def test_the_modules_left_out_have_an_emit_of_their_own():
    for rel in NOT_EVENTS:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.FunctionDef) and n.name == "emit" for n in ast.walk(tree)), rel


def test_every_listed_kind_is_narrated_and_nothing_else():
    assert set(NARRATION) == set(KINDS), (
        f"narrated but not listed: {sorted(set(NARRATION) - set(KINDS))}; "
        f"listed but not narrated (add a line to render/narrate.py NARRATION): {sorted(set(KINDS) - set(NARRATION))}")


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_its_own_sentence(kind, language):
    """A full event of the kind reads as its own catalog sentence (not 'something happened')."""
    sample = {str: "/s", int: 2, bool: True, list: ["a", "b"]}
    full = {name: sample[type_] for name, type_ in KINDS[kind].types.items()}
    full.update({"type": kind, "container": "web", "path": "/x"})
    msg_id, fields = message(full, Catalog(language))
    assert msg_id.startswith("event.") and msg_id != "event.other"
    assert msg_id in load_messages("en"), f"no message {msg_id!r} in en.yaml"
    assert Catalog(language).t(msg_id, **fields)


def test_an_unlisted_kind_or_field_is_refused_and_says_where_to_add_it():
    with pytest.raises(ValueError, match="add it to simulator/events.py"):
        event("frobnicate", path="/x")
    with pytest.raises(ValueError, match="no field colour"):
        event("whiteout", colour="red")
    assert event("volume-remove", volume="v") == {"type": "volume-remove", "volume": "v"}


def test_the_engine_and_a_namespace_refuse_an_unlisted_kind():
    from simulator.docker.engine import Engine
    engine = Engine()
    with pytest.raises(ValueError, match="frobnicate"):
        engine.emit("frobnicate")
    with pytest.raises(ValueError, match="frobnicate"):
        engine.host_namespace().emit("frobnicate", "/x")
    assert engine.events == []


def test_the_scan_sees_a_new_kind_in_a_module_source():
    """The emitter scan is what catches an unlisted kind: fed a synthetic module, it reports it."""
    source = 'def f(engine):\n    engine.emit("soft-delete", path="/a", to="/b")\n'
    assert list(emitted(source)) == [(2, "soft-delete", {"path", "to"})]
    assert "soft-delete" not in KINDS
