"""The tokens of a Go text/template (Go 1.24, as the docker 26.1.5 CLI here is built with):
text, the {{ }} actions with their trim markers, comments, and what is inside an action."""
from __future__ import annotations

from dataclasses import dataclass

LEFT, RIGHT = "{{", "}}"
TRIM = "-"
SPACES = " \t\r\n"

KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "nil", "template", "with"}

# item types
ERROR, BOOL, CHAR, CHARCONST, COMMENT, ASSIGN, DECLARE, EOF, FIELD, IDENT, LDELIM, LPAREN, NUMBER, PIPE, \
    RAW, RDELIM, RPAREN, SPACE, STRING, TEXT, VARIABLE, DOT, KEYWORD, NIL = range(24)


@dataclass(frozen=True)
class Item:
    typ: int
    val: str
    pos: int
    line: int

    def __str__(self) -> str:
        """Go's item.String(), which the parser's "unexpected ..." messages print."""
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ == KEYWORD:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote_prefix(self.val, 10) + "..."
        return go_quote(self.val)


def go_quote(s: str) -> str:
    from simulator.cli.gotemplate.gofmt import quote
    return quote(s)


def go_quote_prefix(s: str, n: int) -> str:
    """Go's %.10q: the first n runes, quoted."""
    return go_quote(s[:n])


def lex(text: str) -> list[Item]:
    """All the items of a template, ending with EOF or an ERROR item (as Go's lexer stops)."""
    return Lexer(text).run()


