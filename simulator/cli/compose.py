"""`docker compose -p PROJECT up -d` and `down [-v]`, with Compose 2.26.1's progress display and messages.

Compose's progress goes to stderr. The simulator prints the last frame of its terminal
display, 80 columns wide, without colours, every timer at 0.0s:

    [+] Running 4/4
     ✔ Network shop_default  Created                                           0.0s
     ✔ Volume "shop_data"    Created                                           0.0s

Rules modelled (checked with Compose 2.26.1 on Docker 26.1.5):
- up: the project's network, then every declared volume that does not exist yet, then
  all containers are created, then started (a container that exists is started again,
  or reported `Running`); a missing external volume stops it with `external volume "x"
  not found` (exit 1), after the network is made;
- named volumes, long-syntax mounts and anonymous volumes go through the Mount API
  (an anonymous one is then not labelled anonymous), short-syntax binds as legacy Binds;
- down: removes the project's containers and network; `-v` also removes its declared
  (non-external) volumes and the containers' anonymous volumes.
"""
from __future__ import annotations

from simulator.docker import composefile as model
from simulator.errors import DockerError
from simulator.cli.options import Flag, parse
from simulator.cli.result import Result
from simulator.cli.run import container_command, container_env, register_mounts, start_and_run
from simulator.docker import mounts as mountspec

WIDTH = 80
DONE = "\u2714"
FAILED = "\u2718"
SPINNER = "\u280b"
GLOBAL_FLAGS = [Flag(("-p", "--project-name"), "project", True), Flag(("-f", "--file"), "file", True, True),
                Flag(("--project-directory",), "dir", True)]
UP_FLAGS = [Flag(("-d", "--detach"), "detach"), Flag(("--no-start",), "no_start"),
            Flag(("-V", "--renew-anon-volumes"), "renew"), Flag(("--remove-orphans",), "orphans")]
DOWN_FLAGS = [Flag(("-v", "--volumes"), "volumes"), Flag(("--remove-orphans",), "orphans"),
              Flag(("-t", "--timeout"), "timeout", True)]


def frame(events: list[tuple[str, str, str]]) -> str:
    """The last frame of compose's TTY display: one line per (mark, object, status)."""
    if not events:
        return ""
    pad = max(len(obj) for _, obj, _ in events) + 2
    lines = [f"[+] Running {sum(1 for m, _, _ in events if m == DONE)}/{len(events)}"]
    for mark, obj, status in events:
        text = f" {mark} {obj.ljust(pad)}{status}"
        timer = "0.0s "
        lines.append(text + " " * max(1, WIDTH - len(text) - len(timer)) + timer)
    return "\n".join(lines) + "\n"


def docker_compose(engine, argv: list[str], run_command) -> Result:
    try:
        opts = parse(argv, GLOBAL_FLAGS, "compose")
    except DockerError as e:
        return Result(1, "", e.message.split("\n")[0] + "\n")
    if opts.get("file") or opts.get("dir"):
        return Result(1, "", "the simulator takes compose files from the scenario's `compose:` "
                             "by project name: use -p PROJECT, not -f/--project-directory\n")
    if not opts.args:
        return Result(0, "\nUsage:  docker compose [OPTIONS] COMMAND\n\nDefine and run multi-container "
                         "applications with Docker\n", "")
    command, rest = opts.args[0], opts.args[1:]
    project = opts.get("project")
    if command not in ("up", "down"):
        return Result(1, "", f"the simulator models `docker compose up -d` and `docker compose down [-v]`, "
                             f"not `docker compose {command}`\n")
    if project is None or project not in engine.compose_files:
        if command == "down" and project is not None:
            return Result(0, "", f'Warning: No resource found to remove for project "{project}".\n')
        return Result(14, "", "no configuration file provided: not found\n")
    try:
        loaded = model.load_project(project, engine.compose_files[project])
    except model.ComposeError as e:
        return Result(e.exit_code, "", e.message + "\n")
    if command == "up":
        return compose_up(engine, loaded, rest, run_command)
    return compose_down(engine, loaded, rest)


