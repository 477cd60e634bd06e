"""The Lab's sessions as scenario files: what a lab starts from, and the YAML it saves."""
from __future__ import annotations

from pathlib import Path

import yaml

from simulator.course import scenario_path
from simulator.run import Scenario, load_file
from simulator.ui.playground import default_scenario


class ScenarioDumper(yaml.SafeDumper):
    """Writes file text as the course files do: "port=80\\n" on one line, not a folded block."""


def _text(dumper, value: str):
    style = '"' if "\n" in value and len(value) <= 200 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


ScenarioDumper.add_representer(str, _text)


def as_scenario(scenario) -> Scenario:
    """A Scenario from a Scenario, a file path, a shipped course scenario's name ("01-copy-up"), or None
    (the playground)."""
    if scenario is None:
        return default_scenario()
    if isinstance(scenario, Scenario):
        return scenario
    text = str(scenario)
    if not Path(text).exists() and "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml", ".json")):
        return load_file(str(scenario_path(text)))
    return load_file(text)


def dump(data: dict) -> str:
    """A scenario dict (Timeline.as_scenario()) as YAML, keys in the file's own order."""
    return yaml.dump(data, Dumper=ScenarioDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
