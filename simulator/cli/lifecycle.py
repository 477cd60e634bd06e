"""`docker start`, `stop`, `restart`, `rm`, `exec` and `logs`, with Docker's outputs and messages."""
from __future__ import annotations

from simulator.errors import DockerError
from simulator.cli import interactive, procs, signals
from simulator.cli.procs import SIGTERM
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.cli.run import start_and_run

RUNC_EXEC = "OCI runtime exec failed: exec failed: unable to start container process: "


def no_such(ref: str) -> Result:
    return Result(1, "", f"Error response from daemon: No such container: {ref}\n")


def _refs(argv, flags, command, usage, summary):
    opts = parse(argv, flags, command, interspersed=True)
    if not opts.args:
        raise usage_error(command, "requires at least 1 argument", usage, summary)
    return opts


def docker_start(engine, argv, run_command) -> Result:
    try:
        opts = _refs(argv, [Flag(("-a", "--attach"), "attach"), Flag(("-i", "--interactive"), "attach")],
                     "start", "start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers")
    except DockerError as e:
        return cli_error(e)
    if opts.get("attach"):
        if len(opts.args) > 1:
            return Result(1, "", "you cannot start and attach multiple containers at once\n")
        c = engine.find_container(opts.args[0])
        if c is None:
            return no_such(opts.args[0])
        if c.running:
            return Result(0, "", "")
        try:
            engine.verify_mounts(c)
        except DockerError as e:
            return Result(1, "", f"Error response from daemon: {e.message}\n")
        return start_and_run(engine, c, run_command, detach=False, attach=True)
    out, errs, failed = "", "", []
    for ref in opts.args:
        c = engine.find_container(ref)
        if c is None:
            errs += f"Error response from daemon: No such container: {ref}\n"
            failed.append(ref)
            continue
        if not c.running:
            try:
                engine.verify_mounts(c)
            except DockerError as e:
                errs += f"Error response from daemon: {e.message}\n"
                failed.append(ref)
                continue
            res = start_and_run(engine, c, run_command, detach=False, attach=False)
            if res.exit_code and res.stderr.startswith("docker: Error response from daemon: "):
                errs += "Error response from daemon: " + res.stderr[len("docker: Error response from daemon: "):-2] + "\n"
                failed.append(ref)
                continue
        out += ref + "\n"
    if failed:
        errs += f"Error: failed to start containers: {', '.join(failed)}\n"
        return Result(1, out, errs)
    return Result(0, out, errs)


def docker_stop(engine, argv, restart: bool = False, run_command=None) -> Result:
    command = "restart" if restart else "stop"
    try:
        opts = _refs(argv, [Flag(("-t", "--time"), "time", True), Flag(("-s", "--signal"), "signal", True)],
                     command, f"{command} [OPTIONS] CONTAINER [CONTAINER...]",
                     "Restart one or more containers" if restart else "Stop one or more running containers")
    except DockerError as e:
        return cli_error(e)
    grace, bad = signals.parse_grace(opts, command)
    sig = SIGTERM
    if bad is None and opts.get("signal"):
        sig, why = signals.parse_signal(opts.get("signal"))
        if sig is None:
            bad = Result(1, "", f"Error response from daemon: {why}\n")
    if bad is not None:
        return bad
    code, out, errs = 0, "", ""
    found = {ref: engine.find_container(ref) for ref in opts.args}
    if not restart:              # the CLI stops them in parallel: one grace period for all
        procs.stop_all(engine, [c for c in found.values() if c is not None], grace, sig)
    for ref in opts.args:
        c = found[ref]
        if c is None:
            code, errs = 1, errs + f"Error response from daemon: No such container: {ref}\n"
            continue
        if not restart:          # stopped above (a --rm one removed itself as it stopped)
            out += ref + "\n"
            continue
        procs.stop(engine, c, grace, sig)
        res = start_and_run(engine, c, run_command, detach=False, attach=False)
        if res.exit_code and res.stderr.startswith("docker: Error response from daemon: "):
            code = 1
            msg = res.stderr[len("docker: Error response from daemon: "):-2]
            errs += f"Error response from daemon: Cannot restart container {ref}: {msg}\n"
            continue
        out += ref + "\n"
    return Result(code, out, errs)


