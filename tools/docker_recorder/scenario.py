"""A scenario file (shared/spec/scenarios.md section 2) read into frozen values, checked as it is read."""
from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field

import yaml

from .errors import Refused, ScenarioInvalid

TOP_KEYS = {"title", "seed", "platform", "images", "dockerfiles", "host", "compose", "steps"}
IMAGE_KEYS = {"layers", "volumes", "cmd", "workdir", "user", "env"}
LAYER_KEYS = {"created_by", "files", "delete", "opaque"}
ENTRY_KEYS = {"type", "content", "mode", "uid", "gid", "size", "symlink", "hardlink"}
# distribution/reference: what `docker load` accepts as a repository name (and tag)
IMAGE_NAME = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                        r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")


@dataclass(frozen=True)
class Entry:
    """One path of a layer or of the host: `file`, `dir`, `symlink` or `whiteout`."""

    kind: str
    mode: int = 0o755
    uid: int = 0
    gid: int = 0
    content: bytes = b""      # a file's leading bytes; zeros follow up to `size`
    size: int = 0
    target: str = ""          # a symlink's
    opaque: bool = False      # a directory that hides everything below it in lower layers
    link_to: str = ""         # a file that is another name of this path of the same layer (a tar hard link)


WHITEOUT = Entry("whiteout", mode=0)


@dataclass(frozen=True)
class LayerSpec:
    created_by: str
    files: dict = field(default_factory=dict)        # path -> Entry
    delete: tuple = ()
    opaque: tuple = ()


@dataclass(frozen=True)
class ImageSpec:
    name: str
    layers: tuple = ()                                # LayerSpec, bottom first
    volumes: tuple = ()
    cmd: object = None                                # text, list, or None (a service)
    workdir: str = ""
    user: str = ""
    env: tuple = ()


@dataclass(frozen=True)
class Scenario:
    path: str
    title: str
    images: tuple                                     # ImageSpec
    host: dict                                        # path -> Entry
    dockerfiles: dict                                 # name -> text
    steps: tuple                                      # str


class _Where:
    """Raises ScenarioInvalid naming the file and the key or step."""

    def __init__(self, path: str):
        self.path = path

    def invalid(self, where: str, message: str) -> ScenarioInvalid:
        return ScenarioInvalid(f"{self.path}: {where}: {message}" if where else f"{self.path}: {message}")


def absolute(raw, where: str, w: _Where) -> str:
    if not isinstance(raw, str) or not raw.startswith("/"):
        raise w.invalid(where, f"path {raw!r} is not absolute")
    path = raw.rstrip("/") or "/"
    if path == "/" or posixpath.normpath(path) != path or "//" in path:
        raise w.invalid(where, f"path {raw!r} is not normalised (no '//', '.', '..', and not '/')")
    return path


def octal_mode(value, default: int, where: str, w: _Where) -> int:
    if value is None:
        return default
    text = value if isinstance(value, str) else None
    if text is None or not text or any(c not in "01234567" for c in text) or int(text, 8) > 0o7777:
        raise w.invalid(where, f"mode must be an octal string like \"0644\", not {value!r}")
    return int(text, 8)


def owner(spec: dict, key: str, where: str, w: _Where) -> int:
    value = spec.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise w.invalid(where, f"{key} must be a non-negative integer, not {value!r}")
    return value


