"""Scenario files: load and check them, build the engine they describe, run their steps."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.docker import Engine
from simulator.docker import name_problem
from simulator.errors import ScenarioError, shown
from simulator.docker import Image
from simulator.run import cmdline
from simulator.run.fileload import load_data, read_text
from simulator.run.layerspec import build_layer, build_tree, _path_list
from simulator.fs import ImageView
from simulator.fs import network_host, parse_network_storage

TOP_KEYS = {"title", "seed", "platform", "images", "dockerfiles", "host", "compose", "steps", "network_storage"}
IMAGE_KEYS = {"layers", "volumes", "cmd", "workdir", "user", "env", "archive"}


@dataclass
class Scenario:
    title: str = ""
    seed: int | str = 0
    platform: str = "linux"
    images: dict = field(default_factory=dict)      # name -> Image
    dockerfiles: dict = field(default_factory=dict)
    host_files: dict = field(default_factory=dict)
    compose: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    source: dict = field(default_factory=dict)      # the file as loaded

    def new_engine(self) -> Engine:
        engine = Engine(self.seed, self.platform)
        engine.images.update(self.images)
        engine.host.tree = build_tree(self.host_files, "host")
        engine.host = network_host(engine.host, self.source.get("network_storage"))
        engine.dockerfiles = dict(self.dockerfiles)
        engine.compose_files = dict(self.compose)
        return engine


def load_file(path: str) -> Scenario:
    """A scenario file: a regular file (no symlink, FIFO or device), checked before it is built."""
    text = read_text(str(path))
    try:
        return load_text(text)
    except ScenarioError as e:
        e.file = path
        e.args = (e.render(),)
        raise


def load_text(text: str) -> Scenario:
    """A scenario from YAML or JSON text (fileload.py: alias, depth, number and duplicate-key
    limits), every value's type checked before it is used."""
    return from_dict(load_data(text))


def from_dict(data) -> Scenario:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping (title, images, host, steps, ...)")
    unknown = [k for k in data if k not in TOP_KEYS]
    if unknown:
        raise ScenarioError(f"unknown key {shown(sorted(map(str, unknown))[0])} (allowed: {', '.join(sorted(TOP_KEYS))})")
    sc = Scenario(source=data)
    sc.title = data.get("title") or ""
    if not isinstance(sc.title, str):
        raise ScenarioError("title must be text", "title")
    sc.seed = data.get("seed", 0)
    if not isinstance(sc.seed, (int, str)) or isinstance(sc.seed, bool):
        raise ScenarioError("seed must be an integer or a string", "seed")
    sc.platform = data.get("platform", "linux")
    if not isinstance(sc.platform, str) or sc.platform not in ("linux", "windows"):
        raise ScenarioError(f"platform must be linux or windows, not {shown(sc.platform)}", "platform")
    sc.images = build_images(data.get("images"))
    for key in ("dockerfiles", "compose"):
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ScenarioError("must map names to text", key)
        setattr(sc, key, dict(value))
    sc.host_files = data.get("host") or {}
    build_tree(sc.host_files, "host")          # checked now, built per engine
    parse_network_storage(data.get("network_storage"))
    steps = data.get("steps") or []
    if not isinstance(steps, list):
        raise ScenarioError("steps must be a list of commands", "steps")
    for i, step in enumerate(steps):
        if isinstance(step, dict):          # an interactive step: {docker: ARGS, input: [LINES]}
            check_interactive_step(step, f"steps[{i}]")
        elif not isinstance(step, str) or not step.strip():
            raise ScenarioError("a step must be a non-empty command line", f"steps[{i}]")
    sc.steps = list(steps)
    return sc


def build_images(spec) -> dict:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ScenarioError("images must map image names to their layers", "images")
    images, shared = {}, {}
    for name, ispec in spec.items():
        where = f"images.{shown(name, quote=False)}"
        problem = name_problem(_untagged(name) if isinstance(ispec, dict) and "archive" in ispec else name)
        if problem:
            raise ScenarioError(f"invalid image name {shown(name)}: {problem}", where)
        if not isinstance(ispec, dict):
            raise ScenarioError("an image must be a mapping with layers", where)
        unknown = [k for k in ispec if k not in IMAGE_KEYS]
        if unknown:
            raise ScenarioError(f"unknown key {shown(sorted(map(str, unknown))[0])} "
                                f"(allowed: {', '.join(sorted(IMAGE_KEYS))})", where)
        if "archive" in ispec:
            images[name] = _archive_image(name, ispec, where)
            continue
        layer_specs = ispec.get("layers") or []
        if not isinstance(layer_specs, list):
            raise ScenarioError("layers must be a list (bottom first)", f"{where}.layers")
        layers, view = [], ImageView(())
        for i, lspec in enumerate(layer_specs):
            layer = build_layer(lspec, view if layers else None, f"{where}.layers[{i}]")
            # images share layer objects: a layer written once (a YAML anchor, `- *base`) on
            # the same layers below is one Layer object in every image that lists it
            key = (tuple(id(x) for x in layers), id(lspec))
            layers.append(shared.setdefault(key, (lspec, layer))[1])
            view.add(layers[-1])
        images[name] = Image(name, tuple(layers), tuple(_path_list(ispec.get("volumes"), f"{where}.volumes")),
                             _cmd(ispec.get("cmd"), f"{where}.cmd"), _workdir(ispec.get("workdir"), f"{where}.workdir"),
                             _user(ispec.get("user"), f"{where}.user"), _env(ispec.get("env"), f"{where}.env"),
                             _view=view)
    return images


