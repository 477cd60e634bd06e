"""The message catalog: every sentence the diagrams, legends and narration show, by id and language.

Messages live in one YAML file per language beside this module (`en.yaml`, ...), as
`id: "text with {placeholders}"`. A translation is a new file with the same ids and the
same placeholders; an id it lacks falls back to English. No code changes are needed.

The language of a `Catalog()` made without one is the process's: the one `set_language`
chose (a notebook's first cell), else the one the environment asks for (`LANG=ko_KR.UTF-8`),
else English.
"""
from __future__ import annotations

import os
import string
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.messages.particles import attach, is_particle

HERE = Path(__file__).parent
FALLBACK = "en"
# gettext's order: LC_ALL, then LC_MESSAGES, then LANG name the locale of messages; when that
# locale is not C/POSIX, LANGUAGE (a list such as "ko:en") takes precedence over it
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_chosen = {"language": None}            # set_language's choice; None: ask the environment


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


class _Formatter(string.Formatter):
    """str.format, and a Korean particle as a format spec: "{path:을}" is the path followed by 을 or
    를, whichever its last sound takes (simulator.messages.particles)."""

    def format_field(self, value, format_spec):
        if format_spec and is_particle(format_spec):
            return attach(format(value, ""), format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


class Catalog:
    """Messages of one language, falling back to English for ids it lacks."""

    def __init__(self, language: str | None = None):
        self.language = language_code(language) if language else get_language()
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
        return _FORMATTER.vformat(text, (), fields)

    def __repr__(self) -> str:
        return f"Catalog({self.language!r})"


def language_code(name: str) -> str:
    """A language or locale name as a catalog's name: "ko_KR.UTF-8", "ko-KR" and "KO" -> "ko"."""
    return name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def environment_language(environ=None) -> str:
    """The language the environment asks for, among those with a catalog (English if none)."""
    env = os.environ if environ is None else environ
    locale = next((env[v] for v in LOCALE_VARIABLES if env.get(v)), "")
    if locale in ("", "C", "POSIX") or locale.startswith("C."):
        wanted = []
    else:
        wanted = [part for part in env.get("LANGUAGE", "").split(":") if part] + [locale]
    known = available_languages()
    return next((code for code in map(language_code, wanted) if code in known), FALLBACK)


def set_language(language: str | None) -> None:
    """Every catalog string from now on in `language` ("ko", "en", or a locale name such
    as "ko_KR.UTF-8"): narration, diagrams, text twins, explanations, exercise feedback.
    A process-wide setting (a Catalog made with a language keeps its own); None goes back
    to the environment's language."""
    if language is None:
        _chosen["language"] = None
        return
    if not isinstance(language, str) or not language.strip():
        raise MessageError(f"a language is a name such as 'ko' or 'en', not {language!r} "
                           f"(available: {', '.join(available_languages())})")
    code = language_code(language.strip())
    load_messages(code)              # fails now, with the choices, if there is no such file
    _chosen["language"] = code


def get_language() -> str:
    """The language a Catalog() made without one uses: set_language's choice, else the
    environment's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    return _chosen["language"] or environment_language()


# the names this module had before set_language; same meaning
set_default_language = set_language
default_language = get_language


def catalog(language: str | None = None) -> Catalog:
    return Catalog(language)


def t(msg_id: str, language: str | None = None, **fields) -> str:
    return Catalog(language).t(msg_id, **fields)


__all__ = ["FALLBACK", "Catalog", "MessageError", "available_languages", "catalog", "default_language",
           "environment_language", "get_language", "language_code", "load_messages", "placeholders", "set_default_language",
           "set_language", "t"]
