"""sh patterns (`*`, `?`, `[...]`, `\\x`) matched in time proportional to text x pattern,
never exponential: globbing, `${V#p}` `${V##p}` `${V%p}` `${V%%p}` and `case`.

A regular expression engine backtracks: `*a*a*a*a*a*b` against 200 characters takes
minutes. Here a pattern is a list of tokens run as a set of states (an NFA), one step per
character, so a whole `${V##p}` is one pass over V, and a full match uses the classic
"last star" walk (each star only ever moves forward).
"""
from __future__ import annotations

from dataclasses import dataclass

STAR, ANY = "*", "?"
CLASSES = {
    "alnum": str.isalnum, "alpha": str.isalpha, "digit": str.isdigit, "lower": str.islower,
    "upper": str.isupper, "space": str.isspace, "blank": lambda c: c in " \t",
    "punct": lambda c: c.isprintable() and not c.isalnum() and not c.isspace(),
    "print": str.isprintable, "graph": lambda c: c.isprintable() and not c.isspace(),
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127, "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


@dataclass(frozen=True)
class CharSet:
    negate: bool
    chars: frozenset
    ranges: tuple            # (lo, hi) pairs
    classes: tuple           # names from CLASSES

    def __contains__(self, c: str) -> bool:
        hit = (c in self.chars or any(lo <= c <= hi for lo, hi in self.ranges)
               or any(CLASSES[k](c) for k in self.classes))
        return hit != self.negate


def _bracket(pattern: str, i: int):
    """The set that starts at pattern[i] == "[", and the index after its "]"; None when
    there is no closing "]" (then "[" is an ordinary character, as in ash)."""
    j, n = i + 1, len(pattern)
    negate = j < n and pattern[j] in "!^"
    j += negate
    chars, ranges, classes = set(), [], []
    first = True
    while j < n:
        c = pattern[j]
        if c == "]" and not first:
            return CharSet(negate, frozenset(chars), tuple(ranges), tuple(classes)), j + 1
        first = False
        if c == "[" and pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            if end > 0 and pattern[j + 2:end] in CLASSES:
                classes.append(pattern[j + 2:end])
                j = end + 2
                continue
        if c == "\\" and j + 1 < n:
            j += 1
            c = pattern[j]
        if j + 2 < n and pattern[j + 1] == "-" and pattern[j + 2] != "]":
            hi = pattern[j + 2]
            if hi == "\\" and j + 3 < n:
                hi, j = pattern[j + 3], j + 1
            ranges.append((c, hi))
            j += 3
            continue
        chars.add(c)
        j += 1
    return None


def tokens(pattern: str) -> tuple:
    """A pattern as tokens: STAR, ANY, a CharSet, or a literal character (a 1-char str
    other than STAR/ANY is wrapped in a tuple to keep it apart: ("c",))."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append((pattern[i + 1],))
            i += 2
            continue
        if c == "*":
            if not out or out[-1] is not STAR:       # ** is *
                out.append(STAR)
        elif c == "?":
            out.append(ANY)
        elif c == "[":
            found = _bracket(pattern, i)
            if found is not None:
                out.append(found[0])
                i = found[1]
                continue
            out.append(("[",))
        else:
            out.append((c,))
        i += 1
    return tuple(out)


def has_magic(pattern: str) -> bool:
    """Whether globbing would treat PATTERN as a pattern: an unescaped * or ?, or a [
    that has its closing ] (a lone `[`, the test command, is a plain name)."""
    return any(t is STAR or t is ANY or isinstance(t, CharSet) for t in tokens(pattern))


def _one(tok, c: str) -> bool:
    if tok is ANY:
        return True
    if type(tok) is tuple:
        return tok[0] == c
    return c in tok


class Pattern:
    def __init__(self, pattern: str):
        self.text = pattern
        self.toks = tokens(pattern)

    def __len__(self) -> int:
        return len(self.toks)

    def fullmatch(self, s: str) -> bool:
        """The whole of S matches. Each star restarts at most len(S) times and only the last
        one is ever retried (later stars subsume earlier ones): O(len(S) x len(pattern))."""
        toks, n, m = self.toks, len(s), len(self.toks)
        i = j = 0
        star_j, star_i = -1, 0
        while i < n:
            if j < m and toks[j] is STAR:
                star_j, star_i = j, i
                j += 1
            elif j < m and _one(toks[j], s[i]):
                i += 1
                j += 1
            elif star_j >= 0:
                star_i += 1
                i, j = star_i, star_j + 1
            else:
                return False
        while j < m and toks[j] is STAR:
            j += 1
        return j == m

    def prefix_ends(self, s: str):
        """Every k (ascending) such that s[:k] matches: one pass over S with a set of states."""
        toks, m = self.toks, len(self.toks)

        def closure(states):
            out = set()
            for q in states:
                while q < m and toks[q] is STAR:
                    out.add(q)
                    q += 1
                out.add(q)
            return out

        states = closure({0})
        if m in states:
            yield 0
        for k, c in enumerate(s, 1):
            nxt = set()
            for q in states:
                if q < m:
                    t = toks[q]
                    if t is STAR:
                        nxt.add(q)
                    elif _one(t, c):
                        nxt.add(q + 1)
            if not nxt:
                return
            states = closure(nxt)
            if m in states:
                yield k

    def reversed(self) -> "Pattern":
        p = Pattern.__new__(Pattern)
        p.text, p.toks = self.text, self.toks[::-1]
        return p


def trim(value: str, op: str, pattern: str) -> str:
    """${V#p} ${V##p} (shortest / longest prefix removed), ${V%p} ${V%%p} (suffix)."""
    p = Pattern(pattern)
    if op in ("#", "##"):
        ends = p.prefix_ends(value)
        cut = _first_or_last(ends, op == "##")
        return value if cut is None else value[cut:]
    ends = p.reversed().prefix_ends(value[::-1])
    cut = _first_or_last(ends, op == "%%")
    return value if cut is None else value[:len(value) - cut]


def _first_or_last(ends, last: bool):
    found = None
    for k in ends:
        found = k
        if not last:
            break
    return found


def cost(text_len: int, pattern_len: int) -> int:
    """Steps a match may take: what the command's work budget is charged."""
    return (text_len + 1) * (pattern_len + 1)
