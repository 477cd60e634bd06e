# long module: ash's whole grammar as one recursive-descent parser (BusyBox shell/ash.c), like the original
"""Tokenise and parse a shell command line as BusyBox ash does (a POSIX sh subset).

Supported: quoting ('...', "...", backslash), $NAME ${NAME} ${NAME:-w} (and - = := + :+
? :? # ## % %% forms), ${#NAME}, $? $# $$ $0..$9 $@ $*, $(...) and `...`, $((...)) (integers), comments,
; & && || | ! and newlines, redirections [n]> [n]>> [n]< [n]>&m [n]<&m >|, subshells
( ... ), groups { ...; }, if/elif/else/fi, while/until, for ... in ... do ... done.

Like ash, a script is parsed one complete command (up to an unnested newline) at a
time, so the commands on earlier lines have run before a syntax error on a later line
is found. Syntax errors carry ash's texts (`syntax error: unterminated quoted string`,
`syntax error: unexpected ";"`, ...).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.shell.budget import MAX_NESTING, NestingLimitReached

KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
            "for", "{", "}", "!", "in"}
SPECIAL_PARAMS = "?#$!@*-0123456789"
OPERATOR_CHARS = ";&|()<>"


class ShellSyntaxError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---- words ------------------------------------------------------------------------------
@dataclass
class Lit:
    text: str
    quoted: bool = False


@dataclass
class Param:
    name: str
    op: str | None = None       # None, "-", ":-", "=", ":=", "+", ":+", "?", ":?", "#", "##", "%", "%%", "len"
    arg: "Word | None" = None
    quoted: bool = False


@dataclass
class CmdSub:
    script: str
    quoted: bool = False


@dataclass
class Arith:
    expr: str
    quoted: bool = False


@dataclass
class Word:
    parts: list
    raw: str = ""

    def plain(self) -> str | None:
        """The text when the word is one unquoted literal (keywords, names), else None."""
        if len(self.parts) == 1 and type(self.parts[0]) is Lit and not self.parts[0].quoted:
            return self.parts[0].text
        return None


# ---- commands ---------------------------------------------------------------------------
@dataclass
class Redir:
    fd: int
    op: str                     # ">", ">>", ">|", "<", ">&", "<&", "<>"
    target: Word


@dataclass
class Simple:
    assigns: list = field(default_factory=list)     # (name, Word)
    words: list = field(default_factory=list)
    redirs: list = field(default_factory=list)
    line: int = 0


@dataclass
class Compound:
    kind: str                   # "subshell", "group", "if", "while", "until", "for"
    parts: list                 # kind-specific: see Parser
    redirs: list = field(default_factory=list)
    line: int = 0


@dataclass
class Pipeline:
    cmds: list
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list = field(default_factory=list)        # ("&&" | "||", Pipeline)


@dataclass
class CommandList:
    items: list


# ---- tokens -----------------------------------------------------------------------------
@dataclass
class Tok:
    type: str                   # WORD, OP, REDIR, NL, EOF
    value: object = None
    line: int = 0


class Lexer:
    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.line = 0
        self.peeked: Tok | None = None

    # -- low level --
    def _ch(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def peek(self) -> Tok:
        if self.peeked is None:
            self.peeked = self._next()
        return self.peeked

    def take(self) -> Tok:
        tok = self.peek()
        self.peeked = None
        return tok

    def _skip_blanks(self) -> None:
        while True:
            c = self._ch()
            if c in (" ", "\t"):
                self.i += 1
            elif c == "\\" and self._ch(1) == "\n":
                self.i += 2
                self.line += 1
            elif c == "#":
                while self._ch() not in ("", "\n"):
                    self.i += 1
            else:
                return

    def _next(self) -> Tok:
        self._skip_blanks()
        line = self.line
        c = self._ch()
        if c == "":
            return Tok("EOF", None, line)
        if c == "\n":
            self.i += 1
            self.line += 1
            return Tok("NL", None, line)
        if c in "<>":
            return Tok("REDIR", self._redir_op(None), line)
        if c in OPERATOR_CHARS:
            for op in ("&&", "||", ";;", ";", "&", "|", "(", ")"):
                if self.s.startswith(op, self.i):
                    self.i += len(op)
                    return Tok("OP", op, line)
        start = self.i
        word = self._word()
        raw = self.s[start:self.i]
        if raw.isdigit() and self._ch() in ("<", ">"):
            return Tok("REDIR", self._redir_op(int(raw)), line)
        return Tok("WORD", word, line)

    def _redir_op(self, fd: int | None):
        for op in (">>", ">&", ">|", "<&", "<>", "<<", ">", "<"):
            if self.s.startswith(op, self.i):
                self.i += len(op)
                if op == "<<":
                    raise ShellSyntaxError("syntax error: here-documents are not supported by the simulator")
                if fd is None:
                    fd = 0 if op[0] == "<" else 1
                return fd, op
        raise AssertionError("not a redirection")

    # -- words --
    def _word(self) -> Word:
        start = self.i
        parts: list = []
        while True:
            c = self._ch()
            if c == "" or c in " \t\n" or c in OPERATOR_CHARS:
                break
            if c == "'":
                end = self.s.find("'", self.i + 1)
                if end < 0:
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
                self.line += self.s.count("\n", self.i, end)
                parts.append(Lit(self.s[self.i + 1:end], True))
                self.i = end + 1
            elif c == '"':
                self.i += 1
                parts.extend(self._double_quoted())
            elif c == "\\":
                nxt = self._ch(1)
                if nxt == "\n":
                    self.i += 2
                    self.line += 1
                elif nxt == "":
                    parts.append(Lit("\\"))      # a lone trailing backslash stays
                    self.i += 1
                else:
                    parts.append(Lit(nxt, True))
                    self.i += 2
            elif c == "$":
                parts.append(self._dollar(False))
            elif c == "`":
                parts.append(self._backquote(False))
            else:
                j = self.i
                while self._ch() and self._ch() not in " \t\n'\"\\$`" and self._ch() not in OPERATOR_CHARS:
                    self.i += 1
                parts.append(Lit(self.s[j:self.i]))
        return Word(_merge(parts), self.s[start:self.i])

    def _double_quoted(self) -> list:
        parts: list = []
        buf = ""
        while True:
            c = self._ch()
            if c == "":
                raise ShellSyntaxError("syntax error: unterminated quoted string")
            if c == '"':
                self.i += 1
                break
            if c == "\\" and self._ch(1) in ("$", "`", '"', "\\", "\n"):
                if self._ch(1) == "\n":
                    self.line += 1
                else:
                    buf += self._ch(1)
                self.i += 2
            elif c in ("$", "`"):
                if buf:
                    parts.append(Lit(buf, True))
                    buf = ""
                parts.append(self._dollar(True) if c == "$" else self._backquote(True))
            else:
                if c == "\n":
                    self.line += 1
                buf += c
                self.i += 1
        if buf or not parts:
            parts.append(Lit(buf, True))     # "" alone is still an (empty) word
        return parts

    def _dollar(self, quoted: bool):
        nxt = self._ch(1)
        if nxt == "{":
            return self._brace_param(quoted)
        if nxt == "(":
            if self._ch(2) == "(":
                self.i += 3
                expr = self._balanced(")")
                if self._ch() != ")":
                    raise ShellSyntaxError('syntax error: unexpected end of file (expecting ")")')
                self.i += 1
                return Arith(expr, quoted)
            self.i += 2
            return CmdSub(self._balanced(")"), quoted)
        if nxt and nxt in SPECIAL_PARAMS:
            self.i += 2
            return Param(nxt, quoted=quoted)
        if nxt.isalpha() or nxt == "_":
            j = self.i + 1
            while j < len(self.s) and (self.s[j].isalnum() or self.s[j] == "_"):
                j += 1
            name = self.s[self.i + 1:j]
            self.i = j
            return Param(name, quoted=quoted)
        self.i += 1
        return Lit("$", quoted)

    def _brace_param(self, quoted: bool) -> Param:
        self.i += 2
        length = False
        if self._ch() == "#" and self._ch(1) not in ("}", ""):
            length = True
            self.i += 1
        j = self.i
        if self._ch() and self._ch() in SPECIAL_PARAMS:
            self.i += 1
        else:
            while self._ch() and (self._ch().isalnum() or self._ch() == "_"):
                self.i += 1
        name = self.s[j:self.i]
        if self._ch() == "":
            raise ShellSyntaxError("syntax error: missing '}'")
        if not name:
            raise ShellSyntaxError("syntax error: bad substitution")
        if self._ch() == "}":
            self.i += 1
            return Param(name, "len" if length else None, quoted=quoted)
        if length:
            raise ShellSyntaxError("syntax error: bad substitution")
        for op in (":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%"):
            if self.s.startswith(op, self.i):
                self.i += len(op)
                return Param(name, op, self._param_arg(quoted), quoted)
        raise ShellSyntaxError("syntax error: bad substitution")

    def _param_arg(self, quoted: bool) -> Word:
        parts: list = []
        buf = ""
        while True:
            c = self._ch()
            if c == "":
                raise ShellSyntaxError("syntax error: missing '}'")
            if c == "}":
                self.i += 1
                break
            if c in ("$", "`", "'", '"', "\\"):
                if buf:
                    parts.append(Lit(buf, quoted))
                    buf = ""
                if c == "$":
                    parts.append(self._dollar(quoted))
                elif c == "`":
                    parts.append(self._backquote(quoted))
                elif c == '"':
                    self.i += 1
                    parts.extend(self._double_quoted())
                elif c == "'" and not quoted:
                    end = self.s.find("'", self.i + 1)
                    if end < 0:
                        raise ShellSyntaxError("syntax error: unterminated quoted string")
                    parts.append(Lit(self.s[self.i + 1:end], True))
                    self.i = end + 1
                elif c == "\\" and self._ch(1):
                    parts.append(Lit(self._ch(1), True))
                    self.i += 2
                else:
                    buf += c
                    self.i += 1
            else:
                buf += c
                self.i += 1
        if buf:
            parts.append(Lit(buf, quoted))
        return Word(_merge(parts))

    def _balanced(self, close: str) -> str:
        """The text up to the `)` that closes a $( ... ), skipping quotes and nested parens."""
        depth, j = 1, self.i
        while j < len(self.s):
            c = self.s[j]
            if c == "\\":
                j += 2
                continue
            if c == "'":
                end = self.s.find("'", j + 1)
                if end < 0:
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
                j = end + 1
                continue
            if c == '"':
                j += 1
                while j < len(self.s) and self.s[j] != '"':
                    j += 2 if self.s[j] == "\\" else 1
                if j >= len(self.s):
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
            elif c == "(":
                depth += 1
            elif c == close:
                depth -= 1
                if depth == 0:
                    text = self.s[self.i:j]
                    self.line += text.count("\n")
                    self.i = j + 1
                    return text
            j += 1
        raise ShellSyntaxError('syntax error: unexpected end of file (expecting ")")')

    def _backquote(self, quoted: bool) -> CmdSub:
        j, out = self.i + 1, ""
        while j < len(self.s) and self.s[j] != "`":
            if self.s[j] == "\\" and j + 1 < len(self.s) and self.s[j + 1] in "`\\$":
                out += self.s[j + 1]
                j += 2
            else:
                out += self.s[j]
                j += 1
        if j >= len(self.s):
            raise ShellSyntaxError("syntax error: unterminated quoted string")
        self.line += out.count("\n")
        self.i = j + 1
        return CmdSub(out, quoted)


def _merge(parts: list) -> list:
    """Join neighbouring literals of the same quoting (keeps words small to expand)."""
    out: list = []
    for p in parts:
        if out and type(p) is Lit and type(out[-1]) is Lit and out[-1].quoted == p.quoted:
            out[-1] = Lit(out[-1].text + p.text, p.quoted)
        else:
            out.append(p)
    return out


def tokname(tok: Tok) -> str:
    """ash's name of a token in 'unexpected X' messages."""
    if tok.type == "EOF":
        return "end of file"
    if tok.type == "NL":
        return "newline"
    if tok.type == "OP":
        return f'"{tok.value}"'
    if tok.type == "REDIR":
        return f'"{tok.value[1]}"'
    kw = tok.value.plain()
    if kw in KEYWORDS:
        return f'"{kw}"'
    return "word"


