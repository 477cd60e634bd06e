"""The message catalog: every sentence the diagrams, legends and narration show, by id and language.

Messages live in one YAML file per language beside this module (`en.yaml`, ...), as
`id: "text with {placeholders}"`. A translation is a new file with the same ids and the
same placeholders; an id it lacks falls back to English. No code changes are needed.
"""
from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
FALLBACK = "en"
_default = {"language": FALLBACK}       # the process-wide default; a Catalog never changes it


class MessageError(LookupError):
    """An unknown message id or language, or a placeholder the caller did not give."""


def available_languages() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.yaml"))


@lru_cache(maxsize=None)
def load_messages(language: str) -> dict:
    """The messages of one language file (read once; the dict is shared, never changed)."""
    path = HERE / f"{language}.yaml"
    if not path.exists():
        raise MessageError(f"no message catalog for language {language!r} "
                           f"(available: {', '.join(available_languages())})")
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    bad = [k for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise MessageError(f"{path.name}: message {bad[0]!r} must map an id to text")
    return data


def placeholders(text: str) -> set[str]:
    """The {field} names a message uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Catalog:
    """Messages of one language, falling back to English for ids it lacks."""

    def __init__(self, language: str | None = None):
        self.language = language or _default["language"]
        self.messages = load_messages(self.language)
        self.fallback = load_messages(FALLBACK)

    def has(self, msg_id: str) -> bool:
        return msg_id in self.messages or msg_id in self.fallback

    def text(self, msg_id: str) -> str:
        """The raw message, placeholders unfilled."""
        text = self.messages.get(msg_id)
        if text is None:
            text = self.fallback.get(msg_id)
        if text is None:
            raise MessageError(f"unknown message id {msg_id!r}")
        return text

    def t(self, msg_id: str, **fields) -> str:
        """The message with its placeholders filled. An int `count` picks the `.one` form
        when it is 1 and this language has one, and is written with thousands separators."""
        count = fields.get("count")
        if type(count) is int:
            one = msg_id + ".one"
            if count == 1 and (one in self.messages or (msg_id not in self.messages and one in self.fallback)):
                msg_id = one
            fields["count"] = f"{count:,}"
        text = self.text(msg_id)
        missing = placeholders(text) - set(fields)
        if missing:
            raise MessageError(f"message {msg_id!r} needs {', '.join(sorted(missing))} "
                               f"(given: {', '.join(sorted(fields)) or 'nothing'})")
        return text.format(**fields)

    def __repr__(self) -> str:
        return f"Catalog({self.language!r})"


def set_default_language(language: str) -> None:
    """The language a Catalog() made without one uses (a process-wide setting)."""
    load_messages(language)          # fails now, with the choices, if there is no such file
    _default["language"] = language


def default_language() -> str:
    return _default["language"]


def catalog(language: str | None = None) -> Catalog:
    return Catalog(language)


def t(msg_id: str, language: str | None = None, **fields) -> str:
    return Catalog(language).t(msg_id, **fields)
