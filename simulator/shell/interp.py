# long module: ash's evaluator: commands, redirections, pipelines and functions share one Shell object
"""The shell itself: runs parsed commands with ash's rules for status, redirections,
special builtins and errors.

Rules modelled (BusyBox ash, non-interactive, `sh -c`):
- the script runs one complete command (line) at a time; a syntax error prints
  "sh: syntax error: ..." and exits 2 after the earlier lines have run;
- a failed redirection prints "sh: can't create F: ..." (ENOENT/ENOTDIR read
  "nonexistent directory"; for `<` "can't open F: no such file"), the command does not
  run and its status is 1; for a special builtin (exit, export, ...) the shell exits;
- an unknown command prints "sh: NAME: not found" and has status 127;
- a builtin's error reads "sh: NAME: line N: ..." (N counts lines from 0 in `sh -c`);
- every element of a pipeline runs in a subshell, so `cd` there has no lasting effect;
- output to a redirected file is buffered like stdio and written when the command ends.
"""
from __future__ import annotations

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import is_dir
from simulator.errors import FsError
from simulator.messages import Catalog
from simulator.shell import builtins as B
from simulator.shell import kernelview
from simulator.shell.applets import APPLETS
from simulator.shell.applets.base import AppletExit, Cmd
from simulator.shell.blocking import Blocked, NoBlock, resume_command
from simulator.shell.control import LoopControl, ShellExit  # noqa: F401 (shell.interp.ShellExit, as before)
from simulator.shell.expand import ExpansionError, expand_string, expand_words
from simulator.shell.parser import CommandList, Compound, Parser, ShellSyntaxError, Simple
from simulator.shell.process import Buffer, Discard, FileStream, Process, ProcessStream


def redirect_errmsg(e: FsError, default: str) -> str:
    # ash's errmsg(): ENOENT and ENOTDIR get ash's own words, the rest strerror()
    return default if e.errno in ("ENOENT", "ENOTDIR") else e.strerror


