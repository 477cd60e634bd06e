"""sed: BusyBox 1.35 editors/sed.c's sed_main, on the simulated file system.

`sed -i FILE` writes the result to a new file FILEXXXXXX beside it (mkstemp: mode 0600,
then the old file's mode and owner), then renames it over FILE: the edited file is a NEW
inode (in a container: a new file in the writable layer; a hard link to the old one
keeps the old text). The six X are derived from the file's name and text, so a scenario
always makes the same name."""
from __future__ import annotations

import hashlib

from simulator.errors import FsError
from simulator.fs import Blob
from simulator.shell import regex
from simulator.shell.applets import textio as io
from simulator.shell.applets.base import AppletExit
from simulator.shell.applets.sed import Output, Runner
from simulator.shell.applets.sedparse import Parser, SedError


def sed(cmd, args) -> int:
    if args[:1] == ["--version"]:               # "Lie to autoconf when it starts asking stupid questions"
        cmd.out("This is not GNU sed version 4.0\n")
        return 0
    opts, files, scripts, script_files, in_place = _options(cmd, args)
    parser = Parser(extended=bool(opts.get("r") or opts.get("E")))
    parser.quiet = opts.get("n", 0)
    try:
        for kind, value in scripts:
            if kind == "e":
                parser.add_block(value)
            else:
                inp = io.open_input(cmd, value)
                if inp.error is not None:
                    cmd.perror(value, inp.error)
                    return 1
                for line in inp.text.split("\n")[:-1] if inp.text.endswith("\n") else inp.text.split("\n"):
                    parser.add(line)
        if not scripts:
            if not files:
                cmd.usage()
            parser.add_block(files.pop(0))
        parser.add("")
    except SedError as e:
        cmd.die(str(e))
    except regex.TooComplex as e:
        from simulator.messages import Catalog
        cmd.die(Catalog().t("shell.regex_too_complex", pattern=str(e)))
    wouts: dict = {}
    for name in parser.wfiles:                    # opened (truncated) when the script is read
        err = io.write_file(cmd, name, b"")
        if err is not None:
            cmd.perror(f"can't open '{name}'", err)
            return 4
    try:
        if in_place is not None:
            if not files:
                cmd.die("-i requires an argument")
            status = 0
            for name in files:
                status |= _edit_in_place(cmd, parser, name, in_place, wouts)
        else:
            out = Output()
            run = Runner(cmd, parser, files or ["-"], out, wouts)
            try:
                run.run()
            finally:
                io.out_text(cmd, out.text())
            status = run.status
    except SedError as e:
        cmd.die(str(e))
    for name, w in wouts.items():
        if w.parts:
            cmd.write(name, Blob.of(w.text().encode("utf-8", "surrogateescape")), True)
    return status


def _options(cmd, args):
    """getopt32long "i::rEne:*f:*": -e and -f collect scripts in order; -i[SUFFIX]."""
    opts, files, scripts, in_place = {"n": 0}, [], [], None
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            files += args[i:]
            break
        if a in ("--in-place",) or a.startswith("--in-place="):
            in_place = a.partition("=")[2]
            continue
        if a in ("--quiet", "--silent"):
            opts["n"] += 1
            continue
        if a == "--regexp-extended":
            opts["r"] = True
            continue
        if a.startswith("--expression=") or a.startswith("--file="):
            scripts.append(("e" if a.startswith("--e") else "f", a.partition("=")[2]))
            continue
        if not a.startswith("-") or a == "-":
            files.append(a)
            continue
        j = 1
        while j < len(a):
            c = a[j]
            if c == "i":
                in_place = a[j + 1:]
                break
            if c in "ef":
                value = a[j + 1:]
                if not value:
                    if i >= len(args):
                        cmd.error(f"option requires an argument -- '{c}'")
                        cmd.usage()
                    value = args[i]
                    i += 1
                scripts.append((c, value))
                break
            if c == "n":
                opts["n"] += 1
            elif c in "rE":
                opts[c] = True
            else:
                cmd.error(f"invalid option -- '{c}'")
                cmd.usage()
            j += 1
    return opts, files, scripts, [v for k, v in scripts if k == "f"], in_place


def _edit_in_place(cmd, parser: Parser, name: str, suffix: str, wouts: dict) -> int:
    try:
        st = cmd.stat(name)
    except FsError as e:
        cmd.perror(name, e)
        return 1
    for c in parser.cmds:
        c.beg_line, c.end_line, c.in_match = c.beg_orig, c.end_orig, False
    out = Output()
    run = Runner(cmd, parser, [name], out, wouts)
    run.run()
    data = out.text().encode("utf-8", "surrogateescape")
    tmp = name + _xxxxxx(name, data)
    try:
        cmd.write(tmp, Blob.of(b""), False, 0o600)        # mkstemp: O_CREAT|O_EXCL, 0600
    except FsError as e:
        cmd.perror(f"can't create temp file '{name}XXXXXX'", e)
        raise AppletExit(1)
    entry = st.entry
    try:
        cmd.chmod(tmp, entry.mode & 0o7777)
        if (entry.uid, entry.gid) != (cmd.cred.uid, cmd.cred.gid):
            try:
                cmd.chown(tmp, entry.uid, entry.gid)
            except FsError:
                pass                                   # fchown's failure is ignored
        if data:
            cmd.write(tmp, Blob.of(data), True)
        if suffix:
            cmd.rename(name, name + suffix)
        cmd.rename(tmp, name)
    except FsError as e:                       # xrename dies; die_func removes the temporary file
        cmd.perror(f"can't move '{tmp}' to '{name}'", e)
        try:
            cmd.unlink(tmp)
        except FsError:
            pass
        raise AppletExit(1)
    return run.status


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _xxxxxx(name: str, data: bytes) -> str:
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape") + b"\0" + data).digest()
    return "".join(ALNUM[b % len(ALNUM)] for b in digest[:6])
