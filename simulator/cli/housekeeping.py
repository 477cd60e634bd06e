"""`docker rename`, `docker container prune` and `docker image prune [-a]`, with docker 26.1.5's
outputs (`Deleted Containers:` ..., `Total reclaimed space: 5kB`) and messages."""
from __future__ import annotations

import re

from simulator.cli.humanize import human_size
from simulator.cli.info import filter_args
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.docker import apidocs
from simulator.docker import mounts as mountspec
from simulator.errors import DockerError

UNTIL = re.compile(r"\d+(\.\d+)?|([-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+|\d{4}-\d\d-\d\d([T ][0-9:.]+Z?)?")
PRUNE_FLAGS = [Flag(("-f", "--force"), "force"), Flag(("--filter",), "filter", True, True)]


def docker_rename(engine, argv) -> Result:
    try:
        opts = parse(argv, [], "rename", interspersed=True)
        if len(opts.args) != 2:
            raise usage_error("rename", "requires exactly 2 arguments", "rename CONTAINER NEW_NAME",
                              "Rename a container")
    except DockerError as e:
        return cli_error(e)
    old, new = opts.args
    if not old.strip() or not new.strip():
        return Result(1, "", "Error: Neither old nor new names may be empty\n")
    try:
        c = engine.find_container(old)
        if c is None:
            raise DockerError(f"No such container: {old}")
        name = new[1:] if new.startswith("/") else new
        if name == c.name:
            raise DockerError("Renaming a container with the same name as its current name")
        try:
            mountspec.validate_container_name("/" + name)
        except DockerError as e:
            raise DockerError("Error when allocating new name: " + e.message) from None
        if name in engine.containers:
            raise DockerError(f'Error when allocating new name: Conflict. The container name "/{name}" is already '
                              f'in use by container "{engine.containers[name].id}". You have to remove (or rename) '
                              "that container to be able to reuse that name.")
    except DockerError as e:
        return Result(1, "", f"Error response from daemon: {e.message}\nError: failed to rename container named {old}\n")
    del engine.containers[c.name]
    for project in engine._compose.values():
        for service, cname in project["containers"].items():
            if cname == c.name:
                project["containers"][service] = name
    c.name = name
    engine.containers[name] = c
    return Result(0, "", "")


def _label_match(labels: dict, spec: str) -> bool:
    k, eq, v = spec.partition("=")
    return k in labels and (not eq or labels[k] == v)


def _prune_filters(opts, allowed: tuple) -> dict:
    filters = filter_args(opts.get("filter", []), "prune")
    for key, values in filters.items():
        if key not in allowed:
            raise DockerError(f"invalid filter '{key}'")
        if key == "until":
            for v in values:
                if not UNTIL.fullmatch(v):
                    raise DockerError(f'failed to parse value as time or duration: "{v}"')
    return filters


def _labels_ok(labels: dict, filters: dict) -> bool:
    """label=K[=V] all match, label!=K[=V] none; until=...: nothing was made before now (the
    simulator's clock: every object was made at the same moment)."""
    if "until" in filters:
        return False
    return all(_label_match(labels, v) for v in filters.get("label", [])) and \
        not any(_label_match(labels, v) for v in filters.get("label!", []))


def docker_container_prune(engine, argv) -> Result:
    try:
        opts = parse(argv, PRUNE_FLAGS, "container prune", interspersed=True)
        if opts.args:
            raise usage_error("container prune", "accepts no arguments", "container prune [OPTIONS]",
                              "Remove all stopped containers")
        filters = _prune_filters(opts, ("label", "label!", "until"))
    except DockerError as e:
        return cli_error(e)
    if not opts.get("force"):
        return Result(0, "WARNING! This will remove all stopped containers.\n"
                         "Are you sure you want to continue? [y/N] ", "")
    gone, space = [], 0
    for c in sorted(engine.containers.values(), key=lambda c: -c.created_seq):
        if c.running or not _labels_ok(c.labels, filters):
            continue
        space += apidocs.upper_size(c)
        engine.remove(c, remove_volumes=False)
        gone.append(c.id)
    out = ("Deleted Containers:\n" + "".join(i + "\n" for i in gone) + "\n") if gone else ""
    return Result(0, out + f"Total reclaimed space: {human_size(space)}\n", "")


def docker_image_prune(engine, argv) -> Result:
    from simulator.cli.images import all_images, docker_rmi
    try:
        opts = parse(argv, PRUNE_FLAGS + [Flag(("-a", "--all"), "all")], "image prune", interspersed=True)
        if opts.args:
            raise usage_error("image prune", "accepts no arguments", "image prune [OPTIONS]", "Remove unused images")
        filters = _prune_filters(opts, ("label", "label!", "until", "dangling"))
    except DockerError as e:
        return cli_error(e)
    every = opts.get("all") or any(v.lower() in ("false", "0") for v in filters.get("dangling", []))
    if not opts.get("force"):
        what = "all images without at least one container associated to them" if every else "all dangling images"
        return Result(0, f"WARNING! This will remove {what}.\nAre you sure you want to continue? [y/N] ", "")
    used = {c.image.id for c in engine.containers.values()}

    def held() -> dict:
        return {id(layer): layer for image in list(engine.images.values()) + engine.dangling_images()
                for layer in image.layers}

    before = held()
    lines = []
    for image in all_images(engine):
        if image.id in used or not _labels_ok(dict(image.labels), filters):
            continue
        names = [n for n, i in engine.images.items() if i.id == image.id]
        if names and not every:
            continue
        for ref in names or [image.id]:
            res = docker_rmi(engine, [ref])
            lines += [line[0].lower() + line[1:] for line in res.stdout.splitlines()]
    space = sum(layer.size for key, layer in before.items() if key not in held())
    out = ("Deleted Images:\n" + "".join(line + "\n" for line in lines) + "\n") if lines else ""
    return Result(0, out + f"Total reclaimed space: {human_size(space)}\n", "")
