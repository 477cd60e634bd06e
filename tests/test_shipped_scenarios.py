"""Every shipped scenario runs, its state document matches its golden, and runs are byte-identical."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from goldens import check_golden
from simulator.run.scenario import load_file
from simulator.run.session import Session
from simulator.run import statedoc

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "simulator" / "course" / "data" / "scenarios").glob("*.yaml"))


def run_doc(path: Path) -> str:
    session = Session(load_file(str(path)))
    session.run_all()
    return statedoc.dumps(session.document())


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_matches_its_golden_state_document(path, update_goldens):
    check_golden(f"scenarios/{path.stem}.json", run_doc(path), update_goldens)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_transcript_matches_its_golden(path, update_goldens):
    session = Session(load_file(str(path)))
    session.run_all()
    check_golden(f"scenarios/{path.stem}.txt", session.transcript(), update_goldens)


def test_there_are_at_least_ten_course_scenarios():
    assert len(SCENARIOS) >= 10


def test_command_line_json_is_deterministic_across_processes():
    path = SCENARIOS[0]
    runs = [subprocess.run([sys.executable, "-m", "simulator", "run", str(path), "--json"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] == run_doc(path)
