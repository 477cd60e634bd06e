"""The applets, by name. Each is `fn(cmd: Cmd, args: list[str]) -> int`."""
from __future__ import annotations

from simulator.shell.applets import archive, dirs, files, info
from simulator.shell.applets.tools import TOOLS


def sh(cmd, args) -> int:
    """`sh -c 'SCRIPT' [ARG0 [ARGS...]]`, `sh FILE [ARGS]`, or a script on stdin: a new
    shell that inherits the working directory and the exported environment."""
    opts = set()
    i = 0
    while i < len(args) and args[i].startswith(("-", "+")) and args[i] not in ("-", "--"):
        opts.update(args[i][1:])
        i += 1
    if i < len(args) and args[i] == "--":
        i += 1
    rest = args[i:]
    parent = cmd.shell
    if "c" in opts:
        if not rest:
            cmd.err(f"{cmd.name}: -c requires an argument\n")
            return 2
        text, arg0, params = rest[0], (rest[1] if len(rest) > 1 else cmd.argv0), rest[2:]
    elif rest:
        try:
            text = cmd.read(rest[0]).to_bytes().decode("utf-8", "replace")
        except Exception as e:   # FsError
            cmd.err(f"{cmd.name}: can't open '{rest[0]}': {getattr(e, 'strerror', e)}\n")
            return 2
        arg0, params = rest[0], rest[1:]
    else:
        text, arg0, params = cmd.stdin, cmd.argv0, []
    child = type(parent)(parent.proc, cmd.out_stream, cmd.err_stream, cmd.stdin if "c" in opts or rest else "",
                  arg0, params, parent=parent)
    child.start(cmd.env)
    child.options = {o for o in opts if o in "eux"}
    return child.run_text(text)


def busybox(cmd, args) -> int:
    """`busybox APPLET ARGS`: the multi-call binary."""
    if not args:
        cmd.usage()
    return cmd.shell.exec_applet(args, cmd.env)


APPLETS = {
    "sh": sh, "ash": sh, "busybox": busybox,
    "cat": files.cat, "touch": files.touch, "rm": files.rm, "mv": files.mv, "cp": files.cp,
    "ln": files.ln, "truncate": files.truncate, "dd": files.dd, "chmod": files.chmod, "chown": files.chown,
    "ls": dirs.ls, "mkdir": dirs.mkdir, "rmdir": dirs.rmdir,
    "echo": info.echo_applet, "printf": info.printf_applet, "test": info.test_applet, "[": info.test_applet,
    "true": info.true, "false": info.false, "sleep": info.sleep, "id": info.id_, "whoami": info.whoami,
    "pwd": info.pwd, "env": info.env, "stat": info.stat, "tar": archive.tar,
}
APPLETS.update(TOOLS)        # head tail grep sed find ... (applets/tools.py)