# ---- parser -----------------------------------------------------------------------------
class Parser:
    """Recursive descent over the lexer; `next_command()` returns one complete command."""

    def __init__(self, text: str):
        self.lx = Lexer(text)
        self.depth = 0

    def unexpected(self, tok: Tok, expecting: str | None = None):
        msg = f"syntax error: unexpected {tokname(tok)}"
        if expecting:
            msg += f' (expecting "{expecting}")'
        raise ShellSyntaxError(msg)

    def _is_kw(self, tok: Tok, *names: str) -> bool:
        return tok.type == "WORD" and tok.value.plain() in names

    def _skip_newlines(self) -> None:
        while self.lx.peek().type == "NL":
            self.lx.take()

    def next_command(self) -> CommandList | None:
        """The next top-level list up to a newline, or None at the end of the text."""
        while True:
            tok = self.lx.peek()
            if tok.type == "EOF":
                return None
            if tok.type == "NL":
                self.lx.take()
                continue
            items = self._list(top=True)
            tok = self.lx.peek()
            if tok.type not in ("NL", "EOF"):
                self.unexpected(tok)
            return items

    def _list(self, top: bool = False, stop: tuple = ()) -> CommandList:
        """and_or ((; | & | newline) and_or)*; at top level a newline ends the list. Inside a
        compound command (after `then`, `do`, `{`, `(`) newlines may come first."""
        if not top:
            self._skip_newlines()
        items = [self._and_or()]
        while True:
            tok = self.lx.peek()
            if tok.type == "OP" and tok.value in (";", "&"):
                self.lx.take()
            elif tok.type == "NL" and not top:
                self._skip_newlines()
            else:
                break
            if not top:
                self._skip_newlines()
            nxt = self.lx.peek()
            if nxt.type in ("EOF", "NL") or (nxt.type == "OP" and nxt.value == ")") or self._is_kw(nxt, *stop):
                break
            items.append(self._and_or())
        return CommandList(items)

    def _and_or(self) -> AndOr:
        node = AndOr(self._pipeline())
        while self.lx.peek().type == "OP" and self.lx.peek().value in ("&&", "||"):
            op = self.lx.take().value
            self._skip_newlines()
            node.rest.append((op, self._pipeline()))
        return node

    def _pipeline(self) -> Pipeline:
        negate = False
        if self._is_kw(self.lx.peek(), "!"):
            self.lx.take()
            negate = True
        cmds = [self._command()]
        while self.lx.peek().type == "OP" and self.lx.peek().value == "|":
            self.lx.take()
            self._skip_newlines()
            cmds.append(self._command())
        return Pipeline(cmds, negate)

    def _command(self):
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:        # ash would recurse until its stack ends
                raise NestingLimitReached(MAX_NESTING)
            return self._command_at_depth()
        finally:
            self.depth -= 1

    def _command_at_depth(self):
        tok = self.lx.peek()
        if tok.type == "OP" and tok.value == "(":
            self.lx.take()
            body = self._list(stop=())
            self._expect_op(")")
            return Compound("subshell", [body], self._redirs(), tok.line)
        if tok.type == "WORD":
            kw = tok.value.plain()
            if kw in ("if", "while", "until", "for", "{"):
                self.lx.take()
                node = getattr(self, "_" + {"{": "group"}.get(kw, kw))(tok.line)
                node.redirs = self._redirs()
                return node
            if kw in KEYWORDS and kw not in ("!",):
                self.unexpected(tok)
        if tok.type in ("EOF", "NL", "OP"):
            self.unexpected(tok)
        return self._simple()

    def _simple(self) -> Simple:
        cmd = Simple(line=self.lx.peek().line)
        while True:
            tok = self.lx.peek()
            if tok.type == "REDIR":
                cmd.redirs.append(self._redir())
            elif tok.type == "WORD":
                self.lx.take()
                assign = None if cmd.words else _assignment(tok.value)
                if assign:
                    cmd.assigns.append(assign)
                else:
                    cmd.words.append(tok.value)
            elif tok.type == "OP" and tok.value == "(" and cmd.words:
                self.lx.take()
                nxt = self.lx.peek()
                if not (nxt.type == "OP" and nxt.value == ")"):
                    self.unexpected(nxt, ")")
                raise ShellSyntaxError("syntax error: functions are not supported by the simulator")
            else:
                return cmd

    def _redir(self) -> Redir:
        fd, op = self.lx.take().value
        tok = self.lx.take()
        if tok.type != "WORD":
            self.unexpected(tok)
        return Redir(fd, op, tok.value)

    def _redirs(self) -> list:
        out = []
        while self.lx.peek().type == "REDIR":
            out.append(self._redir())
        return out

    def _expect_op(self, op: str) -> None:
        tok = self.lx.take()
        if not (tok.type == "OP" and tok.value == op):
            self.unexpected(tok, op)

    def _expect_kw(self, kw: str) -> None:
        tok = self.lx.take()
        if not self._is_kw(tok, kw):
            self.unexpected(tok, kw)

    # -- compound commands --
    def _group(self, line: int) -> Compound:
        body = self._list(stop=("}",))
        self._expect_kw("}")
        return Compound("group", [body], line=line)

    def _if(self, line: int) -> Compound:
        branches = []
        while True:
            cond = self._list(stop=("then",))
            self._expect_kw("then")
            body = self._list(stop=("elif", "else", "fi"))
            branches.append((cond, body))
            tok = self.lx.take()
            if self._is_kw(tok, "elif"):
                continue
            if self._is_kw(tok, "else"):
                other = self._list(stop=("fi",))
                self._expect_kw("fi")
                return Compound("if", [branches, other], line=line)
            if self._is_kw(tok, "fi"):
                return Compound("if", [branches, None], line=line)
            self.unexpected(tok, "fi")

    def _while(self, line: int, kind: str = "while") -> Compound:
        cond = self._list(stop=("do",))
        self._expect_kw("do")
        body = self._list(stop=("done",))
        self._expect_kw("done")
        return Compound(kind, [cond, body], line=line)

    def _until(self, line: int) -> Compound:
        return self._while(line, "until")

    def _for(self, line: int) -> Compound:
        tok = self.lx.take()
        name = tok.value.plain() if tok.type == "WORD" else None
        if not name or not _is_name(name):
            raise ShellSyntaxError("syntax error: bad for loop variable")
        words = None
        self._skip_newlines()
        if self._is_kw(self.lx.peek(), "in"):
            self.lx.take()
            words = []
            while self.lx.peek().type == "WORD":
                words.append(self.lx.take().value)
            tok = self.lx.peek()
            if tok.type == "OP" and tok.value == ";" or tok.type == "NL":
                self.lx.take()
            else:
                self.unexpected(tok)
        elif self.lx.peek().type == "OP" and self.lx.peek().value == ";":
            self.lx.take()
        self._skip_newlines()
        self._expect_kw("do")
        body = self._list(stop=("done",))
        self._expect_kw("done")
        return Compound("for", [name, words, body], line=line)


def _is_name(s: str) -> bool:
    return bool(s) and (s[0].isalpha() or s[0] == "_") and all(c.isalnum() or c == "_" for c in s)


def _assignment(word: Word):
    """(name, value Word) for NAME=value, where NAME is unquoted."""
    first = word.parts[0] if word.parts else None
    if type(first) is not Lit or first.quoted or "=" not in first.text:
        return None
    name, _, rest = first.text.partition("=")
    if not _is_name(name):
        return None
    parts = ([Lit(rest)] if rest else []) + word.parts[1:]
    return name, Word(parts, word.raw[len(name) + 1:])