def _untagged(name):
    """An `archive:` image may be named with its tag (`mine:1`), as `docker load` names it (the
    lab's *Save as scenario* writes the images *Load image* brought in so)."""
    if isinstance(name, str):
        repo, sep, tag = name.rpartition(":")
        if sep and "/" not in tag and re.fullmatch(r"[\w][\w.-]{0,127}", tag):
            return repo
    return name


def _archive_image(name: str, ispec: dict, where: str):
    """`images: {NAME: {archive: PATH}}`: the image of a real `docker save` archive (or OCI
    layout), a door a real file enters by (run/imagefile.py); a relative PATH is taken from the
    current directory. The archive holds the whole image: no other key goes with it."""
    from simulator.docker import ArchiveError
    from simulator.run.imagefile import scenario_image
    path = ispec["archive"]
    if not isinstance(path, str) or not path:
        raise ScenarioError("archive must be the path of an image archive (a .tar file)", f"{where}.archive")
    if len(ispec) > 1:
        other = sorted(k for k in ispec if k != "archive")[0]
        raise ScenarioError(f"{other} cannot go with archive (the archive holds the whole image)", where)
    try:
        return scenario_image(name, path)[0]
    except ArchiveError as e:
        raise ScenarioError(str(e), f"{where}.archive") from None


def _cmd(cmd, where: str):
    if cmd is None or isinstance(cmd, str):
        return cmd
    if isinstance(cmd, list) and all(isinstance(a, str) for a in cmd):
        return cmd
    raise ScenarioError("cmd must be text, a list of text arguments, or null", where)


def _workdir(value, where: str) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not value.startswith("/"):
        raise ScenarioError(f"workdir must be an absolute path, not {shown(value)}", where)
    return value


def _user(value, where: str) -> str:
    """USER: NAME, UID or UID:GID (a number is a UID)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**32:
        return str(value)
    if not isinstance(value, str) or any(c in value for c in " \t\n/") or value.count(":") > 1:
        raise ScenarioError(f"user must be NAME, UID or UID:GID, not {shown(value)}", where)
    return value


def _env(value, where: str) -> tuple:
    """ENV: a list of K=V, or a mapping of names to text or numbers."""
    if value is None:
        return ()
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            if not isinstance(k, str) or not k or "=" in k or \
                    not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise ScenarioError(f"env must map names to text or numbers, not {shown(k)}: {shown(v)}", where)
            items.append(f"{k}={v}")
        return tuple(items)
    if isinstance(value, list) and all(isinstance(i, str) and i.partition("=")[0] and "=" in i for i in value):
        return tuple(value)
    raise ScenarioError("env must be a list of K=V texts or a mapping of names to values", where)


def split_docker_step(text: str, windows: bool = False) -> list[str] | None:
    """The argv of a `docker ...` step, or None for a host step. On Windows a backslash is
    a path separator, not an escape (as in PowerShell or cmd)."""
    stripped = text.lstrip()
    if not (stripped == "docker" or stripped.startswith("docker ") or stripped.startswith("docker\t")):
        return None
    return cmdline.split(stripped, escape=not windows)[1:]


def check_interactive_step(step: dict, where: str) -> None:
    """`{docker: "run -it --name t1 app sh", input: ["ls /", "exit"]}`: the docker command
    (without `docker`) and the lines typed at its terminal (cli/interactive.py)."""
    unknown = set(step) - {"docker", "input"}
    if unknown:
        raise ScenarioError(f"unknown key {sorted(map(str, unknown))[0]!r} (an interactive step has docker and input)",
                            where)
    if not isinstance(step.get("docker"), str) or not step["docker"].strip():
        raise ScenarioError("docker must be the docker command line, without `docker`", where + ".docker")
    lines = step.get("input", [])
    if not isinstance(lines, list) or not all(isinstance(line, str) and "\n" not in line for line in lines):
        raise ScenarioError("input must be a list of lines (text without a newline)", where + ".input")
