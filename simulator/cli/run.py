"""`docker run` and `docker create`: the CLI's parsing, then the daemon's checks in Docker's order."""
from __future__ import annotations

from simulator.fs import paths
from simulator.docker import MountPlan
from simulator.errors import DockerError
from simulator.docker import localdriver
from simulator.docker import mounts as mountspec
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli import interactive, procs
from simulator.cli.result import Result, run_error, status_code, trim_dot
from simulator.cli.run_windows import register_mounts_windows
from simulator.cli.pull import catalog_note, denied, pull_for_run
from simulator.docker import split_ref

RUN_FLAGS = [
    Flag(("-d", "--detach"), "detach"), Flag(("--rm",), "rm"), Flag(("-i", "--interactive"), "interactive"),
    Flag(("-t", "--tty"), "tty"), Flag(("--read-only",), "read_only"), Flag(("--init",), "init"),
    Flag(("--name",), "name", True), Flag(("-v", "--volume"), "volume", True, True),
    Flag(("--mount",), "mount", True, True), Flag(("--tmpfs",), "tmpfs", True, True),
    Flag(("--volumes-from",), "volumes_from", True, True), Flag(("-u", "--user"), "user", True),
    Flag(("-w", "--workdir"), "workdir", True), Flag(("-e", "--env"), "env", True, True),
    Flag(("-l", "--label"), "label", True, True),
    Flag(("-h", "--hostname"), "hostname", True), Flag(("--restart",), "restart", True),
]
NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"


class PullFallback(Exception):
    """The daemon said the image does not exist: the CLI then tries to pull it."""


def docker_run(engine, argv: list[str], run_command, create_only: bool = False) -> Result:
    verb = "create" if create_only else "run"
    try:
        opts = parse(argv, RUN_FLAGS, verb)
    except DockerError as e:
        return run_error(e, verb)
    if not opts.args:
        summary = "Create and run a new container from an image" if verb == "run" else "Create a new container"
        e = usage_error(verb, "requires at least 1 argument", f"{verb} [OPTIONS] IMAGE [COMMAND] [ARG...]", summary)
        return Result(1, "", e.message + "\n")
    image_ref, cmd = opts.args[0], opts.args[1:]
    image_name = image_ref[:-7] if image_ref.endswith(":latest") else image_ref
    try:
        plan = _client_side(opts, verb, windows=engine.platform == "windows")
    except DockerError as e:
        return run_error(e, verb)
    if not create_only and opts.get("interactive") and opts.get("tty") and not opts.get("detach") \
            and getattr(engine, "terminal", None) is None:      # a step with input lines is a terminal
        return Result(1, "", "the input device is not a TTY\n")
    pulled = ""
    try:
        try:
            c = _daemon_create(engine, opts, plan, image_name, cmd)
        except PullFallback:
            # the CLI pulls the image, then asks the daemon again (cli/pull.py: the offline catalog)
            image, pulled = pull_for_run(engine, image_ref)
            if image is None:
                name = catalog_name(image_ref)
                if verb == "run":
                    return Result(125, "", pulled + f"docker: {denied(name)}.\nSee 'docker run --help'.\n"
                                  + catalog_note(image_ref))
                return Result(1, "", pulled + denied(name) + "\n" + catalog_note(image_ref))
            c = _daemon_create(engine, opts, plan, image_name, cmd)
    except DockerError as e:
        res = run_error(e, verb)
        return Result(res.exit_code, res.stdout, pulled + res.stderr)
    if create_only:
        return Result(0, c.id + "\n", pulled)
    res = start_and_run(engine, c, run_command, detach=bool(opts.get("detach")), attach=True)
    return Result(res.exit_code, res.stdout, pulled + res.stderr) if pulled else res


def _client_side(opts, verb: str, windows: bool = False) -> dict:
    """What the docker CLI does before it calls the daemon: --mount, then -v, then --tmpfs."""
    if opts.get("restart") and opts.get("rm"):
        raise DockerError("conflicting options: cannot specify both --restart and --rm", origin="cli")
    mounts = [mountspec.parse_mount_flag(s) for s in opts.get("mount", [])]
    if windows:          # the Windows daemon parses -v itself
        return {"mounts": mounts, "binds": [], "anon": [], "volumes": list(opts.get("volume", [])),
                "tmpfs": {s.partition(":")[0]: s.partition(":")[2] for s in opts.get("tmpfs", [])}}
    binds, anon = [], []
    for spec in opts.get("volume", []):
        # the CLI makes a "./x" host path absolute against its cwd: the host's /
        bind = mountspec.cli_bind_spec(spec, cwd="/")
        if bind is None:
            anon.append(mountspec.cli_parse_volume(spec).target)
        elif bind not in binds:          # the CLI keeps -v values in a map: duplicates collapse
            binds.append(bind)
    tmpfs = {}
    for spec in opts.get("tmpfs", []):
        target, _, options = spec.partition(":")
        tmpfs[target] = options
    return {"mounts": mounts, "binds": binds, "anon": anon, "tmpfs": tmpfs}


