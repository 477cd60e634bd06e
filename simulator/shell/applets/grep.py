"""grep, egrep, fgrep: BusyBox 1.35's findutils/grep.c (built with EXTRA_COMPAT, so a bad
pattern reads "bad regex 'P'"), on the simulated file system. Status: 0 a line was
selected, 1 none, 2 an error (a file that could not be read, a bad pattern) unless -q
found a match."""
from __future__ import annotations

from simulator.errors import FsError
from simulator.fs import is_dir
from simulator.shell import regex
from simulator.shell.applets import textio as io
from simulator.shell.applets.fileutils import concat_path_file

OPTS = "HhnlLoqvsrRiwFExzm:A:B:C:e:f:cba"
STDIN_NAME = "(standard input)"


def refuse_complex(cmd, pattern: str, status: int):
    """One line, through the catalog, then stop: the pattern could make Python backtrack
    for ever (BusyBox itself would run it)."""
    from simulator.messages import Catalog
    cmd.die(Catalog().t("shell.regex_too_complex", pattern=pattern), status)


def _collect(cmd, args):
    """getopt32 with -e and -f as lists."""
    patterns, rest, i = [], [], 0
    pattern_files = []
    while i < len(args):
        a = args[i]
        if a == "--":
            rest += args[i:]
            break
        if a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            j = 1
            while j < len(a):
                c = a[j]
                if c in "ef":
                    val = a[j + 1:]
                    if not val:
                        if i + 1 >= len(args):
                            cmd.error(f"option requires an argument -- '{c}'")
                            _usage(cmd)
                        i += 1
                        val = args[i]
                    (patterns if c == "e" else pattern_files).append(val)
                    a = a[:j]
                    break
                if c in "mABC":
                    break
                j += 1
            if len(a) > 1:
                rest.append(a)
                if a[-1] in "mABC" and i + 1 < len(args) and a.index(a[-1]) == len(a) - 1:
                    rest.append(args[i + 1])
                    i += 1
        else:
            rest.append(a)
        i += 1
    from simulator.shell.applets.base import AppletExit
    try:
        opts, ops = cmd.getopt(rest, OPTS.replace("e:", "").replace("f:", ""))
    except AppletExit:
        raise AppletExit(2)
    return opts, ops, patterns, pattern_files


def grep(cmd, args) -> int:
    opts, ops, patterns, pattern_files = _collect(cmd, args)
    if cmd.name == "egrep":
        opts["E"] = True
    if cmd.name == "fgrep":
        opts["F"] = True
    for name in pattern_files:
        inp = io.open_input(cmd, name)
        if inp.error is not None:
            cmd.perror(name, inp.error)
            return 2
        text = inp.text
        patterns += (text[:-1] if text.endswith("\n") else text).split("\n") if text else []
    if not patterns and not pattern_files:
        if not ops:
            _usage(cmd)
        patterns = [ops.pop(0)]
    lines_patterns = [p2 for p in patterns for p2 in p.split("\n")]
    matcher = _Matcher(cmd, lines_patterns, opts)
    recursive = bool(opts.get("r") or opts.get("R"))
    files = ops or ["-"]
    show_names = (len(files) > 1 or recursive) and not opts.get("h") or bool(opts.get("H"))
    state = {"matched": False, "error": False}
    for name in files:
        _grep_path(cmd, name, matcher, opts, show_names, recursive, state, top=True)
        if state["matched"] and opts.get("q"):
            return 0
    if state["error"] and not (opts.get("q") and state["matched"]):
        return 2
    if opts.get("L"):
        return 0 if state.get("listed") else 1
    return 0 if state["matched"] else 1


def _usage(cmd):
    """bb_show_usage with grep's exit status for errors (2)."""
    from simulator.shell.applets.base import AppletExit
    try:
        cmd.usage()
    except AppletExit:
        raise AppletExit(2)


