"""BusyBox's own testsuite (1_35_0 testsuite/*.tests and testsuite/APPLET/*), ported as data
in busybox_cases/*.yaml, run through the simulated shell.

Each new-style case is `testing NAME COMMAND EXPECTED INPUT STDIN`: the files the case had
around it, INPUT as the file `input`, STDIN piped into COMMAND. The simulator must print
what Debian's busybox-static 1.35.0 printed (`busybox_1_35_debian` where that differs
from upstream's EXPECTED) and exit as it did. Old-style cases are scripts run with
`sh -e` that pass when they exit 0. A case marked `not_modelled` says why it is left out.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shell_helpers import host
from simulator.shell import Process, run_script

HERE = Path(__file__).parent / "busybox_cases"
ROOT = "/t"


def _load(name: str) -> list:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["cases"]


def _new_style():
    for path in sorted(HERE.glob("*.yaml")):
        if path.name == "old_style.yaml":
            continue
        for i, case in enumerate(_load(path.name)):
            marks = [pytest.mark.skip(reason=case["not_modelled"])] if "not_modelled" in case else []
            yield pytest.param(case, id=f"{path.stem}-{i:03d}-{case['name']}", marks=marks)


def _old_style():
    if not (HERE / "old_style.yaml").exists():
        return
    for case in _load("old_style.yaml"):
        marks = [pytest.mark.skip(reason=case["not_modelled"])] if "not_modelled" in case else []
        yield pytest.param(case, id=case["name"], marks=marks)


def _run(script: str, files: dict, stdin: str = "") -> tuple[str, str, int]:
    tree = {ROOT: "/"} | {f"{ROOT}/{k}": v for k, v in files.items()}
    ns = host(tree)
    proc = Process(ns, cwd=ROOT, env={"PATH": "/bin", "HOME": ROOT, "ECHO": "echo"}, stdin=stdin)
    rc = run_script(script, proc)
    return proc.stdout, proc.stderr, rc


@pytest.mark.parametrize("case", list(_new_style()))
def test_busybox_testsuite_case(case):
    files = dict(case.get("files") or {})
    files["input"] = case.get("input", "")
    files["expected"] = case["expected"]
    out, err, rc = _run(case["command"], files, case.get("stdin", ""))
    want = case.get("busybox_1_35_debian", case["expected"])
    assert out == want, f"stdout (stderr: {err!r})"
    assert rc == case["exit"], f"exit status (stderr: {err!r})"


@pytest.mark.parametrize("case", list(_old_style()))
def test_busybox_old_style_case(case):
    out, err, rc = _run("set -e\n" + case["script"], {}, "")
    assert rc == case["exit"], f"exit status; stdout {out!r} stderr {err!r}"
