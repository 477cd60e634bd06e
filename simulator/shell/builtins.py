"""ash's builtins (cd, exit, export, set, test, echo, ...) and compound commands.

Special builtins (exit, export, set, ...) keep prefix assignments and make the shell
exit when their redirections fail; `cd`'s errors read "sh: cd: line N: can't cd to D:
strerror" with status 2; `exit` with a bad number is "Illegal number" and ends the
shell with 2.
"""
from __future__ import annotations

import re

from simulator.fs import paths
from simulator.fs import is_dir
from simulator.errors import FsError
from simulator.shell.applets.base import AppletExit, Cmd
from simulator.shell.applets.info import echo_applet, printf_applet, test_applet
from simulator.shell.blocking import Blocked, NoBlock, b_read, b_trap
from simulator.shell.applets import APPLETS
from simulator.shell.control import LoopControl, ShellExit
from simulator.shell.expand import expand_words
from simulator.shell.parser import Parser, ShellSyntaxError

SPECIAL = {":", "exit", "export", "unset", "set", "shift", "exec", "eval", ".", "break", "continue",
           "readonly", "trap", "return"}


def sh_quote(s: str) -> str:
    """How `set -x` shows an argument: bare when safe, else in single quotes."""
    if s and re.fullmatch(r"[A-Za-z0-9_/.,:=+@%^-]+", s):
        return s
    return "'" + s.replace("'", "'\"'\"'") + "'"


def check_writable(sh, st, shown: str) -> None:
    """open(O_WRONLY) of an existing file: EROFS on a read-only mount, then the w bit."""
    if st.mount.read_only:
        raise FsError("EROFS", shown)
    cred, e = sh.proc.cred, st.entry
    if cred.is_root:
        return
    if cred.uid == e.uid:
        bits = e.mode >> 6
    elif cred.gid == e.gid or e.gid in cred.groups:
        bits = e.mode >> 3
    else:
        bits = e.mode
    if not bits & 2:
        raise FsError("EACCES", shown)


def _as_applet(fn):
    """Run an applet's code as an ash builtin: messages say "sh: ..."."""
    def run(sh, argv):
        cmd = Cmd(sh, sh.name, sh.fds[0], sh.fds[1], sh.fds[2], sh.environ())
        try:
            return fn(cmd, argv[1:], argv[0])
        except AppletExit as e:
            return e.status
    return run


def b_true(sh, argv) -> int:
    return 0


def b_false(sh, argv) -> int:
    return 1


def b_cd(sh, argv) -> int:
    args = [a for a in argv[1:] if a not in ("-L", "-P")]
    target = args[0] if args else sh.vars.get("HOME", "")
    print_new = False
    if target == "-":
        target, print_new = sh.vars.get("OLDPWD", ""), True
    if not target:
        return 0
    logical = paths.normalise(target if target.startswith("/") else paths.join(sh.pwd, target))
    cred = sh.proc.cred
    try:
        st = sh.ns.stat(logical, cred, "/")
        if not is_dir(st.entry):
            raise FsError("ENOTDIR", target)
        sh.ns.resolve(paths.join(st.path, "x"), False, cred, "/")     # search permission
    except FsError as e:
        sh.builtin_msg("cd", f"can't cd to {target}: {e.strerror}")
        return 2
    sh.set_var("OLDPWD", sh.pwd)
    sh.cwd, sh.pwd = st.path, logical
    sh.set_var("PWD", logical)
    if print_new:
        sh.fds[1].write(logical + "\n")
    return 0


def b_pwd(sh, argv) -> int:
    sh.fds[1].write((sh.cwd if "-P" in argv[1:] else sh.pwd) + "\n")
    return 0


def b_exit(sh, argv) -> int:
    if len(argv) < 2:
        raise ShellExit(sh.status)
    if not re.fullmatch(r"[0-9]+", argv[1]):
        sh.builtin_msg("exit", f"Illegal number: {argv[1]}")
        raise ShellExit(2)
    raise ShellExit(int(argv[1]) & 255)


def b_export(sh, argv) -> int:
    if len(argv) == 1 or argv[1] == "-p":
        for k in sorted(sh.exported):
            if k in sh.vars:
                sh.fds[1].write(f"export {k}={sh_quote(sh.vars[k])}\n")
        return 0
    for a in argv[1:]:
        name, eq, value = a.partition("=")
        if eq:
            sh.vars[name] = value
        sh.exported.add(name)
    return 0


def b_unset(sh, argv) -> int:
    for name in argv[1:]:
        if name in ("-v", "-f"):
            continue
        sh.vars.pop(name, None)
        sh.exported.discard(name)
    return 0


OPTION_NAMES = {"errexit": "e", "xtrace": "x", "nounset": "u", "noglob": "f", "verbose": "v"}


def b_set(sh, argv) -> int:
    args = argv[1:]
    if not args:
        for k in sorted(sh.vars):
            sh.fds[1].write(f"{k}={sh_quote(sh.vars[k])}\n")
        return 0
    while args:
        a = args[0]
        if a == "--":
            sh.args = args[1:]
            return 0
        if a in ("-o", "+o") and len(args) > 1:
            letter = OPTION_NAMES.get(args[1], "")
            (sh.options.add if a == "-o" else sh.options.discard)(letter)
            args = args[2:]
            continue
        if a[:1] in "-+" and len(a) > 1:
            for c in a[1:]:
                (sh.options.add if a[0] == "-" else sh.options.discard)(c)
            args = args[1:]
            continue
        sh.args = args
        return 0
    return 0


def b_shift(sh, argv) -> int:
    n = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if n > len(sh.args):
        return 1
    sh.args = sh.args[n:]
    return 0


