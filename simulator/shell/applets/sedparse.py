"""sed's script parser: BusyBox 1.35 editors/sed.c add_cmd/get_address/parse_cmd_args,
as behaviour. A script is a list of `SedCmd`; errors stop sed with BusyBox's words."""
from __future__ import annotations

from simulator.shell import regex

SEMI_WS = "; \n\r\t\v"


class SedError(Exception):
    """sed dies: "sed: MESSAGE", status 1."""


class SedCmd:
    __slots__ = ("beg_line", "beg_match", "end_line", "end_match", "beg_orig", "end_orig", "invert",
                 "cmd", "string", "match", "repl", "which", "sub_p", "wfile", "in_match", "label_to",
                 "step")

    def __init__(self):
        self.beg_line = self.end_line = 0        # 0 none, N a line, -1 "$", -2 dead, <= -2 "+N" (end)
        self.beg_match = self.end_match = None
        self.invert = False
        self.cmd = ""
        self.string = None
        self.match = None
        self.repl = ""
        self.which = 1
        self.sub_p = False
        self.wfile = None
        self.in_match = False
        self.step = None


def copy_parsing_escapes(text: str) -> str:
    """\\n, \\t, \\r become the characters; every other backslash pair is kept."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def unescape_delim(text: str, delim: str) -> str:
    """parse_escapes(s, s, -1, delim, delim): "\\<delim>" becomes the delimiter."""
    if delim == "\\":
        return text
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(delim if text[i + 1] == delim else text[i:i + 2])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def next_delim(delim: str, s: str, brackets: bool) -> int:
    """index_of_next_unescaped_regexp_delim: `[...]` hides the delimiter only in the
    replacement part's caller (brackets=False there)."""
    bracket, escaped = -1, False
    for idx, ch in enumerate(s):
        if bracket >= 0:
            if ch == "]" and not (bracket == idx - 1 or (bracket == idx - 2 and s[idx - 1] == "^")):
                bracket = -1
        elif escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif brackets and ch == "[":
            bracket = idx
        elif ch == delim:
            return idx
    raise SedError(f"unmatched '{delim}'")


