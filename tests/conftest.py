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


# other tests that take seconds (a new Python process, a real BusyBox, thousands of generated
# inputs), measured with `--durations`: they run in the full suite, not in the quick loop
SLOW_MODULES = ("test_app.py", "test_tools_differential.py", "test_shell_differential.py")
SLOW_TESTS = ("test_output_is_bounded", "test_size_parsers_raise_only_value_errors",
              "test_image_load_lists_and_image_save_writes_an_archive_docker_loads",
              "test_command_line_json_is_deterministic_across_processes", "test_show_in_korean_keeps_docker_output_english",
              "test_lang_picks_korean_in_a_fresh_process", "test_an_unknown_lang_is_a_usage_error",
              "test_same_bytes_whatever_the_hash_seed", "test_node_count_has_a_ceiling", "test_draw_writes_svg_and_png",
              "test_draw_errors_name_the_choices", "test_the_catalog_adds_nothing_to_import_time",
              "test_a_command_that_never_ends_is_stopped_by_its_budget", "test_every_command_has_its_own_budget",
              "test_command_line_exits_2", "test_a_catalog_image_round_trips_with_its_sizes",
              "test_importing_the_model", "test_importing_the_renderer", "test_run_and_json_are_unchanged",
              "test_show_narrates_each_step")


def group_of(path) -> str | None:
    parts = path.parts[path.parts.index("tests") + 1:] if "tests" in path.parts else path.parts
    return next((GROUPS[p] for p in parts if p in GROUPS), None)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_MODULES or item.name.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
        group = group_of(item.path)
        if group is None:
            continue
        item.add_marker(getattr(pytest.mark, group))
        if not item.name.startswith(QUICK):
            item.add_marker(pytest.mark.slow)