def b_exec(sh, argv) -> int:
    if len(argv) == 1:
        return 0
    raise ShellExit(sh.invoke(argv[1:], []))


def b_eval(sh, argv) -> int:
    parser = Parser(" ".join(argv[1:]))
    sh.status = 0
    sh.budget.enter()
    try:
        while True:
            try:
                node = parser.next_command()
            except ShellSyntaxError as e:
                sh.msg(e.message)
                raise ShellExit(2)
            if node is None:
                return sh.status
            sh.run_list(node)
    finally:
        sh.budget.leave()


def b_dot(sh, argv) -> int:
    if len(argv) < 2:
        return 0
    try:
        text = sh.ns.read(argv[1], sh.proc.cred, sh.cwd).to_bytes().decode("utf-8", "replace")
    except FsError as e:
        sh.builtin_msg(".", f"can't open '{argv[1]}': {e.strerror}")
        raise ShellExit(2)
    return b_eval(sh, ["eval", text])


def b_umask(sh, argv) -> int:
    if len(argv) == 1:
        sh.fds[1].write(f"{sh.umask:04o}\n")
        return 0
    if not re.fullmatch(r"[0-7]{1,4}", argv[1]):
        sh.builtin_msg("umask", f"Illegal mode: {argv[1]}")
        return 1
    sh.umask = int(argv[1], 8)
    return 0


def b_loop(sh, argv) -> int:
    n = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if sh.loop_depth:
        raise LoopControl(argv[0], n)
    return 0


def b_command(sh, argv) -> int:
    args = argv[1:]
    if args[:1] == ["-v"]:
        status = 1
        for name in args[1:]:
            if name in BUILTINS or name in APPLETS or "/" in name and paths.basename(name) in APPLETS:
                sh.fds[1].write(name + "\n")
                status = 0
        return status
    return sh.invoke(args, []) if args else 0


BUILTINS = {
    ":": b_true, "true": b_true, "false": b_false, "cd": b_cd, "pwd": b_pwd, "exit": b_exit,
    "export": b_export, "unset": b_unset, "set": b_set, "shift": b_shift, "exec": b_exec,
    "eval": b_eval, ".": b_dot, "umask": b_umask, "break": b_loop, "continue": b_loop,
    "command": b_command, "trap": b_trap, "read": b_read, "wait": b_true, "readonly": b_export,
    "echo": _as_applet(echo_applet), "printf": _as_applet(printf_applet),
    "test": _as_applet(test_applet), "[": _as_applet(test_applet),
}


# ---- compound commands ----------------------------------------------------------------
def compound(sh, node, resume=None) -> int:
    """A compound command; RESUME: the frames of one that waited (shell/blocking.py)."""
    kind = node.kind
    if kind == "subshell":
        sub = sh.subshell()
        try:
            with NoBlock(sh.proc):
                sub.run_list(node.parts[0])
            sh.status = sub.status
        except ShellExit as e:
            sh.status = e.status
        except LoopControl:
            sh.status = sub.status
        return sh.status
    if kind == "group":
        return sh.run_list(node.parts[0], resume)
    if kind == "if":
        return _if(sh, *node.parts, resume=resume)
    if kind in ("while", "until"):
        return _while(sh, kind == "until", *node.parts, resume=resume)
    return _for(sh, *node.parts, resume=resume)


def _condition(sh, cond, resume=None) -> bool:
    sh.cond_depth += 1
    try:
        sh.run_list(cond, resume)
    finally:
        sh.cond_depth -= 1
    return sh.status == 0


def _if(sh, branches, otherwise, resume=None) -> int:
    k, phase = resume.pop()[1:] if resume else (0, "cond")
    try:
        if phase == "body":
            return sh.run_list(branches[k][1] if k < len(branches) else otherwise, resume)
        for k in range(k, len(branches)):
            cond, body = branches[k]
            if _condition(sh, cond, resume):
                resume = None
                phase = "body"
                return sh.run_list(body)
            resume = None
        if otherwise is not None:
            k, phase = len(branches), "body"
            return sh.run_list(otherwise)
    except Blocked as b:
        b.frames.append(("if", k, phase))
        raise
    sh.status = 0
    return 0


def _loop_body(sh, body, resume=None) -> str | None:
    """Run a loop body; returns "break"/"continue" when the body asked for it."""
    sh.loop_depth += 1
    try:
        sh.run_list(body, resume)
    except LoopControl as c:
        if c.count > 1:
            c.count -= 1
            raise
        return c.kind
    finally:
        sh.loop_depth -= 1
    return None


def _while(sh, until: bool, cond, body, resume=None) -> int:
    # a loop that never waits is stopped by the command's work budget; one whose body
    # sleeps waits in virtual time (shell/blocking.py)
    phase, status = resume.pop()[1:] if resume else ("cond", 0)
    while True:
        try:
            if phase == "cond":
                if resume is None:
                    sh.budget.charge()
                if _condition(sh, cond, resume) == until:
                    break
                phase, resume = "body", None
            ctl = _loop_body(sh, body, resume)
        except Blocked as b:
            b.frames.append(("while", phase, status))
            raise
        phase, resume = "cond", None
        status = sh.status
        if ctl == "break":
            break
    sh.status = status
    return status


def _for(sh, name, words, body, resume=None) -> int:
    if resume:
        _, items, start, status = resume.pop()
    else:
        items, start, status = (sh.args if words is None else expand_words(sh, words)), 0, 0
    for i in range(start, len(items)):
        try:
            if resume is None:
                sh.budget.charge()
                sh.set_var(name, items[i])
            ctl = _loop_body(sh, body, resume)
        except Blocked as b:
            b.frames.append(("for", list(items), i, status))
            raise
        resume = None
        status = sh.status
        if ctl == "break":
            break
    sh.status = status
    return status
