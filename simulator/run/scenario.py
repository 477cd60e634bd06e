"""Scenario files: load and check them, build the engine they describe, run their steps."""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field

import json

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when the wheel has it

from simulator.docker.engine import Engine
from simulator.errors import ScenarioError
from simulator.docker.image import Image
from simulator.run.layerspec import build_layer, build_tree, _path_list
from simulator.fs.imageview import ImageView
from simulator.fs.netstorage import network_host, parse_network_storage

TOP_KEYS = {"title", "seed", "platform", "images", "dockerfiles", "host", "compose", "steps", "network_storage"}
IMAGE_KEYS = {"layers", "volumes", "cmd", "workdir", "user", "env"}


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
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ScenarioError(f"cannot read the file: {e.strerror}", file=path)
    except UnicodeDecodeError:
        raise ScenarioError("the file is not UTF-8 text", file=path)
    try:
        return load_text(text)
    except ScenarioError as e:
        e.file = path
        e.args = (e.render(),)
        raise


def load_text(text: str) -> Scenario:
    if text.lstrip().startswith("{"):
        # JSON is YAML too; the JSON parser reads a large generated file ten times faster
        try:
            data = json.loads(text)
        except ValueError:
            pass
        else:
            return from_dict(data)
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"invalid YAML: {getattr(e, 'problem', None) or e}", where)
    return from_dict(data)


def from_dict(data) -> Scenario:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping (title, images, host, steps, ...)")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ScenarioError(f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(TOP_KEYS))})")
    sc = Scenario(source=data)
    sc.title = data.get("title") or ""
    if not isinstance(sc.title, str):
        raise ScenarioError("title must be text", "title")
    sc.seed = data.get("seed", 0)
    if not isinstance(sc.seed, (int, str)) or isinstance(sc.seed, bool):
        raise ScenarioError("seed must be an integer or a string", "seed")
    sc.platform = data.get("platform", "linux")
    if sc.platform not in ("linux", "windows"):
        raise ScenarioError(f"platform must be linux or windows, not {sc.platform!r}", "platform")
    sc.images = build_images(data.get("images"))
    for key in ("dockerfiles", "compose"):
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ScenarioError("must map names to text", key)
        setattr(sc, key, dict(value))
    sc.host_files = data.get("host") or {}
    build_tree(sc.host_files, "host")          # checked now, built per engine
    parse_network_storage(data.get("network_storage"))
    steps = data.get("steps") or []
    if not isinstance(steps, list):
        raise ScenarioError("steps must be a list of commands", "steps")
    for i, step in enumerate(steps):
        if not isinstance(step, str) or not step.strip():
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
        where = f"images.{name}"
        if not isinstance(name, str) or not name or name != name.lower() or " " in name:
            raise ScenarioError(f"invalid image name {name!r}: use lowercase letters, digits, '.', '_', '-'", where)
        if not isinstance(ispec, dict):
            raise ScenarioError("an image must be a mapping with layers", where)
        unknown = set(ispec) - IMAGE_KEYS
        if unknown:
            raise ScenarioError(f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(IMAGE_KEYS))})", where)
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
        cmd = ispec.get("cmd")
        if cmd is not None and not isinstance(cmd, (str, list)):
            raise ScenarioError("cmd must be text, a list of arguments, or null", f"{where}.cmd")
        env = ispec.get("env") or []
        if isinstance(env, dict):
            env = [f"{k}={v}" for k, v in env.items()]
        images[name] = Image(name, tuple(layers), tuple(_path_list(ispec.get("volumes"), f"{where}.volumes")),
                             cmd, str(ispec.get("workdir") or ""), str(ispec.get("user") or ""), tuple(env),
                             _view=view)
    return images


def split_docker_step(text: str, windows: bool = False) -> list[str] | None:
    """The argv of a `docker ...` step, or None for a host step. On Windows a backslash is
    a path separator, not an escape (as in PowerShell or cmd)."""
    stripped = text.lstrip()
    if not (stripped == "docker" or stripped.startswith("docker ") or stripped.startswith("docker\t")):
        return None
    lexer = shlex.shlex(stripped, posix=True)
    lexer.whitespace_split = True
    if windows:
        lexer.escape = ""
    return list(lexer)[1:]
