"""`docker kill`, `wait`, `pause`, `unpause`, `top`, and the clock side of `stop`/`restart`/`logs`:
Docker 26.1.5's outputs and messages (recorded: tests/docker_recordings/lifecycle*.json)."""
from __future__ import annotations

from simulator.errors import DockerError
from simulator.cli import procs
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.shell import SIGRTMAX, signal_number


def _refs(argv, flags, command, usage, summary, at_least=True):
    opts = parse(argv, flags, command, interspersed=True)
    if not opts.args:
        raise usage_error(command, "requires at least 1 argument", usage, summary)
    return opts


def parse_signal(raw: str) -> tuple[int | None, str]:
    """moby's signal.ParseSignal, then the daemon's check: (number, error)."""
    num = signal_number(raw)
    if num is None or num == 0 and raw.isdigit():
        return None, f"invalid signal: {raw}"
    if num > SIGRTMAX:
        return None, f"the linux daemon does not support signal {num}"
    return num, ""


def docker_kill(engine, argv) -> Result:
    try:
        opts = _refs(argv, [Flag(("-s", "--signal"), "signal", True)], "kill",
                     "kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers")
    except DockerError as e:
        return cli_error(e)
    raw = opts.get("signal") or "KILL"
    code, out, errs = 0, "", ""
    for ref in opts.args:
        c = engine.find_container(ref)
        sig, bad = parse_signal(raw)
        if c is None:
            bad = f"No such container: {ref}"
        elif not bad and not c.running:
            bad = f"container {c.id} is not running"
        if bad:
            code, errs = 1, errs + f"Error response from daemon: cannot kill container: {ref}: {bad}\n"
            continue
        procs.deliver(engine, c, sig)
        out += ref + "\n"
    return Result(code, out, errs)


def docker_wait(engine, argv) -> Result:
    try:
        opts = _refs(argv, [], "wait", "wait CONTAINER [CONTAINER...]",
                     "Block until one or more containers stop, then print their exit codes")
    except DockerError as e:
        return cli_error(e)
    from simulator.messages import Catalog
    code, out, errs = 0, "", ""
    for ref in opts.args:
        c = engine.find_container(ref)
        if c is None:
            code, errs = 1, errs + f"Error response from daemon: No such container: {ref}\n"
            continue
        if c.running and not procs.follow(engine, c):
            code, errs = 1, errs + Catalog().t("note.proc-wait-forever", name=ref) + "\n"
            continue
        out += f"{c.exit_code}\n"
    return Result(code, out, errs)


def docker_pause(engine, argv, pause: bool = True) -> Result:
    command = "pause" if pause else "unpause"
    try:
        opts = _refs(argv, [], command, f"{command} CONTAINER [CONTAINER...]",
                     "Pause all processes within one or more containers" if pause else
                     "Unpause all processes within one or more containers")
    except DockerError as e:
        return cli_error(e)
    code, out, errs = 0, "", ""
    for ref in opts.args:
        c = engine.find_container(ref)
        if c is None:
            bad = f"No such container: {ref}"
        elif pause and not c.running:
            bad = f"container {c.id} is not running"
        elif pause and c.paused:
            bad = f"Container {c.id} is already paused"
        elif not pause and not c.paused:
            bad = f"Container {c.id} is not paused"
        else:
            bad = ""
        if bad:
            code, errs = 1, errs + f"Error response from daemon: {bad}\n"
            continue
        if pause:
            c.paused = True
            engine.emit("container-pause", container=c.name)
        else:
            engine.emit("container-unpause", container=c.name)
            procs.thaw(engine, c)
        out += ref + "\n"
    return Result(code, out, errs)


TOP_HEAD = ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")


def docker_top(engine, argv) -> Result:
    """`ps -ef` of the container's processes: PIDs as the host numbers them (made up here,
    from the container's creation order), the start time on the virtual clock."""
    try:
        opts = parse(argv, [], "top", interspersed=False)
        if not opts.args:
            raise usage_error("top", "requires at least 1 argument", "top CONTAINER [ps OPTIONS]",
                              "Display the running processes of a container")
    except DockerError as e:
        return cli_error(e)
    ref = opts.args[0]
    c = engine.find_container(ref)
    if c is None:
        return Result(1, "", f"Error response from daemon: No such container: {ref}\n")
    if not c.running:
        return Result(1, "", f"Error response from daemon: container {c.id} is not running\n")
    rows = [TOP_HEAD]
    stime = _clock_text(c.started_ms)
    pid = 1000 + 100 * c.created_seq
    uid = c.user.partition(":")[0] if c.user else "root"
    if c.init:
        rows.append((uid, str(pid), str(pid - 20), "0", stime, "?", "00:00:00", "/sbin/docker-init -- " + _cmd(c)))
        rows.append((uid, str(pid + 1), str(pid), "0", stime, "?" if not c.tty else "pts/0", "00:00:00", _cmd(c)))
    else:
        rows.append((uid, str(pid), str(pid - 20), "0", stime, "?" if not c.tty else "pts/0", "00:00:00", _cmd(c)))
    text = ""
    for row in rows:
        text += "".join(cell.ljust(20) for cell in row[:-1]) + row[-1] + "\n"
    return Result(0, text, "")


def _cmd(c) -> str:
    return " ".join(c.cmd) if c.cmd else "sh"


def _clock_text(ms: int) -> str:
    """HH:MM of the virtual clock (it starts at midnight)."""
    minutes = ms // 60000
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def parse_grace(opts, command: str) -> tuple[int | None, Result | None]:
    raw = opts.get("time")
    if raw is None:
        return None, None
    try:
        return int(raw, 10), None
    except ValueError:
        return None, Result(125, "", f'invalid argument "{raw}" for "-t, --time" flag: strconv.ParseInt: '
                                     f'parsing "{raw}": invalid syntax\nSee \'docker {command} --help\'.\n')


def logs_text(c, tail: str | None) -> tuple[str, str]:
    """`docker logs [--tail N]`: the last N lines of both streams (anything but a number: all)."""
    lines = procs.log_lines(c)
    if tail is not None and tail.isdigit():
        n = int(tail)
        lines = lines[len(lines) - n:] if n else []
    out = "".join(line for stream, line in lines if stream == "stdout")
    err = "".join(line for stream, line in lines if stream == "stderr")
    return out, err