class Lexer:
    def __init__(self, text: str):
        self.text = text
        self.items: list[Item] = []
        self.start = 0
        self.pos = 0
        self.line = 1
        self.start_line = 1
        self.paren = 0
        self.inside = False

    # ------------------------------------------------------------------ helpers
    def emit(self, typ: int) -> None:
        val = self.text[self.start:self.pos]
        self.items.append(Item(typ, val, self.start, self.start_line))
        self.start, self.start_line = self.pos, self.line

    def ignore(self) -> None:
        self.line += self.text.count("\n", self.start, self.pos)
        self.start, self.start_line = self.pos, self.line

    def next(self) -> str:
        if self.pos >= len(self.text):
            self.pos += 1            # so backup() is symmetric at the end
            return ""
        ch = self.text[self.pos]
        self.pos += 1
        if ch == "\n":
            self.line += 1
        return ch

    def backup(self) -> None:
        self.pos -= 1
        if self.pos < len(self.text) and self.text[self.pos] == "\n":
            self.line -= 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def error(self, msg: str) -> None:
        self.items.append(Item(ERROR, msg, self.start, self.start_line))

    def at_right_delim(self) -> tuple[bool, bool]:
        """(at a right delimiter, with a trim marker before it)."""
        rest = self.text[self.pos:]
        if rest.startswith(" " + TRIM + RIGHT) or rest.startswith(tuple(c + TRIM + RIGHT for c in SPACES)):
            return True, True
        return rest.startswith(RIGHT), False

    # ------------------------------------------------------------------ states
    def run(self) -> list[Item]:
        state = self.lex_text
        while state is not None:
            state = state()
        return self.items

    def lex_text(self):
        x = self.text.find(LEFT, self.pos)
        if x < 0:
            self.pos = len(self.text)
            if self.pos > self.start:
                self.line += self.text.count("\n", self.start, self.pos)
                self.emit(TEXT)
            self.items.append(Item(EOF, "", self.pos, self.line))
            return None
        self.pos = x
        trim = 0
        after = self.text[x + len(LEFT):]
        if after.startswith(TRIM) and after[1:2] and after[1] in SPACES:
            trim = len(self.text[self.start:x]) - len(self.text[self.start:x].rstrip(SPACES))
        self.pos -= trim
        if self.pos > self.start:
            self.line += self.text.count("\n", self.start, self.pos)
            self.emit(TEXT)
        self.pos += trim
        self.ignore()
        return self.lex_left_delim

    def lex_left_delim(self):
        self.pos += len(LEFT)
        trim = self.text[self.pos:].startswith(TRIM) and self.text[self.pos + 1:self.pos + 2] in tuple(SPACES) \
            and self.text[self.pos + 1:self.pos + 2] != ""
        after = 2 if trim else 0
        if self.text[self.pos + after:].startswith("/*"):
            self.pos += after
            self.ignore()
            return self.lex_comment
        self.emit(LDELIM)
        self.pos += after
        self.ignore()
        self.paren = 0
        return self.lex_inside

    def lex_comment(self):
        self.pos += 2
        x = self.text.find("*/", self.pos)
        if x < 0:
            self.error("unclosed comment")
            return None
        self.pos = x + 2
        at, trim = self.at_right_delim()
        if not at:
            self.error("comment ends before closing delimiter")
            return None
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        if trim:
            self.skip_trailing_space()
        self.ignore()
        return self.lex_text

    def skip_trailing_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in SPACES:
            self.pos += 1

    def lex_right_delim(self):
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT)
        self.emit(RDELIM)
        if trim:
            self.skip_trailing_space()
            self.ignore()
        return self.lex_text

    def lex_inside(self):
        at, _ = self.at_right_delim()
        if at:
            if self.paren == 0:
                return self.lex_right_delim
            self.error("unclosed left paren")
            return None
        ch = self.next()
        if ch == "":
            self.error("unclosed action")
            return None
        if ch in SPACES:
            self.backup()
            return self.lex_space
        if ch == "=":
            self.emit(ASSIGN)
        elif ch == ":":
            if self.next() != "=":
                self.error("expected :=")
                return None
            self.emit(DECLARE)
        elif ch == "|":
            self.emit(PIPE)
        elif ch == '"':
            return self.lex_quote
        elif ch == "`":
            return self.lex_raw_quote
        elif ch == "$":
            return self.lex_variable
        elif ch == "'":
            return self.lex_char
        elif ch == ".":
            if self.peek() and self.peek().isdigit() and self.pos < len(self.text):
                self.backup()
                return self.lex_number
            return self.lex_field
        elif ch in "+-" or ch.isdigit():
            self.backup()
            return self.lex_number
        elif ch == "_" or ch.isalnum():
            self.backup()
            return self.lex_identifier
        elif ch == "(":
            self.emit(LPAREN)
            self.paren += 1
        elif ch == ")":
            self.paren -= 1
            if self.paren < 0:
                self.error("unexpected right paren")
                return None
            self.emit(RPAREN)
        elif ord(ch) < 0x80 and ch.isprintable():
            self.emit(CHAR)
        else:
            self.error(f"unrecognized character in action: {go_rune(ch)}")
            return None
        return self.lex_inside

    def lex_space(self):
        n = 0
        while self.peek() != "" and self.peek() in SPACES:
            self.next()
            n += 1
        rest = self.text[self.pos - 1:]
        if rest[:1] in tuple(SPACES) and rest[1:2] == TRIM and rest[2:].startswith(RIGHT):
            self.backup()               # the last space belongs to the trim marker
            if n == 1:
                return self.lex_right_delim
        self.emit(SPACE)
        return self.lex_inside

    def lex_identifier(self):
        while True:
            ch = self.next()
            if ch and (ch == "_" or ch.isalnum()):
                continue
            self.backup()
            word = self.text[self.start:self.pos]
            if not self.at_terminator():
                self.error(f"bad character {go_rune(self.peek())}")
                return None
            if word in KEYWORDS and word != "nil":
                self.emit(KEYWORD)
            elif word == "nil":
                self.emit(NIL)
            elif word in ("true", "false"):
                self.emit(BOOL)
            elif word.startswith("."):
                self.emit(FIELD)
            else:
                self.emit(IDENT)
            return self.lex_inside

    def lex_field(self):
        return self.lex_field_or_variable(FIELD)

    def lex_variable(self):
        return self.lex_field_or_variable(VARIABLE)

    def lex_field_or_variable(self, typ: int):
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return self.lex_inside
        while True:
            ch = self.next()
            if ch and (ch == "_" or ch.isalnum()):
                continue
            self.backup()
            break
        if not self.at_terminator():
            self.error(f"bad character {go_rune(self.peek())}")
            return None
        self.emit(typ)
        return self.lex_inside

    def at_terminator(self) -> bool:
        ch = self.peek()
        if ch == "" or ch in SPACES or ch in ".,|:)(":
            return True
        return self.text[self.pos:].startswith(RIGHT)

    def lex_char(self):
        while True:
            ch = self.next()
            if ch == "\\":
                if self.next() not in ("", "\n"):
                    continue
                self.error("unterminated character constant")
                return None
            if ch in ("", "\n"):
                self.error("unterminated character constant")
                return None
            if ch == "'":
                break
        self.emit(CHARCONST)
        return self.lex_inside

    def lex_number(self):
        m = NUMBER_RE.match(self.text, self.pos)
        end = m.end() if m else self.pos
        self.pos = end
        if self.peek() and (self.peek().isalnum() or self.peek() == "_"):
            self.next()
            self.error(f"bad number syntax: {go_quote(self.text[self.start:self.pos])}")
            return None
        if self.pos == self.start or self.text[self.start:self.pos] in ("+", "-"):
            if self.pos < len(self.text):
                self.next()
            self.error(f"bad number syntax: {go_quote(self.text[self.start:self.pos])}")
            return None
        self.emit(NUMBER)
        return self.lex_inside

    def lex_quote(self):
        while True:
            ch = self.next()
            if ch == "\\":
                if self.next() not in ("", "\n"):
                    continue
                self.error("unterminated quoted string")
                return None
            if ch in ("", "\n"):
                self.error("unterminated quoted string")
                return None
            if ch == '"':
                break
        self.emit(STRING)
        return self.lex_inside

    def lex_raw_quote(self):
        x = self.text.find("`", self.pos)
        if x < 0:
            self.error("unterminated raw quoted string")
            return None
        self.line += self.text.count("\n", self.pos, x)
        self.pos = x + 1
        self.emit(RAW)
        return self.lex_inside


def _number_re():
    import re
    digits = r"[0-9](?:_?[0-9])*"
    hexd = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"
    return re.compile(
        r"[+-]?(?:"
        rf"0[xX]_?(?:{hexd})?(?:\.(?:{hexd})?)?(?:[pP][+-]?{digits})?"
        rf"|0[oO]_?[0-7](?:_?[0-7])*|0[bB]_?[01](?:_?[01])*"
        rf"|(?:{digits})?(?:\.(?:{digits})?)?(?:[eE][+-]?{digits})?"
        r")i?")


NUMBER_RE = _number_re()


def go_rune(ch: str) -> str:
    """Go's %#U: U+0023 '#'."""
    if not ch:
        return "U+FFFFFFFF"
    code = ord(ch)
    return f"U+{code:04X} '{ch}'" if ch.isprintable() else f"U+{code:04X}"
