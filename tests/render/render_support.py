"""Running course scenarios up to a step, for the render tests."""
from __future__ import annotations

import re
from pathlib import Path

from simulator.run.scenario import load_file
from simulator.run.session import Session

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "simulator" / "course" / "data" / "scenarios"
GOLDENS = Path(__file__).parent / "goldens"


def course_files() -> list[Path]:
    """The course scenarios this checkout can load (one being written may not load yet)."""
    out = []
    for p in sorted(SCENARIOS.glob("*.yaml")):
        try:
            load_file(str(p))
        except Exception:
            continue
        out.append(p)
    return out


def session_at(name: str, step: int):
    """(session, last record) after the first `step` steps of a course scenario."""
    sc = load_file(str(SCENARIOS / name))
    s = Session(sc)
    records = s.run_all(sc.steps[:step])
    return s, records[-1]


NODE = re.compile(r"^  ([A-Za-z_][A-Za-z0-9_]*) \[(.*)\];$", re.M)
EDGE = re.compile(r"^  ([A-Za-z0-9_:]+) -> ([A-Za-z0-9_:]+)(?: \[(.*)\])?;$", re.M)


def nodes(dot: str) -> dict:
    return {m.group(1): m.group(2) for m in NODE.finditer(dot)}


def edges(dot: str) -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2), m.group(3) or "") for m in EDGE.finditer(dot)]


def check_golden(name: str, text: str, update: bool) -> None:
    """tests/goldens.check_golden, with the render tests' own golden folder."""
    from goldens import check_golden as check
    check(name, text, update, GOLDENS)


def words(label: str) -> str:
    """The text a label shows: line breaks as spaces, markup removed, entities decoded."""
    import html
    text = label.replace("<BR/>", " ")
    text = re.sub(r"<[^<>]*>", "", text)
    return " ".join(html.unescape(text).split())
