"""Guided controls as data: each action, what it needs, and the exact command line it stands for.

A click runs the command this module writes, through the same timeline as a typed command, so
the student sees (and can copy) the real docker or shell syntax for every click.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from simulator.ui.words import t

HOST = "host"                     # the guided target that is the simulated host, not a container


class GuidedError(ValueError):
    """A guided action that cannot be written as a command (unknown action, missing path, ...);
    its message is for the learner, from the message catalog."""

    def __init__(self, msg_id: str, **fields):
        super().__init__(t(msg_id, **fields))
        self.msg_id = msg_id


@dataclass(frozen=True)
class Action:
    name: str
    path: bool                    # needs a path
    arg: str = ""                 # its one argument ("" for none): text, to, mode, volume, source, image
    arg_default: str = ""         # data the control starts with ("" : from the catalog, lab.default.NAME)
    host: bool = True             # also works on the host
    new_container: bool = False   # starts a new container (mounts are set at creation)

    @property
    def label(self) -> str:
        return t(f"lab.action.{self.name}")

    @property
    def arg_label(self) -> str:
        return t(f"lab.arg.{self.arg}") if self.arg else ""

    def default(self) -> str:
        """What the argument box starts with (the text for write and append is words, so translated)."""
        if self.name in ("write", "append"):
            return t(f"lab.default.{self.name}")
        return self.arg_default


ACTIONS = {a.name: a for a in (
    Action("write", True, "text"),
    Action("append", True, "text"),
    Action("delete", True),
    Action("mkdir", True),
    Action("rename", True, "to"),
    Action("chmod", True, "mode", "600"),
    Action("mount-volume", True, "volume", "data", host=False, new_container=True),
    Action("mount-bind", True, "source", "/home/student/site", host=False, new_container=True),
    Action("mount-tmpfs", True, host=False, new_container=True),
    Action("run", False, host=False, new_container=True),
    Action("start", False, host=False),
    Action("stop", False, host=False),
    Action("rm", False, host=False),
    Action("commit", False, "image", "snapshot", host=False),
)}

# words a shell passes through unquoted (a conservative set: no globs, no expansions)
_PLAIN = re.compile(r"^[A-Za-z0-9_./=:@%+,-]+$")
_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")     # Docker's container and volume names


def _double(text: str) -> str:
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def quote_word(text: str) -> str:
    """One shell word, quoted the way a person would write it: bare, else in double quotes (no
    single quote, so the word also fits in `sh -c '...'`), else 'single' (a `!` would start
    history expansion in an interactive bash between double quotes)."""
    if _PLAIN.match(text):
        return text
    if "!" not in text:
        return _double(text)
    if "'" not in text:
        return f"'{text}'"
    return shlex.quote(text)


def quote_script(script: str) -> str:
    """The argument of `sh -c`: in single quotes when it has none itself, else in double quotes
    when nothing in it would expand there."""
    if "'" not in script:
        return f"'{script}'"
    if not any(c in script for c in "!$`"):
        return _double(script)
    return shlex.quote(script)


def _check_path(action: Action, path: str, kind: str = "path") -> str:
    """`kind`: path (the target's), new-path (rename's) or host-path (a bind's source)."""
    if not isinstance(path, str) or not path:
        raise GuidedError(f"lab.guided.no-{kind}", action=action.name)
    if not path.startswith("/"):
        raise GuidedError(f"lab.guided.relative-{kind}", action=action.name, path=repr(path))
    _one_line(action, path)
    return path


def _one_line(action: Action, value: str) -> str:
    if any(c in value for c in "\n\r\0"):
        raise GuidedError("lab.guided.one-line", action=action.name)
    return value


def file_script(action: Action, path: str, arg: str, is_dir: bool) -> str:
    """The shell command line of a file action (run as is on the host, or by `sh -c` in a container)."""
    p = quote_word(path)
    if action.name in ("write", "append"):
        return f"echo {quote_word(_one_line(action, arg))} {'>' if action.name == 'write' else '>>'} {p}"
    if action.name == "delete":
        return f"rm -r {p}" if is_dir else f"rm {p}"
    if action.name == "mkdir":
        return f"mkdir {p}"
    if action.name == "rename":
        return f"mv {p} {quote_word(_check_path(action, arg, 'new-path'))}"
    if action.name == "chmod":
        if not arg:
            raise GuidedError("lab.guided.no-mode")
        return f"chmod {quote_word(_one_line(action, arg))} {p}"
    raise ValueError(f"{action.name} is not a file action (allowed: write, append, delete, mkdir, rename, chmod)")


def guided_command(action: str, target: str, path: str = "", *, arg: str = "", name: str = "",
                   image: str = "", is_dir: bool = False) -> str:
    """The command line a guided control runs.

    `target` is a container name or HOST; `arg` is the action's one argument (text, new path,
    mode, volume name, host path, image name); `name` and `image` are the new container's, for
    the actions that start one; `is_dir` picks `rm -r` for a directory.
    """
    if action not in ACTIONS:
        raise GuidedError("lab.guided.unknown-action", action=repr(action), allowed=", ".join(ACTIONS))
    a = ACTIONS[action]
    if not target:
        raise GuidedError("lab.guided.no-target", action=action)
    if target == HOST and not a.host:
        raise GuidedError("lab.guided.container-only", action=action)
    if target != HOST and not _NAME.match(target):
        raise GuidedError("lab.guided.bad-container", name=repr(target))
    if a.path:
        _check_path(a, path)
    if a.new_container:
        return _run_command(a, path, arg, name, image)
    if a.name in ("start", "stop", "rm"):
        return f"docker {a.name} {target}"
    if a.name == "commit":
        if not arg or not re.match(r"^[a-z0-9][a-z0-9_.-]*(:[\w.-]+)?$", arg):
            raise GuidedError("lab.guided.bad-image", name=repr(arg))
        return f"docker commit {target} {arg}"
    if a.name in ("write", "append") and is_dir:
        raise GuidedError("lab.guided.is-dir", action=a.label, path=path)
    script = file_script(a, path, arg, is_dir)
    if target == HOST:
        return script
    if a.name in ("delete", "mkdir", "rename", "chmod"):
        return f"docker exec {target} {script}"        # no redirection: no shell needed
    return f"docker exec {target} sh -c {quote_script(script)}"


def _run_command(a: Action, path: str, arg: str, name: str, image: str) -> str:
    if not name or not _NAME.match(name):
        raise GuidedError("lab.guided.no-name", name=repr(name))
    if not image:
        raise GuidedError("lab.guided.no-image")
    flags = ""
    if a.name == "mount-volume":
        if not arg or not _NAME.match(arg):
            raise GuidedError("lab.guided.bad-volume", name=repr(arg))
        flags = f" -v {arg}:{quote_word(path)}"
    elif a.name == "mount-bind":
        _check_path(a, arg, "host-path")
        flags = f" -v {quote_word(arg + ':' + path)}"
    elif a.name == "mount-tmpfs":
        flags = f" --tmpfs {quote_word(path)}"
    return f"docker run -d --name {name}{flags} {image}"
