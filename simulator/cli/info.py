"""Commands that only read the engine: `docker ps`, `diff`, `inspect`."""
from __future__ import annotations

from simulator.cli import formatter, gotemplate
from simulator.cli.contexts import CONTAINER_HEADER, CONTAINER_RAW, CONTAINER_TABLE, container_row
from simulator.cli.gotemplate.gofmt import quote
from simulator.cli.inspect import docker_inspect
from simulator.cli.options import Flag, flag_error, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.docker import apidocs
from simulator.errors import DockerError
from simulator.fs import paths
from simulator.fs import Whiteout, is_dir



PS_STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
PS_FILTERS = ("ancestor", "before", "expose", "exited", "health", "id", "isolation", "is-task", "label", "name",
              "network", "publish", "since", "status", "volume")
PS_FLAGS = [Flag(("-a", "--all"), "all"), Flag(("-s", "--size"), "size"), Flag(("-q", "--quiet"), "quiet"),
            Flag(("--no-trunc",), "notrunc"), Flag(("--format",), "format", True),
            Flag(("-f", "--filter"), "filter", True, True), Flag(("-n", "--last"), "last", True),
            Flag(("-l", "--latest"), "latest")]


def filter_args(items, command: str) -> dict:
    """--filter K=V values by key (keys lower-cased, as docker's filters.ParseFlag)."""
    out: dict = {}
    for item in items:
        if "=" not in item:
            raise DockerError(f'invalid argument "{item}" for "-f, --filter" flag: bad format of filter '
                              f"(expected name=value)\nSee 'docker {command} --help'.", origin="cli", exit_code=125)
        k, _, v = item.partition("=")
        out.setdefault(k.strip().lower(), []).append(v.strip())
    return out


def _ps_keep(engine, c, filters: dict) -> bool:
    import re
    for key, values in filters.items():
        if key == "status" and c.status not in values:
            return False
        if key == "exited" and (c.status != "exited" or c.exit_code not in [int(v) for v in values]):
            return False
        if key == "name" and not any(re.search(v, "/" + c.name) or re.search(v, c.name) for v in values):
            return False
        if key == "id" and not any(c.id.startswith(v) for v in values):
            return False
        if key == "ancestor" and not any(v in (c.image.name, c.image.name.split(":")[0]) or
                                         (v and c.image.id.split(":")[-1].startswith(v.split(":")[-1]))
                                         for v in values):
            return False
        if key == "volume" and not any(m.type != "tmpfs" and (v == m.name or v == m.path or v == m.host_path)
                                       for v in values for m in c.mounts):
            return False
        if key == "label":
            for v in values:
                k, eq, want = v.partition("=")
                if k not in c.labels or (eq and c.labels[k] != want):
                    return False
        if key in ("before", "since"):
            other = engine.find_container(values[-1])
            if (key == "before") != (c.created_seq < other.created_seq) or c is other:
                return False
        if key in ("expose", "publish", "health", "network", "isolation", "is-task"):
            if key == "health" and "none" not in values:
                return False
    return True


def _check_ps_filters(engine, filters: dict) -> None:
    for key, values in filters.items():
        if key not in PS_FILTERS:
            raise DockerError(f"invalid filter '{key}'")
        for v in values:
            if key == "status" and v not in PS_STATUSES:
                raise DockerError(f"invalid filter 'status={v}'")
            if key == "exited" and not v.lstrip("-").isdigit():
                raise DockerError(f"invalid filter 'exited={v}': strconv.Atoi: parsing {quote(v)}: invalid syntax")
            if key == "health" and v not in ("starting", "healthy", "unhealthy", "none"):
                raise DockerError(f"unrecognized filter value for health: {v}")
            if key == "is-task" and v not in ("true", "false"):
                raise DockerError(f"invalid filter 'is-task=[{v}]'")
            if key in ("before", "since") and engine.find_container(v) is None:
                raise DockerError(f"No such container: {v}")


