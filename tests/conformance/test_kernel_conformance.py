"""The simulator against the real kernel: every hand-written case and N generated sequences must give the same state document."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))          # the harness modules sit beside this file, not a package

import compare_docs                    # noqa: E402
import kernel_runner                   # noqa: E402
import kernel_sys                      # noqa: E402
import sequences                       # noqa: E402

CASES = sorted((HERE / "cases").glob("*.yaml"))
SEQUENCE_COUNT = int(os.environ.get("CONFORMANCE_SEQUENCES", "200"))
SIMULATOR_TIMEOUT = 60
SHOWN_DIFFERENCES = 40

_MISSING = kernel_runner.missing_prerequisites()
pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(_MISSING is not None, reason=f"kernel conformance needs: {_MISSING}"),
]


@pytest.fixture(scope="module")
def harness():
    with kernel_runner.KernelHarness() as shared:      # one BusyBox tools dir for the module
        yield shared


def _start_simulator(scenario_file: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", str(scenario_file), "--json"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check(harness, scenario: dict, scenario_file: Path, kernel_file: Path, replay: str) -> None:
    # the simulator runs on the other core while the kernel side runs here
    simulator = _start_simulator(scenario_file)
    try:
        kernel_doc = harness.run(scenario)
    except kernel_runner.Unsupported as error:
        simulator.kill()
        simulator.communicate()
        pytest.skip(f"outside the kernel runner's subset: {error}")
    except BaseException:
        simulator.kill()
        simulator.communicate()
        raise
    kernel_file.write_text(json.dumps(kernel_doc, indent=2, ensure_ascii=False))
    try:
        out, err = simulator.communicate(timeout=SIMULATOR_TIMEOUT)
    except subprocess.TimeoutExpired:
        simulator.kill()
        simulator.communicate()
        pytest.fail(f"{replay}\nthe simulator took over {SIMULATOR_TIMEOUT}s")
    if simulator.returncode != 0:
        pytest.fail(f"{replay}\nthe simulator exited {simulator.returncode}:\n{err[-3000:]}")
    differences = compare_docs.compare_documents(kernel_doc, json.loads(out))
    shown = "\n  ".join(differences[:SHOWN_DIFFERENCES])
    more = len(differences) - SHOWN_DIFFERENCES
    assert not differences, (f"{replay}\n{len(differences)} difference(s), kernel vs simulator:"
                             f"\n  {shown}" + (f"\n  ... and {more} more" if more > 0 else ""))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_matches_kernel(harness, case: Path, tmp_path: Path):
    scenario = yaml.safe_load(case.read_text())
    kernel_file = tmp_path / "kernel.json"
    replay = (f"case {case.relative_to(REPO_ROOT)}; kernel document: {kernel_file}; "
              f"replay: python tests/conformance/kernel_runner.py {case.relative_to(REPO_ROOT)}")
    _check(harness, scenario, case, kernel_file, replay)


@pytest.mark.parametrize("seed", range(SEQUENCE_COUNT), ids=lambda s: f"seed{s}")
def test_generated_sequence_matches_kernel(harness, seed: int, tmp_path: Path):
    scenario = sequences.generate_scenario(seed)
    scenario_file = tmp_path / f"sequence-{seed}.yaml"
    scenario_file.write_text(yaml.safe_dump(scenario, sort_keys=False, width=1000))
    replay = (f"generated sequence seed {seed}: {scenario_file}; replay: python "
              f"tests/conformance/sequences.py {seed} > s.yaml && python "
              f"tests/conformance/kernel_runner.py s.yaml")
    _check(harness, scenario, scenario_file, tmp_path / "kernel.json", replay)


def _our_mounts() -> list[str]:
    with open("/proc/self/mountinfo") as table:
        return [line for line in table if kernel_sys.HARNESS_PREFIX in line]


def test_no_mount_left_under_the_harness_root(harness):
    """A run that completes and one abandoned half-way (Unsupported after its mounts
    exist) both leave no mount and no run directory behind."""
    many_mounts = yaml.safe_load((HERE / "cases" / "10_binds.yaml").read_text())
    harness.run(many_mounts)
    abandoned = yaml.safe_load((HERE / "cases" / "11_tmpfs.yaml").read_text())
    abandoned["steps"] = abandoned["steps"][:2] + ["docker build -t x ."]
    with pytest.raises(kernel_runner.Unsupported):
        harness.run(abandoned)
    assert kernel_sys.mounts_below(harness.root) == []
    assert _our_mounts() == []
    assert sorted(os.listdir(harness.root)) == ["tools"]
