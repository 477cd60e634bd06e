"""The message catalog: every id the code uses exists, with the placeholders the code gives."""
from __future__ import annotations

import ast

import pytest

from simulator.messages import Catalog, MessageError, available_languages, load_messages, placeholders
from simulator.events import KINDS
from simulator.render.narrate import ERRNOS, OPS, message, narrate, narrate_all
from simulator.render.resolve import COUNT, HIDDEN, MERGED, SEEN, WHITEOUT

from simulator.run.scenario import load_file
from simulator.run.session import Session

from render_support import ROOT, course_files

RENDER = ROOT / "simulator" / "render"
EN = load_messages("en")


def literal_calls():
    """(file, line, message id, keyword names) of every `X.t("id", ...)` with a literal id."""
    for path in sorted(RENDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                kws = {k.arg for k in node.keywords}
                yield path.name, node.lineno, node.args[0].value, kws, any(k.arg is None for k in node.keywords)


CALLS = list(literal_calls())


def test_the_code_uses_the_catalog():
    assert len(CALLS) > 50


@pytest.mark.parametrize("where,msg_id,given,splat", [(f"{f}:{n}", m, k, s) for f, n, m, k, s in CALLS],
                         ids=[f"{f}:{n}" for f, n, *_ in CALLS])
def test_every_literal_id_exists_with_its_placeholders(where, msg_id, given, splat):
    assert msg_id in EN, f"{where}: message {msg_id!r} is not in en.yaml"
    if not splat:
        assert placeholders(EN[msg_id]) <= given, f"{where}: {msg_id} needs {placeholders(EN[msg_id]) - given}"
        one = EN.get(msg_id + ".one")
        if one is not None:
            assert placeholders(one) == placeholders(EN[msg_id])


def test_dynamic_ids_exist():
    needed = [f"errno.{e}" for e in ERRNOS] + [f"op.{o}" for o in OPS] + ["errno.other", "op.other"]
    needed += [f"status.{s}" for s in ("running", "created", "exited", "removed")]
    needed += [f"place.{p}" for p in ("upper", "tmpfs", "host", "volume", "bind", "layer")]
    needed += [f"legend.{s}" for s in (SEEN, MERGED, HIDDEN, WHITEOUT, COUNT)]
    needed += ["reason." + r for r in ("covered", "whiteout", "parent-deleted", "parent-not-dir", "opaque",
                                       "opaque-here", "replaced-by-dir", "mount")]
    from simulator.render import story
    needed += list(story.RANK) + list(story.WHERE_MARKS.values())
    missing = [m for m in needed if m not in EN]
    assert not missing


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_event_type_is_narrated(kind):
    event = {"type": kind, "container": "web", "path": "/x", "to": "/y", "where": "upper", "from": "app@0",
             "bytes": 3, "volume": "v", "source": "volume:v", "by": "tmpfs", "names": ["a"], "hidden": 2,
             "entries": 1, "errno": "EROFS", "op": "write", "kind": "file", "upper_entries": 1, "target": "/t"}
    msg_id, fields = message(event, Catalog())
    assert msg_id.startswith("event.") and msg_id != "event.other"
    assert Catalog().t(msg_id, **fields)


def test_unknown_event_types_and_errnos_still_read():
    cat = Catalog()
    assert "frobnicate" in narrate({"type": "frobnicate", "container": "c", "path": "/p"}, cat)
    assert "EWEIRD" in narrate({"type": "error", "container": "c", "path": "/p", "errno": "EWEIRD",
                                          "op": "dance"}, cat)


def test_every_course_event_is_narrated():
    cat = Catalog()
    count = 0
    for path in course_files():
        sc = load_file(str(path))
        session = Session(sc)
        for record in session.run_all():
            for sentence in narrate_all(list(record.events), cat):
                assert sentence and "{" not in sentence.replace("{\"", "")
                count += 1
    assert count > 100


def test_singular_forms():
    cat = Catalog()
    assert cat.t("cell.count", count=1) == "1 entry"
    assert cat.t("cell.count", count=1234) == "1,234 entries"


def test_every_language_has_the_same_placeholders():
    for lang in available_languages():
        for msg_id, text in load_messages(lang).items():
            assert msg_id in EN, f"{lang}.yaml: unknown id {msg_id}"
            assert placeholders(text) == placeholders(EN[msg_id]), f"{lang}.yaml: {msg_id}"


def test_errors_name_the_bad_value_and_the_choices():
    with pytest.raises(MessageError, match="en"):
        Catalog("xx")
    with pytest.raises(MessageError, match="no.such"):
        Catalog().t("no.such")
    with pytest.raises(MessageError, match="needs"):
        Catalog().t("event.whiteout")


def test_a_translation_falls_back_to_english(monkeypatch):
    import simulator.messages as m
    real = m.load_messages

    def fake(lang):
        return {"cell.seen": "BOIM"} if lang == "ko" else real(lang)
    monkeypatch.setattr(m, "load_messages", fake)
    cat = m.Catalog("ko")
    assert cat.t("cell.seen") == "BOIM"
    assert cat.t("cell.merged") == EN["cell.merged"]
    assert cat.t("cell.count", count=1) == "1 entry"          # en's singular, since ko lacks the base id
    assert Catalog().t("cell.seen") == EN["cell.seen"]        # two catalogs share nothing


def test_no_message_is_unused():
    # the catalog serves the pictures, the exercises and the lab: every module may use it
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "simulator").rglob("*.py"))
    dynamic = ("event.", "errno.", "op.", "status.", "place.", "legend.", "reason.", "story.",
               "exercise.kind.", "exercise.type.", "exercise.mount.", "exercise.diff.count.", "overview.kind.",
               "lab.action.", "lab.arg.", "lab.default.", "lab.guided.no-", "lab.guided.relative-",
               "explore.why.")
    unused = [k for k in EN if k.split(".one")[0] not in source and not k.startswith(dynamic)
              and not k.endswith(".one")]
    assert not unused
