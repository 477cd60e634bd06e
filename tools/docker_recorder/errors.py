"""What can stop a recording, each with the exit status `python -m tools.docker_recorder` gives."""
from __future__ import annotations


class RecorderError(Exception):
    """Base class; `exit_status` is what the command line exits with."""

    exit_status = 1


class ScenarioInvalid(RecorderError):
    """The scenario file itself is wrong (names the file and the key or step)."""

    exit_status = 2


class Refused(RecorderError):
    """Something the recorder will not do: a scenario feature it cannot replay on a real
    engine (compose, Windows, ...) or an engine it must not touch (not empty, not local)."""

    exit_status = 3


class EngineError(RecorderError):
    """The engine or the docker CLI failed where it must not (loading images, inspecting)."""

    exit_status = 1
