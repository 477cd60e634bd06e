"""Layer Lab: a simulator of how a Docker container sees its files.

The packages, bottom to top (tests/test_architecture.py enforces the directions): `fs` (the
file-system core), `docker` (engine, images, containers, volumes, mount rules), `shell`, `cli`
(the docker command line), `run` (sessions, scenarios, state documents), `render` (pictures and
narration), `course` (lessons, exercises), `ui` (the Lab). `errors`, `events` and `messages` are
the vocabulary every package shares. README.md ("Layout") has the table.
"""
from simulator.messages import get_language, set_language

__all__ = ["exercises", "get_language", "set_language"]


def __getattr__(name: str):
    """`from simulator import exercises` (the notebooks' first cell): the course's exercises module,
    imported only when asked for, so `import simulator` stays the model alone."""
    if name == "exercises":
        from simulator.course import exercises
        return exercises
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
