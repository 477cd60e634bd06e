"""Shared test options: `--update-goldens` rewrites golden files instead of comparing with them."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="write the current output as the new golden files")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


def pytest_configure(config):
    # The tests expect English messages whatever the locale of the machine running them: for
    # this process and the ones it starts (the CLI, notebook kernels), gettext's LANGUAGE picks
    # English over a Korean LANG. Tests of other languages set theirs explicitly.
    os.environ["LANGUAGE"] = "en"
    # A golden that is rewritten in CI would make every golden test pass: refuse it.
    if config.getoption("--update-goldens") and os.environ.get("CI"):
        raise pytest.UsageError("--update-goldens must not be used in CI")


# The slow groups, marked by where they are, so `./test -m "not slow"` is the quick loop and
# `-m notebooks` (browser, kernel, recordings) runs one group. A test may add `slow` itself.
GROUPS = {
    "test_notebooks.py": "notebooks",
    "browser": "browser",
    "conformance": "kernel",
    "test_docker_recordings.py": "recordings",
    "test_docker_recorder.py": "recordings",
}
# the tests in those places that are quick (no kernel, browser or engine run): they stay in the loop
QUICK = ("test_one_notebook_per_topic", "test_committed_with_outputs", "test_every_picture_has_its_text_twin",
         "test_code_cells_are_language_neutral", "test_translations_keep_the_code_cells",
         "test_every_exercise_is_in_a_notebook", "test_a_lesson_runs", "test_a_picture_is_the_last_change",
         "test_why_and_volume_of", "test_scenarios_by_name_or_path")


def group_of(path) -> str | None:
    parts = path.parts[path.parts.index("tests") + 1:] if "tests" in path.parts else path.parts
    return next((GROUPS[p] for p in parts if p in GROUPS), None)


def pytest_collection_modifyitems(config, items):
    for item in items:
        group = group_of(item.path)
        if group is None:
            continue
        item.add_marker(getattr(pytest.mark, group))
        if not item.name.startswith(QUICK):
            item.add_marker(pytest.mark.slow)