def _daemon_create(engine, opts, plan: dict, image_name: str, cmd: list[str]):
    host_ns = engine.host_namespace()
    windows = engine.platform == "windows"
    if not windows:
        for req in plan["mounts"]:
            mountspec.validate_mount(req, lambda p: host_ns.find(p) is not None)
        for target in plan["tmpfs"]:
            mountspec.check_tmpfs_target(target)
    image = engine.images.get(image_name)
    if image is None:
        raise PullFallback()
    name = opts.get("name")
    if name is not None:
        mountspec.validate_container_name(name)
        name = name.lstrip("/")
        if name in engine.containers:
            raise DockerError(f'Conflict. The container name "/{name}" is already in use by container '
                              f'"{engine.containers[name].id}". You have to remove (or rename) that '
                              "container to be able to reuse that name.")
    if windows:
        mounts, plan["anon"] = register_mounts_windows(engine, plan["volumes"], plan["mounts"], plan["tmpfs"])
    else:
        mounts = register_mounts(engine, opts.get("volumes_from", []), plan["binds"], plan["mounts"], plan["tmpfs"])
    workdir = opts.get("workdir") or image.workdir or "/"
    if not workdir.startswith("/"):
        raise DockerError(f"the working directory '{workdir}' is invalid, it needs to be an absolute path")
    env = container_env(image, opts.get("env", []))
    if not cmd and not image.entrypoint and image.cmd == []:      # `docker import`ed: no config at all
        raise DockerError("No command specified")
    command, from_image = container_command(image, cmd)
    return engine.new_container(
        name, image, mounts, plan["anon"], cmd=command, cmd_from_image=from_image,
        user=opts.get("user") or image.user, workdir=paths.normalise(workdir), env=env,
        read_only=bool(opts.get("read_only")), auto_remove=bool(opts.get("rm")),
        init=bool(opts.get("init")), tty=bool(opts.get("tty")), stdin_open=bool(opts.get("interactive")),
        binds=list(plan["binds"]), volumes_from=list(opts.get("volumes_from", [])),
        tmpfs_specs=dict(plan["tmpfs"]), labels=parse_labels(opts.get("label", [])),
        attached=not opts.get("detach"))


def parse_labels(items) -> dict:
    """--label K=V (a K alone is K with an empty value), later ones win."""
    return dict(item.partition("=")[::2] for item in items)


def catalog_name(ref: str) -> str:
    return split_ref(ref)[0]


def container_env(image, items) -> dict:
    """The image's ENV, then the container's own K=V settings (later ones win)."""
    env = {}
    for item in list(image.env) + list(items):
        k, _, v = item.partition("=")
        env[k] = v
    return env


def container_command(image, cmd) -> tuple[list | None, bool]:
    """(argv, taken from the image?): the image's ENTRYPOINT followed by the command given,
    else by the image's CMD (a text CMD runs with sh -c); with neither, None: a service that
    runs until it is stopped."""
    entrypoint = list(getattr(image, "entrypoint", None) or [])
    if cmd:
        return entrypoint + list(cmd), False
    if image.cmd is None:
        return (entrypoint or None), False
    if isinstance(image.cmd, str):
        return entrypoint + ["sh", "-c", image.cmd], True
    return entrypoint + list(image.cmd), True


