"""The lab's words: every label and sentence a learner reads, by message id (`lab.*`), through
the project's message catalog (simulator/messages), so a translation covers the lab too."""
from __future__ import annotations

from ..messages import Catalog


def t(msg_id: str, **fields) -> str:
    """The message in the process's language (simulator.set_language), as Catalog.t gives it:
    an int `count` picks the `.one` form when it is 1."""
    return Catalog().t(msg_id, **fields)
