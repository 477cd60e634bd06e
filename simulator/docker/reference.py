"""Image names as Docker checks them (distribution/reference's grammar, regexp.go).

    name             := [domain '/'] path-component ['/' path-component]*
    domain           := domain-component ['.' domain-component]* [':' port-number]
    domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    path-component   := alpha-numeric [separator alpha-numeric]*
    alpha-numeric    := /[a-z0-9]+/
    separator        := /[_.]|__|[-]+/

A name is at most 255 characters (NameTotalLengthMax). The simulator's images carry the
implicit tag `latest`, so a scenario's image name has no `:tag` and no `@digest`.
"""
from __future__ import annotations

import re

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + r"(?:" + _SEPARATOR + _ALNUM + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*(?::[0-9]+)?"
NAME = re.compile(r"(?:" + _DOMAIN + r"/)?" + _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*\Z")
NAME_TOTAL_LENGTH_MAX = 255


def name_problem(name) -> str | None:
    """Why NAME is not an image name Docker accepts (reference.ParseNormalizedNamed's
    words), or None."""
    if not isinstance(name, str) or not name:
        return "invalid reference format"
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        return f"invalid reference format: repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
    if ":" in name.rpartition("/")[2] or "@" in name:
        return "a scenario's image name has no tag or digest (the tag is always latest)"
    if NAME.match(name):
        return None
    if NAME.match(name.lower()):
        return "invalid reference format: repository name must be lowercase"
    return "invalid reference format"