def register_mounts(engine, volumes_from, binds, mounts, tmpfs) -> list[MountPlan]:
    """moby registerMountPoints: --volumes-from, then -v SRC:DST, then --mount, then --tmpfs.
    Named volumes are created on the way (a later error leaves them)."""
    points: dict[str, MountPlan] = {}
    for ref in volumes_from:
        cname, mode = mountspec.parse_volumes_from(ref)
        src = engine.find_container(cname)
        if src is None:
            raise DockerError(f"No such container: {cname}")
        for m in src.mounts:
            if m.origin == "tmpfs":
                continue
            # `rw` cannot make a read-only mount writable; inherited mounts are never filled
            points[m.path] = MountPlan(m.type, m.target, m.name, m.host_path,
                                       m.rw and mountspec.mode_read_write(mode), True, "from", "",
                                       m.unnamed, m.propagation, m.tmpfs_size, m.tmpfs_mode, m.tmpfs_options)
    seen: set[str] = set()
    for raw in binds:
        req = mountspec.parse_volume_spec(raw)
        dst = req.target
        if dst in seen or dst in tmpfs:
            raise DockerError(f"Duplicate mount point: {dst}")
        if req.type == "volume":
            mountspec.validate_volume_name(req.source)
            engine.ensure_volume(req.source)
            m = MountPlan("volume", dst, name=req.source, rw=not req.read_only, nocopy=req.nocopy,
                          origin="v", mode=req.mode or "z")
        else:
            m = MountPlan("bind", dst, host_path=req.source, rw=not req.read_only, origin="v",
                          mode=req.mode, propagation=req.propagation)
        seen.add(dst)
        points[dst] = m
    for req in mounts:
        dst = req.destination
        if dst in seen:
            raise DockerError(f"Duplicate mount point: {req.target}")
        if req.type == "volume":
            options = dict(req.volume_driver_opts)
            if req.source:
                mountspec.validate_volume_name(req.source)
                if req.source not in engine.volumes:
                    localdriver.check_options(req.source, options, engine.platform)
                name, unnamed = engine.ensure_volume(req.source, options=options).name, False
            else:
                # dockerd names it, but Docker 26 does not label it anonymous (kernel-oracle README)
                localdriver.check_options("", options, engine.platform)
                name, unnamed = engine.ensure_volume(None, options=options).name, True
            m = MountPlan("volume", dst, name=name, rw=not req.read_only, nocopy=req.nocopy,
                          origin="mount", mode="z", unnamed=unnamed,
                          subpath=paths.normalise("/" + req.volume_subpath)[1:] if req.volume_subpath else "")
        elif req.type == "bind":
            m = MountPlan("bind", dst, host_path=req.source, rw=not req.read_only, origin="mount",
                          propagation=req.propagation)
        else:
            m = MountPlan("tmpfs", dst, rw=not req.read_only, origin="mount",
                          tmpfs_size=req.tmpfs_size, tmpfs_mode=req.tmpfs_mode,
                          tmpfs_options=",".join(req.tmpfs_options))
        seen.add(dst)
        points[dst] = m
    for target, options in tmpfs.items():
        # the options are checked when the container starts (dockerd, then the kernel)
        try:
            read_only = mountspec.parse_tmpfs_options(options, target).read_only
        except DockerError:
            read_only = False
        dst = mountspec.go_clean(target)
        points[dst] = MountPlan("tmpfs", dst, rw=not read_only, origin="tmpfs", tmpfs_options=options)
    return list(points.values())


def start_and_run(engine, c, run_command, detach: bool, attach: bool) -> Result:
    """Start the container; a container with a command runs it to the end and exits."""
    from simulator.docker import StartError
    before = c.status
    try:
        engine.start(c)
        if c.cmd is None:
            return Result(0, c.id + "\n" if detach else "", "")
        mark = len(c.log)
        c.started_ms, c.exit_code = engine.clock_ms, 0      # the daemon's SetRunning
        code, out, err = run_command(c, c.cmd, None, None, None)
        procs.append_logs(c, out, err)
        if code is None:          # a server (a pulled image's entrypoint): it keeps running
            return Result(0, c.id + "\n" if detach else out, "" if detach else err)
        if isinstance(code, procs.Waiting):      # it waits: the container stays Up
            procs.main_waits(engine, c, code)
            if detach or not attach:
                return Result(0, c.id + "\n" if detach else "", "")
            terminal = getattr(engine, "terminal", None)
            if terminal is not None and code.blocked.kind == "stdin":     # -i with a terminal: its lines
                return interactive.begin(engine, c, code.blocked.outer, "run", c.tty,
                                         None if terminal == "lab" else terminal)
            return procs.attached(engine, c, mark)
        procs.finish(engine, c, code, quiet=True)
        if detach:
            return Result(0, c.id + "\n", "")
        if c.tty:                  # a pseudo-terminal: one stream, \r\n line ends
            return Result(code, interactive.tty_text(out + err), "")
        return Result(code, out, err)
    except StartError as e:
        engine.abort_start(c, before, e.message)
        if c.auto_remove and c.name in engine.containers:
            engine.remove(c, remove_volumes=True)
        return Result(status_code(e.message), c.id + "\n" if detach else "",
                      f"docker: Error response from daemon: {trim_dot(e.message)}.\n")