def docker_rm(engine, argv) -> Result:
    try:
        opts = _refs(argv, [Flag(("-f", "--force"), "force"), Flag(("-v", "--volumes"), "volumes"),
                            Flag(("-l", "--link"), "link")],
                     "rm", "rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers")
    except DockerError as e:
        return cli_error(e)
    code, out, errs = 0, "", ""
    for ref in opts.args:
        c = engine.find_container(ref)
        if c is None:
            errs += f"Error response from daemon: No such container: {ref}\n"
            if not opts.get("force"):          # -f: the error is printed, the exit is 0
                code = 1
            continue
        if c.running and not opts.get("force"):
            code = 1
            errs += (f'Error response from daemon: cannot remove container "/{c.name}": container is '
                     "running: stop the container before removing or force remove\n")
            continue
        engine.remove(c, remove_volumes=bool(opts.get("volumes")))
        out += ref + "\n"
    return Result(code, out, errs)


EXEC_FLAGS = [Flag(("-d", "--detach"), "detach"), Flag(("-i", "--interactive"), "interactive"),
              Flag(("-t", "--tty"), "tty"), Flag(("-u", "--user"), "user", True),
              Flag(("-w", "--workdir"), "workdir", True), Flag(("-e", "--env"), "env", True, True),
              Flag(("--privileged",), "privileged")]


def docker_exec(engine, argv, run_command) -> Result:
    try:
        opts = parse(argv, EXEC_FLAGS, "exec")
        if len(opts.args) < 2:
            raise usage_error("exec", "requires at least 2 arguments", "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
                              "Execute a command in a running container")
    except DockerError as e:
        return cli_error(e)
    terminal = getattr(engine, "terminal", None)
    if opts.get("interactive") and opts.get("tty") and not opts.get("detach") and terminal is None:
        return Result(1, "", "the input device is not a TTY\n")
    c = engine.find_container(opts.args[0])
    if c is None:
        return no_such(opts.args[0])
    if not c.running:
        return Result(1, "", f"Error response from daemon: container {c.id} is not running\n")
    if c.paused:
        return Result(1, "", f"Error response from daemon: Container {opts.args[0]} is paused, "
                             "unpause the container before exec\n")
    env = dict(c.env)
    for item in opts.get("env", []):
        k, _, v = item.partition("=")
        env[k] = v
    if opts.get("interactive") and not opts.get("detach") and terminal is not None:
        code, out, err = run_command(c, opts.args[1:], opts.get("user") or c.user, opts.get("workdir") or c.workdir,
                                     env, exec_mode=True, terminal=True, tty=bool(opts.get("tty")))
        if isinstance(code, procs.Waiting):     # a shell on the terminal: the lines typed at it
            return interactive.begin(engine, c, code.blocked.outer, "exec", bool(opts.get("tty")),
                                     None if terminal == "lab" else terminal)
        return Result(code, interactive.tty_text(out + err) if opts.get("tty") else out, "" if opts.get("tty") else err)
    code, out, err = run_command(c, opts.args[1:], opts.get("user") or c.user, opts.get("workdir") or c.workdir, env,
                                 exec_mode=True)
    if opts.get("detach"):
        return Result(0, "", "")
    return Result(code, out, err)


def docker_logs(engine, argv) -> Result:
    try:
        opts = parse(argv, [Flag(("-f", "--follow"), "follow"), Flag(("-t", "--timestamps"), "timestamps"),
                            Flag(("-n", "--tail"), "tail", True)],
                     "logs", interspersed=True)
        if len(opts.args) != 1:
            raise usage_error("logs", "requires exactly 1 argument", "logs [OPTIONS] CONTAINER",
                              "Fetch the logs of a container")
    except DockerError as e:
        return cli_error(e)
    c = engine.find_container(opts.args[0])
    if c is None:
        return no_such(opts.args[0])
    out, err = signals.logs_text(c, opts.get("tail"))
    if opts.get("follow") and c.running:       # the simulator prints what is there and says so
        from simulator.messages import Catalog
        err += Catalog().t("note.proc-logs-follow") + "\n"
    return Result(0, out, err)
