"""Guided controls as data: each action, what it needs, and the exact command line it stands for.

A click runs the command this module writes, through the same timeline as a typed command, so
the student sees (and can copy) the real docker or shell syntax for every click.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

HOST = "host"                     # the guided target that is the simulated host, not a container


class GuidedError(ValueError):
    """A guided action that cannot be written as a command (unknown action, missing path, ...)."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str                    # what the control says
    path: bool                    # needs a path
    arg: str = ""                 # the name of its one argument ("" for none)
    arg_label: str = ""
    arg_default: str = ""
    host: bool = True             # also works on the host
    new_container: bool = False   # starts a new container (mounts are set at creation)


ACTIONS = {a.name: a for a in (
    Action("write", "write (replace the text)", True, "text", "text", "hello"),
    Action("append", "append a line", True, "text", "text", "one more line"),
    Action("delete", "delete", True),
    Action("mkdir", "make a directory", True),
    Action("rename", "rename / move", True, "to", "new path", ""),
    Action("chmod", "change mode", True, "mode", "mode", "600"),
    Action("mount-volume", "new container + volume here", True, "source", "volume name", "data",
           host=False, new_container=True),
    Action("mount-bind", "new container + bind mount here", True, "source", "host path", "/home/student/site",
           host=False, new_container=True),
    Action("mount-tmpfs", "new container + tmpfs here", True, host=False, new_container=True),
    Action("run", "new container", False, host=False, new_container=True),
    Action("start", "docker start", False, host=False),
    Action("stop", "docker stop", False, host=False),
    Action("rm", "docker rm", False, host=False),
    Action("commit", "docker commit", False, "image", "new image name", "snapshot", host=False),
)}

# words a shell passes through unquoted (a conservative set: no globs, no expansions)
_PLAIN = re.compile(r"^[A-Za-z0-9_./=:@%+,-]+$")
_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")     # Docker's container and volume names


def quote_word(text: str) -> str:
    """One shell word, quoted the way a person would write it: bare, "double" or 'single'."""
    if _PLAIN.match(text):
        return text
    if not any(c in text for c in "\"$`\\!'"):
        return f'"{text}"'
    return shlex.quote(text)


def quote_script(script: str) -> str:
    """The argument of `sh -c`: in single quotes when it has none itself."""
    if "'" not in script:
        return f"'{script}'"
    return shlex.quote(script)


def _check_path(action: Action, path: str, what: str = "path") -> str:
    if not isinstance(path, str) or not path:
        raise GuidedError(f"{action.name} needs a {what}: pick one in the tree or type it")
    if not path.startswith("/"):
        raise GuidedError(f"{action.name} needs an absolute {what} (starting with /), not {path!r}")
    if any(c in path for c in "\n\r\0"):
        raise GuidedError(f"a {what} must be one line")
    return path


def _one_line(action: Action, value: str) -> str:
    if any(c in value for c in "\n\r\0"):
        raise GuidedError(f"the {action.arg_label} for {action.name} must be one line")
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
        return f"mv {p} {quote_word(_check_path(action, arg, 'new path'))}"
    if action.name == "chmod":
        if not arg:
            raise GuidedError("chmod needs a mode, like 600 or u+x")
        return f"chmod {quote_word(_one_line(action, arg))} {p}"
    raise GuidedError(f"{action.name} is not a file action")


def guided_command(action: str, target: str, path: str = "", *, arg: str = "", name: str = "",
                   image: str = "", is_dir: bool = False) -> str:
    """The command line a guided control runs.

    `target` is a container name or HOST; `arg` is the action's one argument (text, new path,
    mode, volume name, host path, image name); `name` and `image` are the new container's, for
    the actions that start one; `is_dir` picks `rm -r` for a directory.
    """
    if action not in ACTIONS:
        raise GuidedError(f"unknown action {action!r} (allowed: {', '.join(ACTIONS)})")
    a = ACTIONS[action]
    if not target:
        raise GuidedError(f"{action} needs a target: a container or the host")
    if target == HOST and not a.host:
        raise GuidedError(f"{action} works on a container, not on the host: pick a container")
    if target != HOST and not _NAME.match(target):
        raise GuidedError(f"invalid container name {target!r}")
    if a.path:
        _check_path(a, path)
    if a.new_container:
        return _run_command(a, path, arg, name, image)
    if a.name in ("start", "stop", "rm"):
        return f"docker {a.name} {target}"
    if a.name == "commit":
        if not arg or not re.match(r"^[a-z0-9][a-z0-9_.-]*(:[\w.-]+)?$", arg):
            raise GuidedError(f"invalid image name {arg!r}: use lowercase letters, digits, '.', '_', '-'")
        return f"docker commit {target} {arg}"
    script = file_script(a, path, arg, is_dir)
    if target == HOST:
        return script
    if a.name in ("delete", "mkdir", "rename", "chmod"):
        return f"docker exec {target} {script}"        # no redirection: no shell needed
    return f"docker exec {target} sh -c {quote_script(script)}"


def _run_command(a: Action, path: str, arg: str, name: str, image: str) -> str:
    if not name or not _NAME.match(name):
        raise GuidedError(f"the new container needs a name (letters, digits, '_', '.', '-'), not {name!r}")
    if not image:
        raise GuidedError("the new container needs an image")
    flags = ""
    if a.name == "mount-volume":
        if not arg or not _NAME.match(arg):
            raise GuidedError(f"invalid volume name {arg!r}: use letters, digits, '_', '.', '-'")
        flags = f" -v {arg}:{quote_word(path)}"
    elif a.name == "mount-bind":
        _check_path(a, arg, "host path")
        flags = f" -v {quote_word(arg + ':' + path)}"
    elif a.name == "mount-tmpfs":
        flags = f" --tmpfs {quote_word(path)}"
    return f"docker run -d --name {name}{flags} {image}"
