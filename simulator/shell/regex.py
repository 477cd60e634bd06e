"""POSIX regular expressions (BRE and ERE, as glibc's regcomp reads them for BusyBox's grep
and sed) translated to Python's `re`, safely.

What is modelled: BRE's \\( \\) \\{ \\} and GNU's \\| \\+ \\?; ERE's operators; `^`/`$`
anchors only where POSIX makes them anchors in a BRE; bracket expressions with
[:class:], [=c=], [.c.], `]` first and a literal backslash; back-references; \\< \\> \\b
\\B \\w \\W \\s \\S; `.` matching a newline; `$` only at the very end; the leftmost-LONGEST
match of an alternation (POSIX) where Python would take the first alternative; glibc's
messages for malformed patterns (`RegexError.reason`).

Safety: Python's backtracking can take exponential or high-polynomial time (`(a*)*b`,
`.*a.*a.*a.*b` on a long line: minutes). A pattern with more than one unbounded repetition,
a repeated group that holds one, or an alternation (POSIX wants its longest match) runs on
the Pike VM of posixvm.py instead: linear in the text, charged to the work budget. Only a
pattern that needs backtracking (a back-reference) and could blow up is refused with
`TooComplex` (the applet says so in one line).
"""
from __future__ import annotations

import re

from simulator.shell import posixvm

CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9A-Za-z", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "print": " -~",
    "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f", "xdigit": "0-9A-Fa-f",
}
UNBOUNDED = 1 << 30
LONG_LINE = 4096            # past this, even one unbounded repetition runs on the VM (re: quadratic)


