"""The Dockerfile as BuildKit 0.13 reads it: instructions with their line numbers (continuations,
comments), the exec (JSON) and shell forms, COPY's and ENV's arguments, and the parse errors with
BuildKit's words. What a build does with the instructions is in simulator.cli.build."""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

from simulator.fs import paths

INSTRUCTIONS = ("FROM", "RUN", "COPY", "WORKDIR", "VOLUME", "USER", "CMD", "ENV")
# Instructions of the Dockerfile reference the simulator does not run: an error, never ignored.
NOT_MODELLED = ("ADD", "ARG", "ENTRYPOINT", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
                "SHELL", "MAINTAINER")

@dataclass(frozen=True)
class Instruction:
    keyword: str          # upper case
    args: str             # the text after the keyword (continuations joined)
    line: int             # 1-based line of the keyword in the Dockerfile

    @property
    def text(self) -> str:
        return f"{self.keyword} {self.args}"


class BuildFailed(Exception):
    """A build error: `vertex` is the step that failed (or None), `message` BuildKit's text."""

    def __init__(self, message: str, line: int | None = None, vertex_error: str | None = None,
                 logs: tuple = (), title: str | None = None):
        super().__init__(message)
        self.message, self.line, self.vertex_error, self.logs = message, line, vertex_error, logs
        self.title = title          # the failing vertex as BuildKit names it, e.g. "[2/3] RUN ls"


# ---- the Dockerfile ---------------------------------------------------------------------------
def parse_dockerfile(text: str) -> list[Instruction]:
    """Instructions with their line numbers: comments and blank lines skipped, a trailing
    backslash continues the instruction on the next line."""
    out: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    if pending.strip():
        keyword, _, args = pending.strip().partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    for ins in out:
        if ins.keyword not in INSTRUCTIONS and ins.keyword not in NOT_MODELLED:
            hint = _suggest(ins.keyword)
            raise BuildFailed(f"dockerfile parse error on line {ins.line}: unknown instruction: "
                              f"{ins.keyword}" + (f" (did you mean {hint}?)" if hint else ""), ins.line)
        if ins.keyword in NOT_MODELLED:
            raise BuildFailed(f"the simulator does not model the {ins.keyword} instruction "
                              f"(it runs {', '.join(INSTRUCTIONS)})", ins.line)
        if not ins.args and ins.keyword != "CMD":
            raise BuildFailed(f"dockerfile parse error on line {ins.line}: {ins.keyword} requires "
                              "at least one argument", ins.line)
    if not out or out[0].keyword != "FROM":
        line = out[0].line if out else 1
        raise BuildFailed("dockerfile parse error on line %d: no build stage in current context" % line
                          if out else "the Dockerfile cannot be empty", line)
    if sum(1 for ins in out if ins.keyword == "FROM") > 1:
        second = [ins for ins in out if ins.keyword == "FROM"][1]
        raise BuildFailed("the simulator builds one stage: a second FROM is not modelled", second.line)
    return out


def _suggest(word: str) -> str | None:
    """BuildKit's "did you mean" for an unknown instruction: the closest known one."""
    def distance(a: str, b: str) -> int:
        row = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            prev, row[0] = row[0], i
            for j, cb in enumerate(b, 1):
                prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        return row[-1]
    best = min(INSTRUCTIONS + NOT_MODELLED, key=lambda k: (distance(word, k), k))
    return best if distance(word, best) <= 2 else None


def json_args(text: str) -> list[str] | None:
    """The exec (JSON array) form of CMD, RUN, VOLUME and COPY, or None for the shell form."""
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def go_quoted_list(items) -> str:
    """How BuildKit writes a list in a history row: Go's %q of each item, in brackets."""
    return "[" + " ".join(json.dumps(i) for i in items) + "]"


def context_path(src: str) -> str:
    """A COPY source inside the build context, which is the simulated host's /."""
    return paths.normalise("/" + src.lstrip("/"))


def copy_arguments(ins: Instruction, title: str = ""):
    """(options, sources, destination) of a COPY line (shell or JSON form)."""
    words = json_args(ins.args)
    if words is None:
        words = shlex.split(ins.args)
    options = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        if key != "chown":
            raise BuildFailed(f"the simulator does not model COPY --{key}", ins.line, None, (), title)
        options[key] = value
    if len(words) < 2:
        raise BuildFailed(f"dockerfile parse error on line {ins.line}: COPY requires at least two arguments, "
                          f"but only one was provided. Destination could not be determined", ins.line)
    return options, words[:-1], words[-1]


def env_pairs(text: str) -> list[tuple[str, str]]:
    """ENV K=V [K2=V2 ...] or the old form ENV K V."""
    words = shlex.split(text)
    if words and "=" not in words[0]:
        return [(words[0], text.split(None, 1)[1] if len(words) > 1 else "")]
    return [tuple(w.split("=", 1)) for w in words]
