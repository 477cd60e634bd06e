"""`docker ARGS...`: which command handles it."""
from __future__ import annotations

from simulator.cli import cp, diskusage, housekeeping
from simulator.cli import build, compose, exportimport, images, info, lifecycle, pull, run, saveload, signals, volume
from simulator.cli.result import Result

MANAGEMENT_ALIASES = {("container", "ls"): "ps", ("container", "list"): "ps", ("container", "remove"): "rm",
                      ("image", "ls"): "images", ("image", "list"): "images"}


def run_docker(engine, argv: list[str], run_command) -> Result:
    """Run one docker command line (without the leading `docker`) on the engine."""
    if not argv:
        return Result(0, "\nUsage:  docker [OPTIONS] COMMAND\n", "")
    sub, rest = argv[0], argv[1:]
    if sub == "image" and rest and rest[0] == "prune":
        return housekeeping.docker_image_prune(engine, rest[1:])
    if sub == "container" and rest and rest[0] == "prune":
        sub, rest = "container-prune", rest[1:]
    elif sub == "container" and rest and rest[0] == "inspect":
        from simulator.cli.inspect import docker_inspect
        return docker_inspect(engine, rest[1:], kind="container", command="container inspect")
    if sub == "container" and rest:
        sub, rest = MANAGEMENT_ALIASES.get(("container", rest[0]), rest[0]), rest[1:]
    handlers = {
        "run": lambda: run.docker_run(engine, rest, run_command),
        "create": lambda: run.docker_run(engine, rest, run_command, create_only=True),
        "start": lambda: lifecycle.docker_start(engine, rest, run_command),
        "stop": lambda: lifecycle.docker_stop(engine, rest),
        "restart": lambda: lifecycle.docker_stop(engine, rest, restart=True, run_command=run_command),
        "rm": lambda: lifecycle.docker_rm(engine, rest),
        "exec": lambda: lifecycle.docker_exec(engine, rest, run_command),
        "logs": lambda: lifecycle.docker_logs(engine, rest),
        "kill": lambda: signals.docker_kill(engine, rest),
        "wait": lambda: signals.docker_wait(engine, rest),
        "pause": lambda: signals.docker_pause(engine, rest),
        "unpause": lambda: signals.docker_pause(engine, rest, pause=False),
        "top": lambda: signals.docker_top(engine, rest),
        "volume": lambda: volume.docker_volume(engine, rest),
        "cp": lambda: cp.docker_cp(engine, rest),
        "system": lambda: diskusage.docker_system(engine, rest),
        "rename": lambda: housekeeping.docker_rename(engine, rest),
        "container-prune": lambda: housekeeping.docker_container_prune(engine, rest),
        "build": lambda: build.docker_build(engine, rest),
        "buildx": lambda: build.docker_buildx(engine, rest),
        "commit": lambda: images.docker_commit(engine, rest),
        "images": lambda: images.docker_images(engine, rest),
        "history": lambda: images.docker_history(engine, rest),
        "rmi": lambda: images.docker_rmi(engine, rest),
        "image": lambda: images.docker_image(engine, rest),
        "pull": lambda: pull.docker_pull(engine, rest),
        "tag": lambda: pull.docker_tag(engine, rest),
        "save": lambda: saveload.docker_save(engine, rest),
        "load": lambda: saveload.docker_load(engine, rest),
        "export": lambda: exportimport.docker_export(engine, rest),
        "import": lambda: exportimport.docker_import(engine, rest),
        "compose": lambda: compose.docker_compose(engine, rest, run_command),
    }
    for name, handler in info.COMMANDS.items():
        handlers[name] = (lambda h: lambda: h(engine, rest))(handler)
    handler = handlers.get(sub)
    if handler is None:
        return Result(1, "", f"docker: '{sub}' is not a docker command.\nSee 'docker --help'\n")
    return handler()

