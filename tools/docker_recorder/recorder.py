"""One recording: an empty engine in, the state document out, and the engine left empty again."""
from __future__ import annotations

import json
import os
import shutil
import tempfile

from . import host, images, steps
from .docker import DockerCLI
from .errors import EngineError, Refused
from .paths import PathMap
from .scenario import Scenario
from .state import DOCKER_FILES, RUNTIME_TREES, TOOLS_TREES, StateReader
from .busybox import TOOLS_DIR

FILTERED = {
    "rootfs_trees": list(RUNTIME_TREES + TOOLS_TREES),
    "rootfs_paths": list(DOCKER_FILES),
    "rootfs_init_layer": "entries only Docker's init layer provides (/.dockerenv, /etc/mtab, "
                         "/etc when nothing else holds it)",
    "host": [TOOLS_DIR],
    "images": f"the base layer (BusyBox at {TOOLS_DIR}/bin, /dev, /proc, /sys)",
}


def engine_facts(cli: DockerCLI) -> tuple[dict, dict]:
    """(docker info, versions for the `recorder` key)."""
    info = json.loads(cli.check(["info", "--format", "{{json .}}"]))
    version = json.loads(cli.check(["version", "--format", "{{json .}}"]))
    server = version.get("Server") or {}
    parts = {c.get("Name"): c.get("Version") for c in server.get("Components") or []}
    client = version.get("Client") or {}
    return info, {"server": f"dockerd {server.get('Version')} (API {server.get('ApiVersion')})",
                  "client": f"docker CLI {client.get('Version')} (API {client.get('ApiVersion')})",
                  "containerd": parts.get("containerd"), "runc": parts.get("runc"),
                  "storage_driver": info.get("Driver"), "kernel": os.uname().release}


def engine_objects(cli: DockerCLI) -> dict:
    usage = dict(line.rsplit(" ", 1) for line in
                 cli.check(["system", "df", "--format", "{{.Type}} {{.TotalCount}}"]).splitlines() if line)
    return {"containers": cli.ids(["ps", "-aq", "--no-trunc"]), "volumes": cli.ids(["volume", "ls", "-q"]),
            "images": sorted(set(cli.ids(["image", "ls", "-aq", "--no-trunc"]))),
            "networks": cli.ids(["network", "ls", "-q", "--filter", "type=custom"]),
            "build cache entries": ["?"] * int(usage.get("Build Cache", "0"))}


def check_engine(cli: DockerCLI) -> dict:
    if not cli.host.startswith("unix://"):
        raise Refused(f"DOCKER_HOST={cli.host}: the recorder reads the engine's layers and volumes "
                      "from disk, so it needs a local engine (unix://...)")
    info, facts = engine_facts(cli)
    if info.get("Driver") != "overlay2":
        raise Refused(f"the engine's storage driver is {info.get('Driver')}, not overlay2")
    if not os.path.isdir(info.get("DockerRootDir", "")):
        raise Refused(f"the engine's data root {info.get('DockerRootDir')} is not on this machine")
    held = {k: v for k, v in engine_objects(cli).items() if v}
    if held:
        raise Refused(f"the engine at {cli.host} is not empty ("
                      + ", ".join(f"{len(v)} {k}" for k, v in held.items())
                      + "); start an empty one (tools/docker_recorder/README.md)")
    return dict(facts, data_root=info["DockerRootDir"])


def empty_engine(cli: DockerCLI) -> None:
    """Remove every container (with its anonymous volumes), volume, image and user-made
    network, and the build cache. Raises EngineError when something is left."""
    objects = engine_objects(cli)
    if objects["containers"]:
        cli.run(["rm", "-f", "-v", *objects["containers"]])
    volumes = cli.ids(["volume", "ls", "-q"])
    if volumes:
        cli.run(["volume", "rm", "-f", *volumes])
    # a parent image cannot go before its children (`docker commit`, `build` FROM another
    # scenario image), and one `rmi` goes in the order given: repeat while it helps
    held = None
    while (now := sorted(set(cli.ids(["image", "ls", "-aq", "--no-trunc"])))) and now != held:
        cli.run(["rmi", "-f", *now])
        held = now
    if objects["networks"]:
        cli.run(["network", "rm", *objects["networks"]])
    cli.run(["builder", "prune", "-af"])
    left = {k: v for k, v in engine_objects(cli).items() if v}
    if left:
        raise EngineError(f"the engine still holds {left} after the clean-up")


def load_images(cli: DockerCLI, planned: list, work: str) -> str:
    """`docker load` of the planned images; returns the base layer's diffID."""
    if not planned:
        return images.write_layer(images.base_layer(), None)
    ids: dict = {}
    cli.check(["load"], timeout=1800, stdin_writer=lambda pipe: ids.update(images.write_archive(planned, work, pipe)))
    for tag, diff_ids in ids.items():
        got = cli.inspect("image", [tag])[0]["RootFS"]["Layers"]
        if got != diff_ids:
            raise EngineError(f"docker load of {tag}: the engine holds layers {got}, not {diff_ids}")
    for name in os.listdir(work):
        os.remove(os.path.join(work, name))
    return ids[next(iter(ids))][0]


def record(scenario: Scenario, docker_host: str) -> dict:
    """Replay SCENARIO on the empty engine at DOCKER_HOST and return its state document."""
    planned = images.plan_images(scenario.images, scenario.path)          # invalid layers: before the engine is touched
    steps.check(scenario.steps, scenario.path)
    work = tempfile.mkdtemp(prefix="docker-recorder-", dir="/tmp")
    os.chmod(work, 0o755)
    host_root, dockerfile_dir, layer_dir = (os.path.join(work, d) for d in ("host", "dockerfiles", "layers"))
    for d in (host_root, dockerfile_dir, layer_dir):
        os.mkdir(d, 0o755)
    cli = DockerCLI.find(docker_host, host_root)
    try:
        facts = check_engine(cli)
        paths = PathMap(host_root, facts.pop("data_root"), ((dockerfile_dir, "/dockerfiles"),))
        try:
            base_diff_id = load_images(cli, planned, layer_dir)
            host.materialise(host_root, scenario.host)
            host.install_tools(host_root)
            for name, text in scenario.dockerfiles.items():
                os.makedirs(os.path.join(dockerfile_dir, name))
                with open(os.path.join(dockerfile_dir, name, "Dockerfile"), "w") as f:
                    f.write(text)
            runner = steps.StepRunner(cli, paths, scenario.dockerfiles, dockerfile_dir)
            done = steps.run_all(runner, steps.VolumeWatch(cli), scenario.steps)
            reader = StateReader(cli, paths, base_diff_id)
            state = reader.read(work)
        finally:
            empty_engine(cli)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"title": scenario.title, "steps": done, "state": state,
            "recorder": {"tool": "tools/docker_recorder", "engine": facts, "filtered": FILTERED,
                         "containers": reader.containers_info, "notes": runner.notes + reader.notes,
                         "step_seconds": runner.seconds}}
