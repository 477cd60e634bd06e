"""sed's run: BusyBox 1.35 editors/sed.c's process_files and do_subst_command, as
behaviour (the pattern space, hold space, ranges, appends, last-newline bookkeeping)."""
from __future__ import annotations

from simulator.shell.applets import textio as io
from simulator.shell.applets.sedparse import Parser, SedCmd, SedError

class Output:
    """An output stream with BusyBox's last_puts_char bookkeeping."""

    def __init__(self):
        self.parts: list[str] = []
        self.last = "\n"

    def puts(self, s: str, last_char) -> None:
        if self.last not in ("\n", ""):
            self.parts.append("\n")
            self.last = "\n"
        self.parts.append(s)
        if s:
            self.last = "x"
        if last_char is not None:
            self.parts.append(last_char)
            self.last = last_char

    def text(self) -> str:
        return "".join(self.parts)


class Runner:
    def __init__(self, cmd, parser: Parser, names: list[str], out: Output, wouts: dict):
        self.cmd, self.p, self.out, self.wouts = cmd, parser, out, wouts
        self.names = list(names)
        self.lines = self._reader()
        for c in parser.cmds:                    # the pattern machine charges the command's budget
            for rx in (c.match, c.beg_match, c.end_match):
                if rx is not None and rx != "previous":
                    rx.charge = cmd.budget.charge
        self.hold = None
        self.appends: list[str] = []
        self.status = 0
        self.quit = False

    def _reader(self):
        stdin_read = False
        for name in self.names:
            if name == "-":
                data = b"" if stdin_read else io.stdin_bytes(self.cmd)
                stdin_read = True
            else:
                inp = io.open_input(self.cmd, name)
                if inp.error is not None:
                    if inp.error.errno != "EISDIR":
                        self.cmd.perror(name, inp.error)
                        self.status = 1
                    continue
                data = inp.data
            text = data.decode("utf-8", "surrogateescape")
            parts = text.split("\n")
            for k, part in enumerate(parts):
                if k == len(parts) - 1:
                    if part:
                        yield part, None          # no newline at the end of the file
                else:
                    yield part, "\n"

    def next_line(self):
        self.flush_appends()
        return next(self.lines, None)

    def flush_appends(self) -> None:
        for s in self.appends:
            self.out.puts(s, "\n")
        self.appends = []

    def run(self) -> None:
        cmds = self.p.cmds
        nxt = self.next_line()
        linenum = 0
        budget = self.cmd.budget        # a unit per command run: a branch loop without end is stopped
        while nxt is not None and not self.quit:
            space, gets = nxt
            nxt = self.next_line()
            linenum += 1
            substituted = False
            i = 0
            deleted = False
            while i < len(cmds):
                budget.charge()
                c = cmds[i]
                matched = self._matches(c, space, linenum, nxt is None)
                if c.cmd == "{":
                    if (matched if c.invert else not matched):
                        i = self._skip_block(i)
                    i += 1
                    continue
                if (matched if c.invert else not matched):
                    i += 1
                    continue
                if c.beg_match is not None and c.beg_match != "previous":
                    self.p.previous_regex = c.beg_match
                op = c.cmd
                if op == "=":
                    self.out.puts(f"{linenum}", "\n")
                elif op in "pP":
                    if op == "P" and "\n" in space:
                        self.out.puts(space.split("\n", 1)[0], "\n")
                    else:
                        self.out.puts(space, "\n")
                elif op == "D" and "\n" in space:
                    space = space.split("\n", 1)[1]
                    i = 0
                    continue
                elif op in "dD":
                    deleted = True
                    break
                elif op == "s":
                    new = self._subst(c, space)
                    if new is not None:
                        space, substituted = new, True
                        if c.sub_p:
                            self.out.puts(space, gets)
                        if c.wfile:
                            self._wputs(c.wfile, space, gets)
                elif op == "a":
                    self.appends.append(c.string)
                elif op == "i":
                    self.out.puts(c.string, "\n")
                elif op == "c":
                    if not c.in_match:
                        self.out.puts(c.string, "\n")
                    deleted = True
                    break
                elif op == "r":
                    self._read_file(c.string)
                elif op == "w":
                    self._wputs(c.wfile, space, gets)
                elif op == "n":
                    if not self.p.quiet:
                        self.out.puts(space, gets)
                    if nxt is None:
                        deleted = True
                        break
                    space, gets = nxt
                    nxt = self.next_line()
                    substituted = False
                    linenum += 1
                elif op == "q":
                    self.quit = True
                    break
                elif op == "N":
                    if nxt is None:
                        break
                    space = space + "\n" + nxt[0]
                    gets = nxt[1]
                    nxt = self.next_line()
                    linenum += 1
                elif op in "btT":
                    jump = op == "b" or (op == "t" and substituted) or (op == "T" and not substituted)
                    if op == "t" and substituted:
                        substituted = False
                    if jump:
                        if not c.string:
                            break
                        i = self._label(c.string)
                elif op == "y":
                    table = dict(reversed(c.string))
                    space = "".join(table.get(ch, ch) for ch in space)
                elif op == "g":
                    space = self.hold or ""
                elif op == "G":
                    space = space + "\n" + (self.hold or "")
                    gets = "\n"
                elif op == "h":
                    self.hold = space
                elif op == "H":
                    self.hold = (self.hold or "") + "\n" + space
                elif op == "x":
                    space, self.hold = (self.hold or ""), space
                    gets = "\n"
                i += 1
            if not deleted and not self.p.quiet:
                self.out.puts(space, gets)
            self.flush_appends()

    def _skip_block(self, i: int) -> int:
        depth = 0
        cmds = self.p.cmds
        while True:
            if cmds[i].cmd == "{":
                depth += 1
            elif cmds[i].cmd == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
            if i >= len(cmds):
                raise SedError("unterminated {")

    def _label(self, name: str) -> int:
        for k, c in enumerate(self.p.cmds):
            if c.cmd == ":" and c.string == name:
                return k
        raise SedError(f"can't find label for jump to '{name}'")

    def _rx(self, rx):
        if rx == "previous":
            if self.p.previous_regex is None:
                raise SedError("no previous regexp")
            return self.p.previous_regex
        return rx

    def _matches(self, c: SedCmd, space: str, linenum: int, last: bool) -> bool:
        old = c.in_match
        if not old:
            c.end_line = c.end_orig
        begin = False
        if not c.beg_line and not c.end_line and c.beg_match is None and c.end_match is None:
            begin = True
        elif c.beg_line > 0:
            begin = c.beg_line <= linenum if (c.end_line or c.end_match is not None) else c.beg_line == linenum
        elif c.beg_match is not None:
            begin = self._rx(c.beg_match).search(space) is not None
        elif c.beg_line == -1:
            begin = last
        c.in_match = old or begin
        matched = c.in_match
        if matched:
            if c.end_line <= -2 and c.end_orig <= -2 and c.end_line == c.end_orig:
                c.end_line = linenum + (-c.end_orig - 2)
            if c.beg_line > 0:
                c.beg_line = -2
            if c.end_line:
                ended = (last if c.end_line == -1 else c.end_line <= linenum)
            else:
                ended = c.end_match is None
            if not ended and c.end_match is not None and old:
                ended = self._rx(c.end_match).search(space) is not None
            c.in_match = not ended
        return matched

    def _subst(self, c: SedCmd, line: str):
        rx = c.match if c.match is not None else self._rx("previous")
        self.p.previous_regex = rx
        self.cmd.budget.charge_match(len(line), len(rx.pattern))
        m = rx.search(line, 0)
        if m is None:
            return None
        out, pos, count, altered = [], 0, 0, False
        prev_empty, tried_eol = True, False
        while m is not None:
            start, end = m.start(), m.end()
            count += 1
            if c.which and c.which != count:
                out.append(line[pos:end])
                pos = end
                if start == end and pos < len(line):
                    out.append(line[pos])
                    pos += 1
            else:
                out.append(line[pos:start])
                if prev_empty or start != pos or start != end:
                    out.append(_expand(c.repl, m))
                    altered = True
                prev_empty = start == end
                pos = end
                if prev_empty:
                    if pos >= len(line):
                        tried_eol = True
                    else:
                        out.append(line[pos])
                        pos += 1
                if c.which:
                    break
            if pos >= len(line):
                if tried_eol:
                    break
                tried_eol = True
            m = rx.search(line, pos)
        out.append(line[pos:])
        return "".join(out) if altered else None

    def _read_file(self, name: str) -> None:
        inp = io.open_input(self.cmd, name)
        if inp.error is None:
            text = inp.text
            self.appends.extend(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else [])

    def _wputs(self, name: str, s: str, gets) -> None:
        w = self.wouts.setdefault(name, Output())
        w.puts(s, gets if gets is not None else None)


def _expand(repl: str, m) -> str:
    out, i = [], 0
    while i < len(repl):
        ch = repl[i]
        if ch == "\\" and i + 1 < len(repl):
            nxt = repl[i + 1]
            if nxt.isdigit():
                k = int(nxt)
                g = m.group(k) if k <= (m.re.groups if hasattr(m, "re") else 0) else None
                out.append(g or "")
            else:
                out.append(nxt)
            i += 2
            continue
        if ch == "&":
            out.append(m.group(0))
        else:
            out.append(ch)
        i += 1
    return "".join(out)