class Parser:
    def __init__(self, extended: bool):
        self.extended = extended
        self.cmds: list[SedCmd] = []
        self.pending = None          # a line that ended with an odd number of backslashes
        self.quiet = 0
        self.previous_regex = None
        self.wfiles: dict[str, list] = {}

    def compile(self, pattern: str, icase: bool = False):
        try:
            return regex.Regex(pattern, self.extended, icase)
        except regex.RegexError as e:
            raise SedError(f"bad regex '{pattern}': {e.reason}")

    def add_block(self, text: str) -> None:
        for line in text.split("\n"):
            self.add(line)

    def add(self, line: str) -> None:
        if self.pending is not None:
            line = self.pending + "\n" + line
            self.pending = None
        n = len(line) - len(line.rstrip("\\"))
        if n % 2:
            self.pending = line[:-1]
            return
        s = line
        while s:
            s = s.lstrip(SEMI_WS)
            if not s:
                break
            if s[0] == "#":
                if s[1:2] == "n" and not self.cmds:
                    self.quiet += 1
                cut = min([i for i in (s.find("\n"), s.find("\r")) if i >= 0], default=-1)
                if cut < 0:
                    break
                s = s[cut:]
                continue
            s = self._one(s)

    def _one(self, s: str) -> str:
        c = SedCmd()
        used, c.beg_line, c.beg_match, c.step = self._address(s)
        s = s[used:]
        c.beg_orig = c.beg_line
        if s[:1] == ",":
            s = s[1:]
            if s[:1] == "+" and s[1:2].isdigit():
                j = 1
                while j < len(s) and s[j].isdigit():
                    j += 1
                c.end_line = -2 - int(s[1:j])
                s = s[j:]
            else:
                used, c.end_line, c.end_match, _ = self._address(s)
                if used == 0:
                    raise SedError("no address after comma")
                s = s[used:]
        c.end_orig = c.end_line
        s = s.lstrip(" \t\v\f\r\n")
        if s[:1] == "!":
            c.invert = True
            s = s[1:].lstrip(" \t\v\f\r\n")
        if not s:
            raise SedError("missing command")
        c.cmd, s = s[0], s[1:]
        s = self._args(c, s)
        self.cmds.append(c)
        return s

    def _address(self, s: str):
        """(characters used, line, regex, None)."""
        if s[:1].isdigit():
            j = 0
            while j < len(s) and s[j].isdigit():
                j += 1
            return j, int(s[:j]), None, None       # no first~step in BusyBox 1.35
        if s[:1] == "$":
            return 1, -1, None, None
        if s[:1] in ("/", "\\"):
            pos = 1
            delim = "/"
            if s[0] == "\\":
                delim, pos = s[1:2], 2
            nxt = next_delim(delim, s[pos:], True)
            if nxt:
                pattern = unescape_delim(copy_parsing_escapes(s[pos:pos + nxt]), delim)
                rx = self.compile(pattern)
                self.previous_regex = rx
            else:
                if self.previous_regex is None:
                    raise SedError("no previous regexp")
                rx = "previous"
            return pos + nxt + 1, 0, rx, None
        return 0, 0, None, None

    def _args(self, c: SedCmd, s: str) -> str:
        cmd = c.cmd
        if cmd == "s":
            return self._subst(c, s)
        if cmd in "aic":
            if cmd != "c" and (c.end_line or c.end_match):
                raise SedError(f"command '{cmd}' uses only one address")
            i = 0
            while i < len(s):
                if s[i] in "\n\\":
                    i += 1
                    break
                if not s[i].isspace():
                    break
                i += 1
            text = copy_parsing_escapes(s[i:])
            c.string = _drop_backslashes(text)
            return ""
        if cmd in "rw":
            if cmd == "r" and (c.end_line or c.end_match):
                raise SedError(f"command '{cmd}' uses only one address")
            name, rest = self._filename(s)
            c.string = name
            if cmd == "w":
                c.wfile = name
                self.wfiles.setdefault(name, [])
            return rest
        if cmd in ":btT":
            s = s.lstrip(" \t\v\f\r\n")
            j = 0
            while j < len(s) and s[j] not in SEMI_WS:
                j += 1
            c.string = s[:j] or None
            if cmd == ":" and not c.string:
                raise SedError("\":\" lacks a label")
            return s[j:]
        if cmd == "y":
            if not s:
                raise SedError("bad format in substitution expression")
            delim = s[0]
            i = next_delim(delim, s[1:], True)
            j = next_delim(delim, s[i + 2:], False)
            match = unescape_delim(copy_parsing_escapes(s[1:i + 1]), delim)
            repl = unescape_delim(copy_parsing_escapes(s[i + 2:i + 2 + j]), delim)
            c.string = list(zip(match, repl))
            return s[i + 2 + j + 1:]
        if cmd not in "dDgGhHlnNpPqx={}":
            raise SedError(f"unsupported command {cmd}")
        return s

    def _filename(self, s: str):
        start = len(s) - len(s.lstrip(" \t\v\f\r"))
        eol = s.find("\n", start)
        eol = len(s) if eol < 0 else eol
        if eol == start:
            raise SedError("empty filename")
        return s[start:eol], s[eol:]

    def _subst(self, c: SedCmd, s: str) -> str:
        if not s:
            raise SedError("bad format in substitution expression")
        delim = s[0]
        i = next_delim(delim, s[1:], True)
        j = next_delim(delim, s[i + 2:], False)
        match = unescape_delim(copy_parsing_escapes(s[1:i + 1]), delim)
        c.repl = unescape_delim(copy_parsing_escapes(s[i + 2:i + 2 + j]), delim)
        k = i + 2 + j + 1
        icase = False
        while k < len(s):
            ch = s[k]
            if ch.isdigit():
                m = k
                while m < len(s) and s[m].isdigit():
                    m += 1
                if not match.startswith("^"):
                    c.which = int(s[k:m])
                k = m
                continue
            if ch.isspace() and ch != "\n":
                k += 1
                continue
            if ch == "g":
                c.which = 0
            elif ch == "p":
                c.sub_p = True
            elif ch == "w":
                name, rest = self._filename(s[k + 1:])
                c.wfile = name
                self.wfiles.setdefault(name, [])
                k = len(s) - len(rest)
                break
            elif ch in "iI":
                icase = True
            elif ch == "#":
                k = len(s)
                break
            elif ch in ";}\n":
                break
            else:
                raise SedError("bad option in substitution expression")
            k += 1
        if match:
            c.match = self.compile(match, icase)
            self.previous_regex = c.match
        return s[k:]


def _drop_backslashes(text: str) -> str:
    """parse_escapes(s, s, -1, 0, 0): "\\X" becomes "X"."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)