class RegexError(Exception):
    """A pattern glibc's regcomp refuses; `reason` is regerror()'s text."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TooComplex(Exception):
    """A pattern that needs backtracking (a back-reference) and could take exponential time."""


class _Piece:
    """One translated atom and what it holds (for the nested-repetition check)."""
    __slots__ = ("text", "unbounded", "alternation", "quantifiable", "char", "literal", "base", "quant")

    def __init__(self, text: str, unbounded: bool = False, alternation: bool = False, quantifiable: bool = True,
                 char: str | None = None, literal: str | None = None):
        self.text, self.unbounded, self.alternation, self.quantifiable = text, unbounded, alternation, quantifiable
        self.char = char            # the class body of a one-character atom ("a", "\\]", "a-z")
        self.literal = literal      # the character itself, for a plain literal
        self.base = None            # for a repeated atom: the atom and its (min, max)
        self.quant = None


class Regex:
    """A compiled POSIX pattern: `search(text, pos)` returns a Python match object (or a
    _Longest one with the same span/group/groups interface) or None."""

    def __init__(self, pattern: str, extended: bool = False, icase: bool = False):
        self.pattern = pattern
        tr = _Translator(pattern, extended)
        text, self.alternation, self.anchored_end, self.ngroups = tr.run()
        self.python = text
        try:
            self.rx = re.compile(text, re.S | (re.I if icase else 0))
        except re.error as e:            # a case the translator let through: glibc's generic words
            raise RegexError("Invalid regular expression") from e
        self.risky = tr.unbounded > 1 or tr.nested
        self.vm = None
        self.charge = None               # the command's budget (Budget.charge), set by the applet
        if self.risky or self.alternation or tr.unbounded:
            try:
                self.vm = posixvm.Program(text, icase)
            except posixvm.Unsupported:
                if self.risky:
                    raise TooComplex(pattern)
            except posixvm.ProgramTooBig:
                raise TooComplex(pattern)
        self.unbounded = tr.unbounded

    def search(self, text: str, pos: int = 0):
        if self.vm is not None and (self.risky or self.alternation or len(text) - pos > LONG_LINE):
            return self.vm.search(text, pos, self.charge)
        return self.rx.search(text, pos)

    def exists(self, text: str) -> bool:
        """Whether the pattern matches somewhere in TEXT (which match does not matter)."""
        if self.vm is not None and (self.risky or len(text) > LONG_LINE):
            return self.vm.search(text, 0, self.charge) is not None
        return self.rx.search(text) is not None

    def fullmatch(self, text: str) -> bool:
        """The whole of TEXT matches (grep -x, find -regex)."""
        if self.vm is not None and (self.risky or len(text) > LONG_LINE):
            m = self.vm.search(text, 0, self.charge)      # the longest match from 0 ends last
            return m is not None and m.start() == 0 and m.end() == len(text)
        return self.rx.fullmatch(text) is not None

    def finditer(self, text: str):
        """Successive non-overlapping matches, as regexec in a loop does (an empty match
        moves one character on)."""
        pos = 0
        while pos <= len(text):
            m = self.search(text, pos)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1


class _Translator:
    def __init__(self, pattern: str, extended: bool):
        self.p, self.ere, self.i = pattern, extended, 0
        self.groups_open: list[int] = []
        self.closed_groups = 0
        self.alternation = False
        self.anchored_end = False
        self.unbounded = 0          # unbounded repetitions (*, +, {n,})
        self.nested = False         # a repeated part that itself repeats or alternates

    def run(self):
        pieces = self._sequence(top=True)
        return "".join(x.text for x in pieces), self.alternation, self.anchored_end, self.closed_groups

    # ---- a sequence of atoms up to ")" or the end, with "|" splitting it ----
    def _sequence(self, top: bool) -> list:
        branches, cur = [], []
        while self.i < len(self.p):
            if self._at_group_close():
                if top:
                    if self.ere:         # an unmatched ")" in an ERE is literal in glibc
                        self.i += 1
                        cur.append(_Piece("\\)"))
                        continue
                    raise RegexError("Unmatched ) or \\)")
                break
            if self._at_alternation():
                self.i += 1 if self.ere else 2
                branches.append(cur)
                cur = []
                continue
            self._atom(cur)
        branches.append(cur)
        if len(branches) == 1:
            return branches[0]
        piece = _alternation(branches)
        self.alternation = self.alternation or "|" in piece.text     # "a|b" became "[ab]": no choice left
        return [piece]

    def _at_group_close(self) -> bool:
        if self.ere:
            return self.p[self.i] == ")" and bool(self.groups_open)
        return self.p.startswith("\\)", self.i)

    def _at_alternation(self) -> bool:
        return self.p[self.i] == "|" if self.ere else self.p.startswith("\\|", self.i)

    def _at_start(self, cur: list) -> bool:
        return not cur or (len(cur) == 1 and cur[0].text == "^")

    def _atom(self, cur: list) -> None:
        p, i = self.p, self.i
        c = p[i]
        # anchors
        if c == "^" and (self.ere or not cur):
            self.i += 1
            cur.append(_Piece("^", quantifiable=False))
            return
        if c == "$" and (self.ere or self._bre_end(i + 1)):
            self.i += 1
            self.anchored_end = True
            cur.append(_Piece("\\Z", quantifiable=False))
            return
        # quantifiers
        q = self._quantifier()
        if q is not None:
            if self._at_start(cur) or not cur[-1].quantifiable:
                if self.ere and q[2] in "*+?":
                    return                         # glibc ERE: a leading "*" is ignored
                if not self.ere and q[2] == "*":
                    cur.append(_Piece("\\*"))      # BRE: a leading "*" is literal
                    return
                if not self.ere:
                    cur.append(_Piece(re.escape(q[2])))
                    return
                raise RegexError("Invalid preceding regular expression")
            self._apply(cur, q)
            return
        if c == "[":
            body = self._bracket()
            cur.append(_Piece(body, char=None if body.startswith("[^") else body[1:-1]))
            return
        if (self.ere and c == "(") or (not self.ere and p.startswith("\\(", i)):
            self.i += 1 if self.ere else 2
            self.groups_open.append(len(cur))
            inner = self._sequence(top=False)
            if self.i >= len(p):
                raise RegexError("Unmatched ( or \\(")
            self.i += 1 if self.ere else 2
            self.groups_open.pop()
            self.closed_groups += 1
            cur.append(_Piece("(" + "".join(x.text for x in inner) + ")",
                              unbounded=any(x.unbounded for x in inner),
                              alternation=any(x.alternation for x in inner)))
            return
        if c == "\\":
            cur.append(self._escape())
            return
        self.i += 1
        if c == ".":
            cur.append(_Piece("."))
        else:
            cur.append(_literal(c))

    def _bre_end(self, j: int) -> bool:
        return j >= len(self.p) or self.p.startswith("\\)", j) or self.p.startswith("\\|", j)

    def _quantifier(self):
        """(min, max, text) of a quantifier at the cursor (consumed), or None."""
        p, i = self.p, self.i
        c = p[i]
        if c == "*":
            self.i += 1
            return (0, UNBOUNDED, "*")
        simple = {"+": (1, UNBOUNDED), "?": (0, 1)}
        if self.ere and c in simple:
            self.i += 1
            return simple[c] + (c,)
        if not self.ere and c == "\\" and p[i + 1:i + 2] in ("+", "?"):
            self.i += 2
            return simple[p[i + 1]] + (p[i + 1],)
        opener = "{" if self.ere else "\\{"
        if p.startswith(opener, i):
            closer = "}" if self.ere else "\\}"
            end = p.find(closer, i + len(opener))
            body = p[i + len(opener):end] if end >= 0 else None
            m = re.fullmatch(r"(\d*)(,?)(\d*)", body) if body is not None else None
            if m is None or (not m.group(1) and not m.group(2)):
                if self.ere:
                    return None                  # glibc ERE: not an interval, a literal "{"
                raise RegexError("Unmatched \\{" if end < 0 else "Invalid content of \\{\\}")
            lo = int(m.group(1) or 0)
            hi = lo if not m.group(2) else (int(m.group(3)) if m.group(3) else UNBOUNDED)
            if hi < lo or lo > 32767 or (hi != UNBOUNDED and hi > 32767):
                raise RegexError("Invalid content of \\{\\}")
            self.i = end + len(closer)
            return (lo, hi, "{")
        return None

    def _apply(self, cur: list, q) -> None:
        lo, hi, _ = q
        atom = cur.pop()
        if atom.quant is not None and {atom.quant, (lo, hi)} <= {(0, UNBOUNDED), (1, UNBOUNDED), (0, 1)}:
            # POSIX reads "a**", "a+?" as one repetition: (min of the mins, the larger max)
            lo, hi = min(lo, atom.quant[0]), max(hi, atom.quant[1])
            atom = atom.base
        if hi == UNBOUNDED and (atom.unbounded or atom.alternation) or (hi > 1 and atom.unbounded):
            self.nested = True
        if hi == UNBOUNDED:
            self.unbounded += 1
        text = atom.text if len(atom.text) == 1 or _is_single(atom.text) else f"(?:{atom.text})"
        if hi == UNBOUNDED:
            suffix = "*" if lo == 0 else "+" if lo == 1 else f"{{{lo},}}"
        elif (lo, hi) == (0, 1):
            suffix = "?"
        else:
            suffix = f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
        piece = _Piece(f"(?:{text}{suffix})", unbounded=atom.unbounded or hi == UNBOUNDED,
                       alternation=atom.alternation)
        piece.base, piece.quant = atom, (lo, hi)
        cur.append(piece)

    def _escape(self) -> _Piece:
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise RegexError("Trailing backslash")
        c = p[i + 1]
        self.i += 2
        if c.isdigit() and c != "0":
            if int(c) > self.closed_groups:
                raise RegexError("Invalid back reference")
            return _Piece(f"(?:\\{c})")
        special = {"<": "\\b(?=\\w)", ">": "\\b(?<=\\w)", "b": "\\b", "B": "\\B", "w": "\\w", "W": "\\W",
                   "s": "\\s", "S": "\\S", "`": "\\A", "'": "\\Z"}
        if c in special:
            if c in ("'", ">", "b", "B"):
                self.anchored_end = True          # boundaries near the end: no longest refinement
            return _Piece(special[c], quantifiable=c in "wWsS")
        if not self.ere and c in "{}":
            raise RegexError("Invalid preceding regular expression")
        return _literal(c)

    def _bracket(self) -> str:
        p = self.p
        i = self.i + 1
        neg = False
        if i < len(p) and p[i] == "^":
            neg, i = True, i + 1
        items, first = [], True
        while True:
            if i >= len(p):
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            c = p[i]
            if c == "]" and not first:
                i += 1
                break
            first = False
            if c == "[" and p[i + 1:i + 2] in (":", "=", "."):
                kind = p[i + 1]
                end = p.find(kind + "]", i + 2)
                if end < 0:
                    raise RegexError("Unmatched [, [^, [:, [., or [=")
                name = p[i + 2:end]
                i = end + 2
                if kind == ":":
                    if name not in CLASSES:
                        raise RegexError("Invalid character class name")
                    items.append(CLASSES[name])
                    continue
                c = name[:1] if name else "["
                lit = c
            else:
                lit = c
                i += 1
            if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
                hi = p[i + 1]
                i += 2
                if hi == "[" and p[i:i + 1] == ".":
                    end = p.find(".]", i + 1)
                    hi, i = p[i + 1:end][:1], end + 2
                if ord(hi) < ord(lit):
                    raise RegexError("Invalid range end")
                items.append(_class_char(lit) + "-" + _class_char(hi))
            else:
                items.append(_class_char(lit))
        self.i = i
        return "[" + ("^" if neg else "") + "".join(items) + "]"


def _literal(c: str) -> _Piece:
    return _Piece(re.escape(c), char=_class_char(c), literal=c)


def _alternation(branches: list) -> _Piece:
    """`x|y|z`. One-character branches become one bracket expression (no ambiguity for
    Python to backtrack over); literal strings none of which is a prefix of another are
    safe to repeat; anything else is marked `alternation` (refused under * or +)."""
    if all(len(b) == 1 and b[0].char is not None for b in branches):
        return _Piece("[" + "".join(b[0].char for b in branches) + "]")
    text = "|".join("".join(x.text for x in b) for b in branches)
    words = ["".join(x.literal for x in b) if all(x.literal is not None for x in b) else None for b in branches]
    safe = all(w for w in words) and not any(a != b and b.startswith(a) for a in words for b in words) \
        and len(set(words)) == len(words)
    unb = any(x.unbounded for b in branches for x in b)
    return _Piece(text, unbounded=unb, alternation=not safe, quantifiable=False)


def _class_char(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def _is_single(text: str) -> bool:
    """One character, one escape, or one bracket expression: no (?:...) needed around it."""
    if re.fullmatch(r"\\.|\[(?:\\.|[^\]\\])*\]|\((?:[^()\\]|\\.)*\)", text, re.S):
        return text.count("(") <= 1
    return False


def compile_posix(pattern: str, extended: bool = False, icase: bool = False) -> Regex:
    return Regex(pattern, extended, icase)