def entry(raw: str, spec, where: str, w: _Where) -> tuple[str, Entry]:
    path = absolute(raw, where, w)
    is_dir = raw.endswith("/")
    if isinstance(spec, str):
        if is_dir:
            raise w.invalid(where, f"{raw} ends with '/' (a directory) but has text")
        data = spec.encode("utf-8")
        return path, Entry("file", 0o644, content=data, size=len(data))
    spec = {} if spec is None else spec
    if not isinstance(spec, dict):
        raise w.invalid(where, "an entry is text or a mapping")
    unknown = set(spec) - ENTRY_KEYS
    if unknown:
        raise w.invalid(where, f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    if "hardlink" in spec:
        if set(spec) != {"hardlink"} or not isinstance(spec["hardlink"], str) or is_dir:
            raise w.invalid(where, "a hard link has only `hardlink:` (the other name of the file)")
        return path, Entry("hardlink", target=absolute(spec["hardlink"], where, w))
    uid, gid, kind = owner(spec, "uid", where, w), owner(spec, "gid", where, w), spec.get("type")
    if kind not in (None, "file", "dir", "symlink"):
        raise w.invalid(where, f"type must be file, dir or symlink, not {kind!r}")
    if "symlink" in spec or kind == "symlink":
        if not isinstance(spec.get("symlink"), str) or not spec["symlink"]:
            raise w.invalid(where, "a symlink needs a non-empty `symlink:` target")
        return path, Entry("symlink", 0o777, uid, gid, target=spec["symlink"])
    if is_dir or kind == "dir" or (kind is None and not {"content", "size"} & set(spec)):
        if {"content", "size"} & set(spec):
            raise w.invalid(where, f"{raw} is a directory and cannot have content or size")
        return path, Entry("dir", octal_mode(spec.get("mode"), 0o755, where, w), uid, gid)
    if "content" in spec and "size" in spec:
        raise w.invalid(where, "give either content or size, not both")
    size = spec.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise w.invalid(where, f"size must be a non-negative integer, not {size!r}")
    content = spec.get("content", "")
    if not isinstance(content, str):
        raise w.invalid(where, "content must be text")
    data = content.encode("utf-8")
    return path, Entry("file", octal_mode(spec.get("mode"), 0o644, where, w), uid, gid, data,
                       len(data) if size is None else size)


def files(spec, where: str, w: _Where) -> dict:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise w.invalid(where, "must map paths to entries")
    out: dict = {}
    for raw, value in spec.items():
        path, e = entry(raw, value, f"{where}.{raw}", w)
        if path in out:
            raise w.invalid(f"{where}.{raw}", f"{path} is named twice")
        out[path] = e
    for path, e in list(out.items()):
        if e.kind == "hardlink":
            target = out.get(e.target)
            if target is None or target.kind != "file":
                raise w.invalid(f"{where}.{path}", f"hardlink: {e.target} must be a file this layer declares")
            out[path] = Entry("file", target.mode, target.uid, target.gid, target.content, target.size,
                              link_to=e.target)
    for path in out:
        parent = posixpath.dirname(path)
        while parent != "/":
            if parent in out and out[parent].kind != "dir":
                raise w.invalid(f"{where}.{path}", f"{parent} is not a directory, but {path} is inside it")
            parent = posixpath.dirname(parent)
    return out


def path_list(value, where: str, w: _Where) -> tuple:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise w.invalid(where, "must be a list of absolute paths")
    return tuple(absolute(p, where, w) for p in value)


def layer(spec, where: str, w: _Where) -> LayerSpec:
    if not isinstance(spec, dict):
        raise w.invalid(where, "a layer is a mapping with files/delete/opaque")
    unknown = set(spec) - LAYER_KEYS
    if unknown:
        raise w.invalid(where, f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(LAYER_KEYS))})")
    created_by = spec.get("created_by", "")
    if not isinstance(created_by, str):
        raise w.invalid(f"{where}.created_by", "must be text")
    return LayerSpec(created_by, files(spec.get("files"), f"{where}.files", w),
                     path_list(spec.get("delete"), f"{where}.delete", w),
                     path_list(spec.get("opaque"), f"{where}.opaque", w))


