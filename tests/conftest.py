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
