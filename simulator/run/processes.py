"""Running a command: in a container (docker run/exec/start) or on the host, through the mini shell."""
from __future__ import annotations

from simulator.fs import paths
from simulator.errors import DockerError, FsError
from simulator.fs import Cred
from simulator import shell
from simulator.cli import Waiting, advance
from simulator.shell import APPLETS


def is_command(name: str) -> bool:
    """The simulated images have BusyBox: every applet name is a command on the PATH."""
    return name in APPLETS


DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
RUNC_EXEC = "OCI runtime exec failed: exec failed: unable to start container process: "


def run_host_command(engine, text: str):
    ns = engine.host_namespace()
    proc = shell.Process(ns, Cred(), "/", {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root"},
                         budget=shell.Budget(parent=engine.work))
    proc.clock_ms = engine.clock_ms      # `date` shows the virtual clock
    code = shell.run_script(text, proc)
    if proc.elapsed_ms:                  # a host `sleep N` step: the clock moves on, containers wake
        advance(engine, engine.clock_ms + proc.elapsed_ms)
    return code, proc.stdout, proc.stderr


def _lookup_command(ns, argv0: str, workdir: str, path_env: str):
    """Go's exec.LookPath as runc runs it. Returns (program path or None for an applet,
    runc's message or None): a path must exist and be executable; a bare name is a
    BusyBox applet, or an executable file in a $PATH directory of the image."""
    if "/" in argv0:
        p = argv0 if argv0.startswith("/") else paths.join(workdir, argv0)
        try:
            st = ns.stat(p)
        except FsError as e:
            if is_command(paths.basename(argv0)) and e.errno == "ENOENT":
                return None, None    # the image has no /bin: the applet of that name runs
            return None, f'exec: "{argv0}": stat {argv0}: {e.strerror.lower()}'
        if st.entry.kind == "dir" or not st.entry.mode & 0o111:
            return None, f'exec: "{argv0}": permission denied'
        return (None if is_command(paths.basename(argv0)) and st.entry.kind != "file" else st.path), None
    if is_command(argv0):
        return None, None
    for d in path_env.split(":"):
        try:
            st = ns.stat(paths.join(d or workdir, argv0))
        except FsError:
            continue
        if st.entry.kind == "file" and st.entry.mode & 0o111:
            return st.path, None
    return None, f'exec: "{argv0}": executable file not found in $PATH'


def _program(ns, program: str, argv: list[str]):
    """What the kernel's execve makes of a file: a `#!` script runs its interpreter (the
    simulated BusyBox sh for a shell, as in a BusyBox image); anything else is not a format
    it can run. Returns (argv to run, or None, and the error runc prints after the start)."""
    head = ns.read(program).truncated(256).to_bytes()
    if not head.startswith(b"#!"):
        return None, f"exec {program}: exec format error"
    words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
    if not words or not is_command(paths.basename(words[0])):
        return None, f"exec {program}: no such file or directory"
    return [paths.basename(words[0]), *words[1:2], program, *argv[1:]], None


def run_in_container(engine, c, argv, user=None, workdir=None, env=None, exec_mode: bool = False,
                     terminal: bool = False, tty: bool = False):
    """Run argv in the running container. Before it starts, runc checks the user, the
    working directory and the command; failures give runc's messages."""
    from simulator.docker import StartError
    user = c.user if user is None else user
    workdir = c.workdir if workdir is None else workdir
    env = dict(c.env if env is None else env)
    ns = engine.namespace(c)
    try:
        cred = engine.process_cred(c, user)
    except DockerError as e:
        if exec_mode:
            return 126, e.message + "\r\n", ""
        raise StartError(e.message, exit_code=125)
    msg = None
    if not ns.exists(workdir) or ns.stat(workdir).entry.kind != "dir":
        msg = f'chdir to cwd ("{workdir}") set in config.json failed: no such file or directory'
    elif not argv:
        msg = 'exec: "": executable file not found in $PATH'
    else:
        program, msg = _lookup_command(ns, argv[0], workdir, {**c.env, **env}.get("PATH", DEFAULT_PATH))
    if msg:
        if exec_mode:
            return 126, RUNC_EXEC + msg + ": unknown\r\n", ""
        raise StartError("failed to create task for container: failed to create shim task: OCI runtime create "
                         "failed: runc create failed: unable to start container process: " + msg + ": unknown",
                         exit_code=127)
    full_env = {"PATH": DEFAULT_PATH,
                "HOSTNAME": c.id[:12], "HOME": "/root" if cred.uid == 0 else "/"}
    full_env.update(env)
    if getattr(c.image, "program", "") and not exec_mode:
        # a pulled image's entrypoint (docker/catalog/programs.py): its effects on storage,
        # then its server keeps running (code None) or it exec's the command it was given
        from simulator.docker import programs
        outcome = programs.start(c.image.program, engine, c, ns, list(argv), full_env, cred)
        if outcome is not None and outcome.exec_argv is None:
            c.active = {t: m for t, m in ns.mounts.items() if t != "/"}
            return outcome.code, outcome.out, outcome.err
        if outcome is not None:
            argv = outcome.exec_argv
            if not argv:
                return 0, outcome.out, outcome.err
            program, msg = _lookup_command(ns, argv[0], workdir, full_env.get("PATH", DEFAULT_PATH))
            if msg:
                return 127, "", msg + "\n"
    proc = shell.Process(ns, cred, workdir, full_env, budget=shell.Budget(parent=engine.work))
    proc.clock_ms = engine.clock_ms      # `date` shows the virtual clock
    if program is not None:
        argv, failure = _program(ns, program, list(argv))
        if failure and exec_mode:
            return 126, RUNC_EXEC + failure + ": unknown\r\n", ""
        if failure:        # the container started; its process could not be executed
            return 1, "", failure + "\n"
    proc.blocking = not exec_mode          # a main process waits in virtual time (cli/procs.py)
    proc.tty = bool(c.tty) and not exec_mode or tty
    proc.stdin_open = bool(c.stdin_open) and not exec_mode
    if (c.stdin_open and not exec_mode or terminal) and reads_stdin(argv):
        # `-i`: stdin stays open, so a shell or `cat` with nothing to read waits for input
        code = Waiting(shell.Blocked(None, "stdin"))
        code.blocked.outer = shell.Shell(proc, arg0=argv[0].rpartition("/")[2]).start(proc.env)
        code.blocked.frames = [("stdin",)]
        return code, "", ""
    try:
        code = shell.run_argv(list(argv), proc)
    except shell.Blocked as b:
        code = Waiting(b, proc.elapsed_ms)
    # mount points may have moved with a renamed directory
    c.active = {t: m for t, m in ns.mounts.items() if t != "/"}
    if exec_mode and proc.elapsed_ms:      # `docker exec c sleep 5` takes 5 s of the clock
        advance(engine, engine.clock_ms + proc.elapsed_ms)
    return code, proc.stdout, proc.stderr


def reads_stdin(argv) -> bool:
    """A shell without a script, or `cat` of stdin: what `-i` keeps waiting."""
    name, args = argv[0].rpartition("/")[2], list(argv[1:])
    if name in ("sh", "ash", "bash"):
        return not any(a == "-c" or (a.startswith("-") and "c" in a and not a.startswith("--")) for a in args) \
            and not [a for a in args if not a.startswith("-")]
    return name == "cat" and all(a == "-" for a in args if not a.startswith("-") or a == "-")
