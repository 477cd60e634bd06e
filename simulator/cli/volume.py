"""`docker volume create | ls | inspect | rm | prune`, with Docker's output shapes and messages."""
from __future__ import annotations

from simulator.cli import formatter
from simulator.cli.contexts import VOLUME_HEADER, VOLUME_TABLE, volume_row
from simulator.docker import apidocs, localdriver
from simulator.errors import DockerError
from simulator.docker import mounts as mountspec
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.cli.humanize import human_size


def docker_volume(engine, argv) -> Result:
    if not argv or argv[0] in ("-h", "--help"):
        return Result(0, VOLUME_HELP, "")
    sub, rest = argv[0], argv[1:]
    handler = {"create": create, "ls": ls, "list": ls, "inspect": inspect, "rm": rm, "remove": rm,
               "prune": prune}.get(sub)
    if handler is None:
        return Result(1, "", f"docker: 'volume {sub}' is not a docker command.\nSee 'docker volume --help'\n")
    try:
        return handler(engine, rest)
    except DockerError as e:
        return cli_error(e)


def create(engine, argv) -> Result:
    opts = parse(argv, [Flag(("--name",), "name", True), Flag(("-d", "--driver"), "driver", True),
                        Flag(("--label",), "label", True, True), Flag(("-o", "--opt"), "opt", True, True)],
                 "volume create", interspersed=True)
    names = ([opts.get("name")] if opts.get("name") else []) + opts.args
    if len(names) > 1:
        raise usage_error("volume create", "requires at most 1 argument", "volume create [OPTIONS] [VOLUME]",
                          "Create a volume")
    name = names[0] if names else None
    if name is not None:
        mountspec.validate_volume_name(name)
    labels = dict(x.partition("=")[::2] for x in opts.get("label", []))
    driver = opts.get("driver") or "local"
    options = localdriver.parse_opts(opts.get("opt", []))
    shown = name if name is not None else ""
    if driver != "local":
        raise DockerError(f'create {shown}: error looking up volume plugin {driver}: plugin "{driver}" not found')
    if name is not None and name in engine.volumes:     # recorded: the existing volume, whatever -o says
        return Result(0, name + "\n", "")
    localdriver.check_options(shown, options, engine.platform)
    # dockerd labels every volume it has to name itself as anonymous
    v = engine.ensure_volume(name, anonymous=name is None, labels=labels, options=options)
    return Result(0, v.name + "\n", "")


def _filters(opts, allowed=("dangling", "name", "driver", "label")) -> dict:
    filters: dict = {}
    for item in opts.get("filter", []):
        if "=" not in item:
            raise DockerError(f'invalid argument "{item}" for "-f, --filter" flag: bad format of filter '
                              "(expected name=value)\nSee 'docker volume ls --help'.", origin="cli", exit_code=125)
        k, _, v = item.partition("=")
        filters.setdefault(k.strip().lower(), []).append(v.strip())
    for k, values in filters.items():
        if k not in allowed:
            raise DockerError(f"invalid filter '{k}'")
        for v in values:
            if k in ("dangling", "all") and v.lower() not in ("true", "false", "1", "0"):
                raise DockerError(f"invalid filter '{k}=[{v}]'")
    return filters


def _keep(engine, name, filters) -> bool:
    import re
    v = engine.volumes[name]
    for k, vals in filters.items():
        if k == "dangling":
            want = {x.lower() in ("true", "1") for x in vals}
            if (not engine.volume_users(name)) not in want:
                return False
        elif k == "name" and not any(re.search(x, name) for x in vals):
            return False
        elif k == "driver" and not any(re.search(x, "local") for x in vals):
            return False
        elif k == "label":
            for x in vals:
                lk, eq, lv = x.partition("=")
                if lk not in v.labels or (eq and v.labels[lk] != lv):
                    return False
    return True


def ls(engine, argv) -> Result:
    opts = parse(argv, [Flag(("-q", "--quiet"), "quiet"), Flag(("-f", "--filter"), "filter", True, True),
                        Flag(("--format",), "format", True)], "volume ls", interspersed=True)
    if opts.args:
        raise usage_error("volume ls", "accepts no arguments", "volume ls [OPTIONS]", "List volumes")
    filters = _filters(opts)
    names = [n for n in sorted(engine.volumes) if _keep(engine, n, filters)]
    fmt = opts.get("format") or "table"
    if opts.get("quiet"):
        fmt = "{{.Name}}"
    elif fmt == "table":
        fmt = VOLUME_TABLE
    elif fmt == "raw":
        fmt = "name: {{.Name}}\\ndriver: {{.Driver}}\\n"
    return Result(0, formatter.write(fmt, [volume_row(apidocs.volume_doc(engine, n)) for n in names], VOLUME_HEADER), "")


def volume_inspect_doc(engine, name) -> dict:
    return apidocs.volume_doc(engine, name)


def inspect(engine, argv) -> Result:
    from simulator.cli.inspect import docker_inspect
    return docker_inspect(engine, argv, kind="volume", command="volume inspect")


def rm(engine, argv) -> Result:
    opts = parse(argv, [Flag(("-f", "--force"), "force")], "volume rm", interspersed=True)
    if not opts.args:
        raise usage_error("volume rm", "requires at least 1 argument", "volume rm [OPTIONS] VOLUME [VOLUME...]",
                          "Remove one or more volumes. You cannot remove a volume that is in use by a container.")
    code, out, errs = 0, "", ""
    for name in opts.args:
        if name not in engine.volumes:
            if opts.get("force"):
                out += name + "\n"
            else:
                code, errs = 1, errs + f"Error response from daemon: get {name}: no such volume\n"
            continue
        try:
            engine.remove_volume(name)
        except DockerError as e:
            code, errs = 1, errs + f"Error response from daemon: {e.message}\n"
            continue
        out += name + "\n"
    return Result(code, out, errs)


def prune(engine, argv) -> Result:
    opts = parse(argv, [Flag(("-a", "--all"), "all"), Flag(("-f", "--force"), "force"),
                        Flag(("--filter",), "filter", True, True)], "volume prune", interspersed=True)
    filters = _filters(opts, allowed=("label", "label!", "all"))
    every = opts.get("all") or any(v.lower() in ("1", "true") for v in filters.get("all", []))
    which = "all" if opts.get("all") else "anonymous"
    if not opts.get("force"):
        # the CLI asks; a scenario has no terminal to answer, so the answer is no
        return Result(0, f"WARNING! This will remove {which} local volumes not used by at least one container.\n"
                         "Are you sure you want to continue? [y/N] ", "")
    gone, space = [], 0
    for n in sorted(engine.volumes):
        v = engine.volumes[n]
        if engine.volume_users(n) or not (v.anonymous or every):
            continue
        if not all(_label_match(v.labels, x) for x in filters.get("label", [])) or \
                any(_label_match(v.labels, x) for x in filters.get("label!", [])):
            continue
        space += v.size
        engine.remove_volume(n)
        gone.append(n)
    out = ("Deleted Volumes:\n" + "".join(n + "\n" for n in gone) + "\n") if gone else ""
    return Result(0, out + f"Total reclaimed space: {human_size(space)}\n", "")


def _label_match(labels: dict, spec: str) -> bool:
    k, eq, want = spec.partition("=")
    return k in labels and (not eq or labels[k] == want)


VOLUME_HELP = """
Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.
"""
