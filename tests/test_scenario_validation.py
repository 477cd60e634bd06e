"""Invalid scenario files: exit status 2, one clear message naming the file and the key or step."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.errors import ScenarioError
from simulator.run.scenario import load_text

ROOT = Path(__file__).resolve().parent.parent
IMG = "images:\n  app:\n    layers:\n"

BAD = [
    ("malformed YAML", "images: [unclosed\n", "invalid YAML"),
    ("not a mapping", "- a\n- b\n", "a scenario must be a mapping"),
    ("unknown top-level key", "imagez: {}\n", "unknown key 'imagez'"),
    ("relative path", IMG + "      - files: {etc/app.conf: x}\n", "is not absolute"),
    ("non-normalised path", IMG + "      - files: {/etc/../x: x}\n", "is not normalised"),
    ("double slash", IMG + "      - files: {//etc/x: x}\n", "is not normalised"),
    ("a file named twice", IMG + "      - files: {/etc/x: a, /etc/x/: {}}\n", "names /etc/x twice"),
    ("a file under a file", IMG + "      - files: {/etc: a, /etc/x: b}\n", "/etc is not a directory"),
    ("delete with nothing below", IMG + "      - delete: [/etc/x]\n", "not provided by a lower layer"),
    ("opaque with nothing below", IMG + "      - files: {/a: x}\n      - opaque: [/srv]\n", "no lower directory"),
    ("numeric mode", IMG + "      - files: {/x: {content: a, mode: 644}}\n", "octal string"),
    ("bad mode", IMG + "      - files: {/x: {content: a, mode: '0999'}}\n", "octal string"),
    ("unknown entry key", IMG + "      - files: {/x: {contnet: a}}\n", "unknown key 'contnet'"),
    ("content and size", IMG + "      - files: {/x: {content: a, size: 3}}\n", "either content or size"),
    ("negative size", IMG + "      - files: {/x: {size: -1}}\n", "non-negative"),
    ("empty step", "steps: ['']\n", "steps[0]"),
    ("step not text", "steps: [{run: x}]\n", "steps[0]"),
    ("bad platform", "platform: mac\n", "platform"),
    ("upper-case image name", "images:\n  App: {layers: []}\n", "invalid image name"),
    ("host relative path", "host: {home/x: a}\n", "is not absolute"),
]


@pytest.mark.parametrize("name,text,needle", BAD, ids=[b[0] for b in BAD])
def test_invalid_scenarios_raise_a_specific_error(name, text, needle):
    with pytest.raises(ScenarioError) as info:
        load_text(text)
    assert needle in info.value.render()


def test_command_line_exits_2_with_one_message_naming_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(IMG + "      - files: {etc/app.conf: x}\n")
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", str(bad), "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "images.app.layers[0].files" in lines[0]


def test_command_line_exits_2_for_a_missing_file(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", str(tmp_path / "nope.yaml")], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "cannot read the file" in proc.stderr and proc.stdout == ""


def test_a_failing_step_is_recorded_and_the_run_goes_on(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("steps: ['rm /nope', 'echo still here']\n")
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", str(f), "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0
    assert '"exit_code": 1' in proc.stdout and "still here" in proc.stdout