def _grep_path(cmd, name, matcher, opts, show_names, recursive, state, top: bool) -> None:
    if name != "-" and recursive:
        try:
            st = cmd.stat(name) if (top or opts.get("R")) else cmd.lstat(name)
            if st.entry.kind == "symlink":          # met below the top: a link to a directory is not followed
                st = cmd.stat(name)
                if is_dir(st.entry):
                    return
        except FsError as e:
            if not opts.get("s"):
                cmd.perror(name, e)
            state["error"] = state["error"] or top      # file_action_grep: a dangling link is only reported
            return
        if is_dir(st.entry):
            try:
                names = cmd.listdir(name)
            except FsError as e:
                if not opts.get("s"):
                    cmd.perror(name, e)
                state["error"] = True
                return
            for n in names:
                _grep_path(cmd, concat_path_file(name, n), matcher, opts, show_names, recursive, state, False)
            return
    inp = io.open_input(cmd, name)
    if inp.error is not None:
        if inp.error.errno == "EISDIR":
            return                           # a directory reads as nothing
        if not opts.get("s"):
            cmd.perror(name, inp.error)
        state["error"] = True
        return
    shown = STDIN_NAME if name == "-" else name
    _grep_text(cmd, inp.text, shown, matcher, opts, show_names, state)


def _grep_text(cmd, text: str, shown: str, matcher, opts, show_names: bool, state) -> None:
    invert = bool(opts.get("v"))
    max_count = int(opts["m"]) if str(opts.get("m", "")).isdigit() else None
    count, out = 0, []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    prefix = f"{shown}:" if show_names else ""
    budget = cmd.budget
    for number, line in enumerate(lines, 1):
        for p in matcher.patterns:
            budget.charge_match(len(line), len(p))
        spans = matcher.spans(line)
        selected = (not spans) if invert else bool(spans)
        if not selected:
            continue
        count += 1
        state["matched"] = True
        if opts.get("q"):
            return
        if opts.get("l") or opts.get("L") or opts.get("c"):
            if max_count is not None and count >= max_count:
                break
            continue
        num = f"{number}:" if opts.get("n") else ""
        if opts.get("o") and not invert:
            for a, b in spans:
                if b > a:
                    out.append(f"{prefix}{num}{line[a:b]}\n")
        else:
            out.append(f"{prefix}{num}{line}\n")
        if max_count is not None and count >= max_count:
            break
    if opts.get("l"):
        if count:
            cmd.out(f"{shown}\n")
        return
    if opts.get("L"):
        if not count:
            cmd.out(f"{shown}\n")
        state["listed"] = state.get("listed", False) or not count
        return
    if opts.get("c"):
        cmd.out(f"{prefix}{count}\n")
        return
    io.out_text(cmd, "".join(out))


class _Matcher:
    def __init__(self, cmd, patterns: list[str], opts):
        self.fixed = bool(opts.get("F"))
        self.icase = bool(opts.get("i"))
        self.word = bool(opts.get("w"))
        self.whole = bool(opts.get("x"))
        self.spans_needed = bool(opts.get("o"))      # only -o prints where; else any match will do
        self.patterns = patterns
        self.compiled = []
        if not self.fixed:
            for p in patterns:
                try:
                    self.compiled.append(regex.Regex(p, bool(opts.get("E")), self.icase))
                    self.compiled[-1].charge = cmd.budget.charge
                except regex.RegexError:
                    cmd.die(f"bad regex '{p}'", 2)
                except regex.TooComplex:
                    refuse_complex(cmd, p, 2)

    def spans(self, line: str) -> list[tuple[int, int]]:
        """Where the patterns match in `line` (for -o), or [] when none does."""
        found = []
        for k, p in enumerate(self.patterns):
            found.extend(self._pattern_spans(k, p, line))
        found.sort()
        return found

    def _pattern_spans(self, k: int, p: str, line: str):
        if self.fixed:
            hay, needle = (line.lower(), p.lower()) if self.icase else (line, p)
            if self.whole:
                return [(0, len(line))] if hay == needle else []
            spans, pos = [], 0
            while True:
                at = hay.find(needle, pos)
                if at < 0:
                    break
                if not self.word or _is_word(line, at, at + len(needle)):
                    spans.append((at, at + len(needle)))
                pos = at + max(1, len(needle))
            return spans
        rx = self.compiled[k]
        if self.whole:
            return [(0, len(line))] if rx.fullmatch(line) else []
        if not self.spans_needed and not self.word:
            return [(0, 0)] if rx.exists(line) else []
        spans = []
        for m in rx.finditer(line):
            if self.word and not _is_word(line, m.start(), m.end()):
                continue
            spans.append((m.start(), m.end()))
        return spans


def _is_word(line: str, a: int, b: int) -> bool:
    def w(c):
        return c.isalnum() or c == "_"
    return (a == 0 or not w(line[a - 1])) and (b == len(line) or not w(line[b])) and b > a