class Shell:
    def __init__(self, proc: Process, out=None, err=None, stdin: str | None = None, arg0: str = "sh",
                 args: list | None = None, parent: "Shell | None" = None):
        self.proc = proc
        self.ns = proc.ns
        self.arg0 = arg0
        self.args = list(args or [])
        self.status = 0
        self.lineno = 0
        self.cond_depth = 0
        self.loop_depth = 0
        self.pid = 1
        if parent is not None:
            self.cwd, self.pwd = parent.cwd, parent.pwd
            self.vars = dict(parent.vars)
            self.exported = set(parent.exported)
            self.options = set(parent.options)
            self.pid = parent.pid
            self.umask = parent.umask
        else:
            self.cwd = self.pwd = proc.cwd
            self.vars = dict(proc.env)
            self.exported = set(proc.env)
            self.options = set()
            self.umask = proc.umask
        self.persistent: list = []        # files opened by `exec >file`
        self.budget = proc.budget
        self.fds = {0: proc.stdin if stdin is None else stdin,
                    1: out or ProcessStream(proc, "stdout"),
                    2: err or ProcessStream(proc, "stderr")}
        if proc.tty and err is None and out is None:       # a terminal: one stream for both
            self.fds[2] = self.fds[1]
        self.own_streams = [s for s in {id(x): x for x in (self.fds[1], self.fds[2])}.values()
                            if s not in (out, err)]

    @property
    def name(self) -> str:
        return paths.basename(self.arg0) or self.arg0

    # ---- messages ----
    def err(self, text: str) -> None:
        self.fds[2].write(text)

    def msg(self, text: str) -> None:
        """ash_msg: "sh: text"."""
        self.err(f"{self.arg0}: {text}\n")

    def builtin_msg(self, builtin: str, text: str) -> None:
        self.err(f"{self.arg0}: {builtin}: line {self.lineno}: {text}\n")

    # ---- variables ----
    def set_var(self, name: str, value: str, export: bool = False) -> None:
        self.vars[name] = value
        if export:
            self.exported.add(name)

    def environ(self, extra: dict | None = None) -> dict:
        env = {k: v for k, v in self.vars.items() if k in self.exported}
        env.update(extra or {})
        return env

    # ---- what globbing asks of the file system (errors just mean "no match") ----
    def glob_listdir(self, path: str):
        try:
            return self.ns.listdir(path, self.proc.cred, self.cwd)
        except FsError:
            return None

    def glob_lstat(self, path: str) -> bool:
        try:
            self.ns.lstat(path, self.proc.cred, self.cwd)
            return True
        except FsError:
            return False

    def glob_isdir(self, path: str) -> bool:
        try:
            return is_dir(self.ns.stat(path, self.proc.cred, self.cwd).entry)
        except FsError:
            return False

    # ---- running text ----
    def start(self, env: dict) -> "Shell":
        """What ash does to the environment it starts with: PWD is the working directory,
        SHLVL goes up by one; both are exported."""
        self.vars = dict(env)
        self.exported = set(env)
        level = env.get("SHLVL", "0")
        self.set_var("SHLVL", str(int(level) + 1 if level.isdigit() else 1), export=True)
        self.set_var("PWD", self.pwd, export=True)
        return self

    def run_text(self, text: str) -> int:
        self.budget.enter()
        try:
            return self._run_text(text)
        finally:
            self.budget.leave()
            self.flush_persistent()

    def flush_persistent(self) -> None:
        for stream in self.persistent:
            e = stream.flush()
            if e is not None:
                self.msg(f"write error: {e.strerror}")

    def _run_text(self, text: str, parser=None, node=None, resume=None) -> int:
        parser = parser or Parser(text)
        try:
            while True:
                if resume is None:
                    try:
                        node = parser.next_command()
                    except ShellSyntaxError as e:
                        self.msg(e.message)
                        return 2
                    if node is None:
                        return self.status
                try:
                    self.run_list(node, resume)
                except Blocked as b:        # a waiting main process: where this shell was
                    b.frames.append(("text", self, parser, node))
                    raise
                resume = None
        except ShellExit as e:
            self.exited = True
            return e.status
        except LoopControl:
            return self.status

    def resume_text(self, parser, node, frames: list) -> int:
        """Go on with a script that waited (blocking.py): from the frames, outermost last."""
        self.budget.enter()
        try:
            return self._run_text("", parser, node, frames)
        finally:
            self.budget.leave()
            self.flush_persistent()

    def subshell(self, out=None, err=None, stdin=None) -> "Shell":
        sub = Shell(self.proc, out or self.fds[1], err or self.fds[2],
                    self.fds[0] if stdin is None else stdin, self.arg0, self.args, parent=self)
        sub.status = self.status
        sub.lineno = self.lineno
        return sub

    def command_substitution(self, script: str) -> str:
        buf = Buffer(self.budget)
        sub = self.subshell(out=buf)
        with NoBlock(self.proc):
            self.status = sub.run_text(script)
        return buf.text.rstrip("\n")

    # ---- lists ----
    def run_list(self, node: CommandList, resume=None) -> int:
        start = resume.pop()[1] if resume else 0
        for i in range(start, len(node.items)):
            try:
                self.run_and_or(node.items[i], resume)
            except Blocked as b:
                b.frames.append(("list", i))
                raise
            resume = None
            self.flush_persistent()
        return self.status

    def run_and_or(self, node, resume=None) -> int:
        steps = [("", node.first)] + node.rest
        start = resume.pop()[1] if resume else 0
        last_run = start
        for i, (op, pipe) in enumerate(steps):
            if i < start:
                continue
            if resume is None and (op == "&&" and self.status != 0 or op == "||" and self.status == 0):
                continue
            # the left side of && / || is a condition: set -e does not apply to it
            self.cond_depth += i < len(steps) - 1
            try:
                self.run_pipeline(pipe, resume)
            except Blocked as b:
                b.frames.append(("andor", i))
                raise
            finally:
                self.cond_depth -= i < len(steps) - 1
            resume = None
            last_run = i
        negated = steps[last_run][1].negate
        if "e" in self.options and self.status and not self.cond_depth and last_run == len(steps) - 1 and not negated:
            raise ShellExit(self.status)
        return self.status

    def run_pipeline(self, pipe, resume=None) -> int:
        if len(pipe.cmds) == 1:
            if pipe.negate:
                self.cond_depth += 1
            try:
                status = self.run_command(pipe.cmds[0], resume)
            finally:
                if pipe.negate:
                    self.cond_depth -= 1
        else:
            with NoBlock(self.proc):
                data = self.fds[0]
                for k, cmd in enumerate(pipe.cmds):
                    last = k == len(pipe.cmds) - 1
                    buf = None if last else Buffer(self.budget)
                    sub = self.subshell(out=buf, stdin=data)
                    try:
                        status = sub.run_command(cmd)
                    except ShellExit as e:
                        status = e.status
                    except LoopControl:
                        status = sub.status
                    data = buf.text if buf else ""
        self.status = (0 if status else 1) if pipe.negate else status
        return self.status

    def run_command(self, node, resume=None) -> int:
        if isinstance(node, Simple):
            return self.run_simple(node, resume)
        return self.run_compound(node, resume)

    # ---- compound commands ----
    def run_compound(self, node: Compound, resume=None) -> int:
        if resume:
            _, self.fds, saved = resume.pop()
        else:
            self.budget.charge()
            saved = self.redirect(node.redirs, "")
            if saved is None:
                self.status = 1
                return 1
        self.budget.enter()
        try:
            return B.compound(self, node, resume)
        except Blocked as b:
            b.frames.append(("compound", dict(self.fds), saved))
            raise
        finally:
            self.budget.leave()
            self.restore(saved)

    # ---- simple commands ----
    def run_simple(self, node: Simple, resume=None) -> int:
        if resume:
            return self._resume_simple(resume)
        if node.words:                    # a command runs; bare assignments ride on the loop round
            self.budget.charge()
        self.lineno = node.line
        try:
            argv = expand_words(self, node.words)
            assigns = [(n, expand_string(self, w)) for n, w in node.assigns]
        except ExpansionError as e:
            self.msg(e.message)
            raise ShellExit(2)
        if "x" in self.options:
            self.err("+ " + " ".join([f"{n}={B.sh_quote(v)}" for n, v in assigns] + [B.sh_quote(a) for a in argv]) + "\n")
        if not argv:
            status = self.status if any(_has_subst(w) for w in node.words + [w for _, w in node.assigns]) else 0
            for n, v in assigns:
                self.set_var(n, v)
            saved = self.redirect(node.redirs, "")
            if saved is None:
                self.status = 1
                return 1
            self.restore(saved)
            self.status = status
            return status
        special = argv[0] in B.SPECIAL
        saved = self.redirect(node.redirs, argv[0])
        if saved is None:
            if special:
                raise ShellExit(1)
            self.status = 1
            return 1
        if argv == ["exec"]:              # `exec >file`: the redirections stay for the shell
            self.persistent.extend(saved[1])
            self.status = 0
            return 0
        try:
            self.status = self.invoke(argv, assigns, special)
        except Blocked as b:
            b.frames.append(("simple", dict(self.fds), saved, argv[0]))
            raise
        finally:
            self.restore(saved, argv[0])
        return self.status

    def _resume_simple(self, resume: list) -> int:
        """The command this shell was waiting for (a sleep, a nested sh) goes on; then its
        redirections are undone as usual."""
        _, self.fds, saved, name = resume.pop()
        try:
            self.status = resume_command(resume)
        except Blocked as b:
            b.frames.append(("simple", dict(self.fds), saved, name))
            raise
        finally:
            self.restore(saved, name)
        return self.status

    def invoke(self, argv: list[str], assigns: list, special: bool = False) -> int:
        name = argv[0]
        if special:
            for n, v in assigns:
                self.set_var(n, v)
        if name in B.BUILTINS:
            if assigns and not special:
                # the prefix assignments last for the builtin only; what it sets itself
                # (`IFS=: read a b`) stays
                saved_vars = {n: self.vars.get(n) for n, _ in assigns}
                for n, v in assigns:
                    self.vars[n] = v
                try:
                    return B.BUILTINS[name](self, argv)
                finally:
                    for n, v in saved_vars.items():
                        if v is None:
                            self.vars.pop(n, None)
                        else:
                            self.vars[n] = v
            return B.BUILTINS[name](self, argv)
        return self.exec_applet(argv, self.environ(dict(assigns)))

    def exec_applet(self, argv: list[str], env: dict) -> int:
        name = argv[0]
        base = paths.basename(name) if "/" in name else name
        fn = APPLETS.get(base)
        if fn is None:
            return self.exec_file(argv, env)
        cmd = Cmd(self, base, self.fds[0], self.fds[1], self.fds[2], env)
        cmd.argv0 = name
        try:
            return fn(cmd, argv[1:])
        except AppletExit as e:
            return e.status
        except FsError as e:          # an applet let an error through: report it like perror
            cmd.perror(e.path, e)
            return 1
        except MemoryError as e:
            cmd.error(str(e))
            return 1

    def exec_file(self, argv: list[str], env: dict) -> int:
        """A command that is no applet: a script file in the namespace when named by path."""
        name = argv[0]
        if "/" not in name:
            self.msg(f"{name}: not found")
            return 127
        try:
            st = self.ns.stat(name, self.proc.cred, self.cwd)
            if is_dir(st.entry) or not (st.entry.mode & 0o111):
                raise FsError("EACCES", name)
            text = self.ns.read(name, self.proc.cred, self.cwd).to_bytes().decode("utf-8", "replace")
        except FsError as e:
            self.msg(f"{name}: {'not found' if e.errno == 'ENOENT' else e.strerror}")
            return 127 if e.errno == "ENOENT" else 126
        sub = Shell(self.proc, self.fds[1], self.fds[2], self.fds[0], name, argv[1:], parent=self)
        sub.vars = dict(env)
        sub.exported = set(env)
        return sub.run_text(text)

    # ---- redirections ----
    def redirect(self, redirs: list, cmdname: str):
        """Apply redirections; returns what `restore` needs, or None after an error."""
        saved = (dict(self.fds), [])
        for r in redirs:
            try:
                target = expand_string(self, r.target)
            except ExpansionError as e:
                self.msg(e.message)
                raise ShellExit(2)
            if not self._apply(r, target, saved[1]):
                self.restore(saved, cmdname)
                return None
        return saved

    def _apply(self, r, target: str, opened: list) -> bool:
        if r.op in (">&", "<&"):
            if target == "-":
                self.fds[r.fd] = Discard(self.budget) if r.fd else ""
            elif target.isdigit() and int(target) in self.fds:
                self.fds[r.fd] = self.fds[int(target)]
            else:
                self.msg(f"{target}: bad file descriptor" if target.isdigit() else f"{target}: ambiguous redirect")
                return False
            return True
        dev = paths.normalise(target if target.startswith("/") else paths.join(self.cwd, target)) if target else ""
        if dev in ("/dev/null", "/dev/zero"):
            self.fds[r.fd] = Discard(self.budget) if r.op != "<" else ""
            return True
        if dev in ("/dev/stdout", "/dev/stderr"):
            self.fds[r.fd] = self.fds[1 if dev == "/dev/stdout" else 2]
            return True
        if self.ns.owner is not None and kernelview.applies(dev):
            return self._kernel_redirect(r, target, dev, opened)
        try:
            if r.op == "<":
                self.fds[r.fd] = self._open_read(target)
            else:
                stream = self._open_write(target, r.op)
                self.fds[r.fd] = stream
                opened.append(stream)
        except FsError as e:
            if r.op == "<":
                self.msg(f"can't open {target}: {redirect_errmsg(e, 'no such file')}")
            else:
                self.msg(f"can't create {target}: {redirect_errmsg(e, 'nonexistent directory')}")
            return False
        return True

    def _kernel_redirect(self, r, target: str, dev: str, opened: list) -> bool:
        """A container's /dev and /proc (shell/kernelview.py): devices and kernel views."""
        view = kernelview.view_for(self.proc, self.ns)
        try:
            if r.op == "<":
                self.fds[r.fd] = view.read(dev, None).decode("utf-8", "replace")
            elif view.is_full(dev):
                stream = kernelview.FullStream(target)     # /dev/full: the write fails, not the open
                self.fds[r.fd] = stream
                opened.append(stream)
            elif view.write(dev) == "stdout":
                self.fds[r.fd] = self.fds[1]
            else:
                self.fds[r.fd] = Discard(self.budget)
        except kernelview.EndlessRead:
            self.msg(Catalog().t("shell.input_endless", path=target))
            return False
        except kernelview.NotModelled:
            self.msg(Catalog().t("shell.dev_not_modelled", path=target))
            return False
        except FsError as e:
            verb, default = ("open", "no such file") if r.op == "<" else ("create", "nonexistent directory")
            self.msg(f"can't {verb} {target}: {redirect_errmsg(e, default)}")
            return False
        return True

    def _open_read(self, target: str) -> str:
        st = self.ns.stat(target, self.proc.cred, self.cwd)
        if is_dir(st.entry):
            return ""
        try:
            data = self.ns.read(target, self.proc.cred, self.cwd).to_bytes()
        except MemoryError:          # a huge declared-size file: the simulator will not hold it
            raise FsError("EFBIG", target)
        return data.decode("utf-8", "replace")

    def _open_write(self, target: str, op: str) -> FileStream:
        """open(O_CREAT | O_TRUNC or O_APPEND): create or truncate now, write at the end."""
        cred, cwd = self.proc.cred, self.cwd
        if not target:
            raise FsError("ENOENT", target)
        try:
            st = self.ns.stat(target, cred, cwd)
        except FsError as e:
            if e.errno != "ENOENT":
                raise
            st = None
        if st is None:
            self.ns.write(target, Blob.of(b""), False, cred, cwd, 0o666 & ~self.umask)
        elif is_dir(st.entry):
            raise FsError("EISDIR", target)
        elif op in (">", ">|") and st.entry.blob.size:
            self.ns.write(target, Blob.of(b""), False, cred, cwd)      # O_TRUNC
        else:
            self.ns.open_for_write(target, cred, cwd)                  # O_APPEND, or nothing to cut
        return FileStream(self.ns, target, cred, cwd, self.budget)

    def restore(self, saved, cmdname: str = "") -> None:
        fds, opened = saved
        for stream in opened:
            e = stream.flush()
            if e is not None:
                who = self.name if not cmdname or cmdname in B.BUILTINS else paths.basename(cmdname)
                if paths.basename(cmdname or "") != "printf":    # BusyBox printf fails silently
                    self.err(f"{who}: write error: {e.strerror}\n")
                self.status = 1
        self.fds = fds


def _has_subst(word) -> bool:
    from simulator.shell.parser import CmdSub
    return any(type(p) is CmdSub for p in word.parts)
