"""The lab's words: every label and sentence a learner reads, by message id (`lab.*`), through
the project's message catalog (simulator/messages), so a translation covers the lab too.

A lab may speak its own language (the language switch): while `speaking(language)` is in force,
`t` and `catalog()` use that language instead of the process's (simulator.set_language)."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from simulator.messages import Catalog, available_languages, language_code

# the languages the switch offers, each named in itself (as language menus do)
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
_speaking: ContextVar = ContextVar("lab_language", default=None)


def catalog() -> Catalog:
    """The catalog of the language in force: the lab's, else the process's."""
    return Catalog(_speaking.get())


def t(msg_id: str, **fields) -> str:
    """The message in the language in force (the lab's, else the process's), as Catalog.t gives
    it: an int `count` picks the `.one` form when it is 1."""
    return catalog().t(msg_id, **fields)


@contextmanager
def speaking(language: str | None):
    """Within the block, `t` and `catalog()` use `language` (None: the process's language)."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def languages() -> list[tuple[str, str]]:
    """(name, code) of each language with a catalog, for the language switch."""
    return [(LANGUAGE_NAMES.get(code, code), code) for code in available_languages()]


def known_language(language: str) -> str | None:
    """The catalog code of `language` ("ko_KR.UTF-8" -> "ko"), or None when there is no catalog."""
    code = language_code(language) if isinstance(language, str) and language else ""
    return code if code in available_languages() else None