def docker_ps(engine, argv) -> Result:
    try:
        opts = parse(argv, PS_FLAGS, "ps", interspersed=True)
        if opts.args:
            raise usage_error("ps", "accepts no arguments", "ps [OPTIONS]", "List containers")
        last = opts.get("last", "-1")
        if not last.lstrip("-").isdigit():
            raise flag_error(f'invalid argument "{last}" for "-n, --last" flag: strconv.ParseInt: parsing '
                             f'{quote(last)}: invalid syntax', "ps")
        filters = filter_args(opts.get("filter", []), "ps")
        _check_ps_filters(engine, filters)
    except DockerError as e:
        return cli_error(e)
    last = 1 if opts.get("latest") else int(last)
    trunc = not opts.get("notrunc")
    show_all = opts.get("all") or last > 0 or "status" in filters
    cs = sorted((c for c in engine.containers.values()
                 if (c.running or show_all) and _ps_keep(engine, c, filters)), key=lambda c: -c.created_seq)
    if last > 0:
        cs = cs[:last]
    fmt, warning = opts.get("format") or "", ""
    if opts.get("quiet"):
        if fmt and fmt not in ("table",):
            warning = "WARNING: Ignoring custom format, because both --format and --quiet are set.\n"
        fmt = "{{.ID}}"
    elif fmt in ("", "table"):
        fmt = CONTAINER_TABLE + ("\t{{.Size}}" if opts.get("size") else "")
    elif fmt == "raw":
        fmt = CONTAINER_RAW + ("size: {{.Size}}\\n" if opts.get("size") else "")
    size = bool(opts.get("size")) or ".Size" in fmt
    rows = [container_row(apidocs.container_summary(engine, c, size), trunc, size) for c in cs]
    try:
        out = formatter.write(fmt, rows, CONTAINER_HEADER, "failed to parse template", "failed to execute template")
    except DockerError as e:
        return cli_error(e)
    return Result(0, out, warning)


INIT_FILES = ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")


def _init_layer_only(c, path: str, entry) -> bool:
    """What equals the init layer below the writable layer (docker diff compares with it):
    its empty 0755 network files, and /etc holding nothing else."""
    if path in INIT_FILES:
        return entry.kind == "file" and entry.size == 0 and entry.mode & 0o7777 == 0o755
    if path == "/etc" and is_dir(entry):
        return all(paths.join("/etc", n) in INIT_FILES and _init_layer_only(c, paths.join("/etc", n),
                                                                          c.upper.get(paths.join("/etc", n)))
                   for n in c.upper.names("/etc"))
    return False


def diff_lines(c) -> list[tuple[str, str]]:
    """docker diff: the writable layer compared with the image. A: added, C: changed (and
    every directory with a change inside), D: deleted (a deleted directory is one line;
    an opaque directory lists its former direct children as deleted)."""
    view = c.image.view
    out = []
    for path, entry in c.upper.walk():
        if _init_layer_only(c, path, entry):
            continue
        if type(entry) is Whiteout:
            out.append((path, "D"))
            continue
        out.append((path, "C" if view.get(path) is not None else "A"))
        if is_dir(entry) and entry.opaque:
            kept = set(c.upper.names(path))
            out.extend((paths.join(path, n), "D") for n in view.names(path) if n not in kept)
    return sorted(out)


def docker_diff(engine, argv) -> Result:
    if len(argv) != 1 or argv[0].startswith("-"):
        return Result(1, "", '"docker diff" requires exactly 1 argument.\nSee \'docker diff --help\'.\n\n'
                             "Usage:  docker diff CONTAINER\n\nInspect changes to files or directories on a "
                             "container's filesystem\n")
    c = engine.find_container(argv[0])
    if c is None:
        return Result(1, "", f"Error response from daemon: No such container: {argv[0]}\n")
    return Result(0, "".join(f"{kind} {p}\n" for p, kind in diff_lines(c)), "")


def render_template(fmt: str, obj) -> str:
    """One template over a document decoded from JSON (the simulator's Go templates); raises
    DockerError with Go's message, as callers frame it themselves."""
    try:
        return gotemplate.render(fmt, obj)
    except gotemplate.TemplateError as e:
        raise DockerError(e.go_message) from None


COMMANDS = {"ps": docker_ps, "diff": docker_diff, "inspect": docker_inspect}