def image(name, spec, w: _Where) -> ImageSpec:
    where = f"images.{name}"
    if not isinstance(name, str) or not IMAGE_NAME.match(name):
        raise Refused(f"{w.path}: {where}: {name!r} is not an image name Docker accepts "
                      "(lowercase letters, digits and . _ - separators, optional :tag)")
    if not isinstance(spec, dict):
        raise w.invalid(where, "an image is a mapping with layers")
    unknown = set(spec) - IMAGE_KEYS
    if unknown:
        raise w.invalid(where, f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(IMAGE_KEYS))})")
    layers = spec.get("layers") or []
    if not isinstance(layers, list):
        raise w.invalid(f"{where}.layers", "must be a list (bottom first)")
    cmd = spec.get("cmd")
    if cmd is not None and not isinstance(cmd, (str, list)):
        raise w.invalid(f"{where}.cmd", "must be text, a list of arguments, or null")
    env = spec.get("env") or []
    env = [f"{k}={v}" for k, v in env.items()] if isinstance(env, dict) else env
    return ImageSpec(name, tuple(layer(s, f"{where}.layers[{i}]", w) for i, s in enumerate(layers)),
                     path_list(spec.get("volumes"), f"{where}.volumes", w), cmd,
                     str(spec.get("workdir") or ""), str(spec.get("user") or ""),
                     tuple(str(e) for e in env))


class InteractiveStep(str):
    """`{docker: ARGS, input: [LINES]}`: the command line `docker ARGS` (a str, so that every
    check of a step applies), with the lines typed at its terminal (docker.run_terminal)."""
    input: tuple = ()


def check_step(i: int, step, w: _Where) -> str:
    if isinstance(step, dict):
        if set(step) - {"docker", "input"} or not isinstance(step.get("docker"), str) or not step["docker"].strip():
            raise w.invalid(f"steps[{i}]", "an interactive step is {docker: ARGS, input: [LINES]}")
        lines = step.get("input") or []
        if not isinstance(lines, list) or not all(isinstance(x, str) and "\n" not in x for x in lines):
            raise w.invalid(f"steps[{i}].input", "must be a list of lines")
        out = InteractiveStep(check_step(i, "docker " + step["docker"], w))
        out.input = tuple(lines)
        return out
    if not isinstance(step, str) or not step.strip():
        raise w.invalid(f"steps[{i}]", "a step is a non-empty command line")
    words = step.split()
    if words[0] != "docker":
        return step
    try:
        argv = shlex.split(step)
    except ValueError as e:
        raise w.invalid(f"steps[{i}]", f"cannot split the command line: {e}")
    if len(argv) > 1 and argv[1].startswith("-"):
        raise Refused(f"{w.path}: steps[{i}]: global docker options are not replayed: {step}")
    if argv[1:2] == ["compose"]:
        raise Refused(f"{w.path}: steps[{i}]: docker compose is not replayed (no compose plugin on the engine)")
    return step


def load(path: str) -> Scenario:
    w = _Where(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except OSError as e:
        raise ScenarioInvalid(f"{path}: cannot read the file: {e.strerror}")
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ScenarioInvalid(f"{path}: invalid YAML: {e}")
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise w.invalid("", "a scenario is a mapping (title, images, host, steps, ...)")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise w.invalid("", f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(TOP_KEYS))})")
    platform = data.get("platform", "linux")
    if platform != "linux":
        raise Refused(f"{path}: platform: {platform!r} is not replayed (the engine runs Linux containers)")
    for key in ("images", "dockerfiles", "host", "compose"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise w.invalid(key, "must be a mapping")
    dockerfiles = data.get("dockerfiles") or {}
    if not all(isinstance(v, str) for v in dockerfiles.values()):
        raise w.invalid("dockerfiles", "must map names to Dockerfile text")
    steps = data.get("steps") or []
    if not isinstance(steps, list):
        raise w.invalid("steps", "must be a list of command lines")
    return Scenario(path, str(data.get("title") or ""),
                    tuple(image(n, s, w) for n, s in (data.get("images") or {}).items()),
                    files(data.get("host"), "host", w), dict(dockerfiles),
                    tuple(check_step(i, s, w) for i, s in enumerate(steps)))