# ---- up ---------------------------------------------------------------------------------------
def compose_up(engine, project: model.Project, argv: list[str], run_command) -> Result:
    try:
        opts = parse(argv, UP_FLAGS, "compose up", interspersed=True)
    except DockerError as e:
        return Result(1, "", e.message.split("\n")[0] + "\n")
    if not opts.get("detach"):
        return Result(1, "", "the simulator runs `docker compose up` detached only: add -d\n")
    missing = [s for s in project.services if s.image.removesuffix(":latest") not in engine.images]
    if missing:
        s = missing[0]
        msg = (f"pull access denied for {s.image.removesuffix(':latest')}, repository does not exist or may "
               "require 'docker login'")
        return Result(18, "", frame([(FAILED, s.name, f"Error {msg}")]) + f"Error response from daemon: {msg}\n")
    state = engine.compose_state(project.name)
    events: list[tuple[str, str, str]] = []
    if not state["network"]:
        state["network"] = True
        engine.emit("network-create", network=f"{project.name}_default", project=project.name)
        events.append((DONE, f"Network {project.name}_default", "Created"))
    for v in project.volumes:
        if v.external:
            if v.name not in engine.volumes:
                return Result(1, "", frame(events) + f'external volume "{v.name}" not found\n')
            continue
        if v.name not in engine.volumes:
            engine.ensure_volume(v.name, labels={"com.docker.compose.project": project.name,
                                                 "com.docker.compose.version": model.COMPOSE_VERSION,
                                                 "com.docker.compose.volume": v.key})
            events.append((DONE, f'Volume "{v.name}"', "Created"))
    created, to_start = [], []
    for service in project.services:
        name = project.container_name(service)
        c = engine.containers.get(name)
        if c is None:
            try:
                c = create_container(engine, project, service, name)
            except DockerError as e:
                # compose creates the containers in parallel: the error cuts every one short
                creating = [(SPINNER, f"Container {project.container_name(s)}", "Creating")
                            for s in project.services if project.container_name(s) not in engine.containers
                            or project.container_name(s) in [x[1][10:] for x in created]]
                return Result(1, "", frame(events + creating) + f"Error response from daemon: {e.message}\n")
            state["containers"][service.name] = name
            created.append((DONE, f"Container {name}", "Created"))
        to_start.append(c)
    events += created
    for c in to_start:
        label = f"Container {c.name}"
        if c.running:
            events.append((DONE, label, "Running"))
            continue
        if opts.get("no_start"):
            continue
        res = start_and_run(engine, c, run_command, detach=True, attach=False)
        events = [e for e in events if e[1] != label]
        if res.stderr.startswith("docker: Error response from daemon: "):
            events.append((FAILED, label, "Error"))
            msg = res.stderr[len("docker: "):].rstrip("\n").removesuffix(".")
            return Result(1, "", frame(events) + msg + "\n")
        events.append((DONE, label, "Started"))
    return Result(0, "", frame(events))


def create_container(engine, project: model.Project, service: model.Service, name: str):
    """The container compose asks the daemon for: Binds for short-syntax binds, Mounts for
    the rest, Tmpfs for `tmpfs:`; the image's VOLUMEs get anonymous volumes from the daemon."""
    binds, mounts = [], []
    for v in service.volumes:
        if v.type == "bind" and v.create_host_path:
            mode = ",".join(x for x in ("ro" if v.read_only else "", v.propagation, v.selinux) if x)
            binds.append(f"{v.source}:{v.target}" + (f":{mode}" if mode else ""))
            continue
        fields = [f"type={v.type}"]
        if v.type == "volume" and v.source:
            fields.append(f"source={project.volume(v.source).name}")
        elif v.type == "bind":
            fields.append(f"source={v.source}")
        fields.append(f"target={v.target}")
        if v.read_only:
            fields.append("readonly")
        if v.nocopy:
            fields.append("volume-nocopy")
        if v.type == "bind" and v.propagation:
            fields.append(f"bind-propagation={v.propagation}")
        if v.type == "tmpfs" and v.tmpfs_size is not None:
            fields.append(f"tmpfs-size={v.tmpfs_size}")
        if v.type == "tmpfs" and v.tmpfs_mode is not None:
            fields.append(f"tmpfs-mode={v.tmpfs_mode:o}" if isinstance(v.tmpfs_mode, int) else
                          f"tmpfs-mode={v.tmpfs_mode}")
        mounts.append(mountspec.parse_mount_flag(",".join(fields)))
    host_ns = engine.host_namespace()
    for req in mounts:
        mountspec.validate_mount(req, lambda p: host_ns.find(p) is not None)
    tmpfs = {}
    for spec in service.tmpfs:
        target, _, options = spec.partition(":")
        tmpfs[target] = options
    image = engine.images[service.image.removesuffix(":latest")]
    plans = register_mounts(engine, [], binds, mounts, tmpfs)
    command, from_image = container_command(image, service.command)
    env = container_env(image, service.environment)
    workdir = service.working_dir or image.workdir or "/"
    return engine.new_container(name, image, plans, [], cmd=command, cmd_from_image=from_image,
                                user=service.user or image.user, workdir=workdir, env=env,
                                read_only=service.read_only, auto_remove=False, binds=list(binds),
                                volumes_from=[], tmpfs_specs=dict(tmpfs))


# ---- down -------------------------------------------------------------------------------------
def compose_down(engine, project: model.Project, argv: list[str]) -> Result:
    try:
        opts = parse(argv, DOWN_FLAGS, "compose down", interspersed=True)
    except DockerError as e:
        return Result(1, "", e.message.split("\n")[0] + "\n")
    state = engine.compose_state(project.name)
    events, errors = [], ""
    for service in project.services:
        name = state["containers"].pop(service.name, None) or project.container_name(service)
        c = engine.containers.get(name)
        if c is None:
            continue
        engine.remove(c, remove_volumes=bool(opts.get("volumes")))
        events.append((DONE, f"Container {name}", "Removed"))
    if opts.get("volumes"):
        for v in project.volumes:
            if v.external or v.name not in engine.volumes:
                continue
            try:
                engine.remove_volume(v.name)
            except DockerError as e:
                events.append((FAILED, f"Volume {v.name}", "Error"))
                errors += f"Error response from daemon: {e.message}\n"
                continue
            events.append((DONE, f"Volume {v.name}", "Removed"))
    if state["network"]:
        state["network"] = False
        engine.emit("network-remove", network=f"{project.name}_default", project=project.name)
        events.append((DONE, f"Network {project.name}_default", "Removed"))
    if not events:
        return Result(0, "", f'Warning: No resource found to remove for project "{project.name}".\n')
    return Result(1 if errors else 0, "", frame(events) + errors)
