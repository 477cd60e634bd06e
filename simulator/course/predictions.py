"""'Predict, then check' answers: what a command prints, whether it succeeds, or where a container sees a
path from; each compared with what the model does, forgiving only spelling that does not matter.

    {ask: output, command: "docker exec web ls /srv/www", match: words}
    {ask: succeeds, command: "docker volume rm shared"}
    {ask: layer, command: "docker exec web chmod 600 /opt/big.bin", container: web, path: /opt/big.bin}
"""
from __future__ import annotations

import re

ASKS = ("output", "succeeds", "layer")
MATCHES = ("words", "set", "exact")
QUESTION_KEYS = {"ask", "command", "container", "path", "match"}
YES = {"yes", "y", "true", "succeeds", "works", "ok"}
NO = {"no", "n", "false", "fails", "error", "fail"}
UPPER = {"upper", "writable", "writable layer", "the writable layer", "container layer", "upperdir",
         "upper layer", "rw layer"}
NOTHING = {"none", "nothing", "not seen", "nowhere", "-"}
LAYER = re.compile(r"^([a-z0-9][a-z0-9_.-]*)@(\d+)$")


class QuestionError(ValueError):
    """A predict question that cannot be asked: the message names the key and the allowed values."""


def check_question(q) -> None:
    if not isinstance(q, dict):
        raise QuestionError("question must be a mapping with ask, command, ...")
    unknown = set(q) - QUESTION_KEYS
    if unknown:
        raise QuestionError(f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(QUESTION_KEYS))})")
    if q.get("ask") not in ASKS:
        raise QuestionError(f"ask must be one of {', '.join(ASKS)}, not {q.get('ask')!r}")
    if q["ask"] in ("output", "succeeds") and not isinstance(q.get("command"), str):
        raise QuestionError(f"a question that asks {q['ask']} needs the command")
    if q["ask"] == "layer":
        if not isinstance(q.get("container"), str) or not str(q.get("path", "")).startswith("/"):
            raise QuestionError("a layer question needs a container and an absolute path")
    if q.get("match", "words") not in MATCHES:
        raise QuestionError(f"match must be one of {', '.join(MATCHES)}, not {q.get('match')!r}")


def unanswered(answer) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def as_text(answer) -> str:
    """An answer given as lines (a list) or text, as text."""
    if isinstance(answer, (list, tuple)):
        return "\n".join(str(a) for a in answer)
    return str(answer)


def same_output(answer, actual: str, match: str = "words") -> bool:
    """`words`: the same words in the same order, however spaced or split into lines; `set`: the same
    words in any order; `exact`: the same lines (trailing spaces and final blank lines aside)."""
    said = as_text(answer)
    if match == "words":
        return said.split() == actual.split()
    if match == "set":
        return sorted(said.split()) == sorted(actual.split())
    lines = lambda text: [line.rstrip() for line in text.rstrip("\n").split("\n")]
    return lines(said) == lines(actual)


def yes_no(answer) -> bool | None:
    """True, False, or None when the answer is neither."""
    if isinstance(answer, bool):
        return answer
    word = as_text(answer).strip().lower().rstrip(".!")
    return True if word in YES else False if word in NO else None


def place(answer, image_names=()) -> str | None:
    """A place label (upper, tmpfs, volume:NAME, bind:/PATH, IMAGE@N, "" for nothing), or None when the
    answer names no place. "volume data", "bind /x", "app layer 1" and "the writable layer" are understood."""
    text = " ".join(as_text(answer).strip().split())
    low = text.lower().rstrip(".")
    if low in UPPER:
        return "upper"
    if low in NOTHING:
        return ""
    if low in ("tmpfs", "a tmpfs", "memory"):
        return "tmpfs"
    for kind in ("volume", "bind"):
        for sep in (":", " "):
            if low.startswith(kind + sep):
                rest = text[len(kind) + 1:].strip()
                return f"{kind}:{rest}" if rest else None
    m = LAYER.match(low)
    if m:
        return low
    m = re.match(r"^(?:image )?(?:([a-z0-9][a-z0-9_.-]*) )?layer (\d+)$", low)
    if m and (m.group(1) or len(image_names) == 1):
        return f"{m.group(1) or image_names[0]}@{m.group(2)}"
    return None
