"""A regular-expression machine that cannot backtrack: a Pike VM (Thompson's NFA with
captures) over the pattern Python's own parser reads, for the patterns on which Python's
backtracking `re` could take exponential or high-polynomial time (`.*a.*a.*a.*b` on a long
line: minutes), and for POSIX's leftmost-LONGEST match of an alternation.

Its time is linear in the text (states x characters), each step charged to the command's
work budget, so a match either ends or is stopped by the budget; its result does not
depend on the machine's speed. Back-references need backtracking: a pattern with one is
left to `re` (regex.py refuses the ones that could blow up).

Program: CHAR(test) | SPLIT(a, b) | JMP(a) | SAVE(slot) | ASSERT(kind) | MATCH.
"""
from __future__ import annotations

import re
from re import _constants as C      # the opcodes of Python's regex parser
from re import _parser as P

STEPS_PER_UNIT = 1000
MAX_PROGRAM = 20_000                # instructions: "a{1000}{1000}" is refused, not built


class Unsupported(Exception):
    """A construct the VM does not run (a back-reference): `re` runs the pattern."""


class ProgramTooBig(Exception):
    pass


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Compiler:
    def __init__(self, icase: bool):
        self.prog: list = []
        self.icase = icase

    def emit(self, *ins) -> int:
        if len(self.prog) >= MAX_PROGRAM:
            raise ProgramTooBig()
        self.prog.append(list(ins))
        return len(self.prog) - 1

    def seq(self, items) -> None:
        for op, av in items:
            self.node(op, av)

    def node(self, op, av) -> None:
        if op is C.LITERAL:
            ch = chr(av)
            self.emit("char", (lambda c, x=ch.lower(): c.lower() == x) if self.icase else (lambda c, x=ch: c == x))
        elif op is C.NOT_LITERAL:
            ch = chr(av)
            self.emit("char", lambda c, x=ch: c != x)
        elif op is C.ANY:
            self.emit("char", lambda c: True)
        elif op is C.IN:
            self.emit("char", self._charset(av))
        elif op is C.SUBPATTERN:
            group, _, _, sub = av
            if group is not None:
                self.emit("save", 2 * group)
            self.seq(sub)
            if group is not None:
                self.emit("save", 2 * group + 1)
        elif op is C.BRANCH:
            self._branch(av[1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            self._repeat(*av)
        elif op is C.AT:
            self.emit("assert", {C.AT_BEGINNING: "bol", C.AT_BEGINNING_STRING: "bol", C.AT_END_STRING: "eos",
                                 C.AT_END: "eos", C.AT_BOUNDARY: "b", C.AT_NON_BOUNDARY: "B"}[av])
        elif op is C.ASSERT or op is C.ASSERT_NOT:
            direction, sub = av
            if op is C.ASSERT_NOT or len(sub) != 1 or sub[0][0] not in (C.IN, C.LITERAL, C.ANY):
                raise Unsupported("assertion")
            sub_c = _Compiler(self.icase)
            sub_c.node(*sub[0])
            self.emit("look", direction, sub_c.prog[0][1])
        else:
            raise Unsupported(str(op))      # GROUPREF and friends

    def _charset(self, items):
        negate = False
        tests = []
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                tests.append(("lit", chr(av)))
            elif op is C.RANGE:
                tests.append(("range", (chr(av[0]), chr(av[1]))))
            elif op is C.CATEGORY:
                tests.append(("cat", av))
            else:
                raise Unsupported(str(op))
        icase = self.icase

        def test(c: str) -> bool:
            chars = (c, c.lower(), c.upper()) if icase else (c,)
            hit = any(_in(t, ch) for t in tests for ch in chars)
            return hit != negate
        return test

    def _branch(self, alts) -> None:
        jumps = []
        for k, alt in enumerate(alts):
            if k < len(alts) - 1:
                split = self.emit("split", None, None)
                self.prog[split][1] = len(self.prog)
                self.seq(alt)
                jumps.append(self.emit("jmp", None))
                self.prog[split][2] = len(self.prog)
            else:
                self.seq(alt)
        for j in jumps:
            self.prog[j][1] = len(self.prog)

    def _repeat(self, lo, hi, sub) -> None:
        for _ in range(lo):
            self.seq(sub)
        if hi is C.MAXREPEAT:
            loop = self.emit("split", None, None)
            self.prog[loop][1] = len(self.prog)
            self.seq(sub)
            self.emit("jmp", loop)
            self.prog[loop][2] = len(self.prog)
            return
        ends = []
        for _ in range(hi - lo):
            split = self.emit("split", None, None)
            self.prog[split][1] = len(self.prog)
            ends.append(split)
            self.seq(sub)
        for s in ends:
            self.prog[s][2] = len(self.prog)


def _in(t, ch: str) -> bool:
    kind, v = t
    if kind == "lit":
        return ch == v
    if kind == "range":
        return v[0] <= ch <= v[1]
    return {C.CATEGORY_DIGIT: ch.isdigit, C.CATEGORY_NOT_DIGIT: lambda: not ch.isdigit(),
            C.CATEGORY_SPACE: ch.isspace, C.CATEGORY_NOT_SPACE: lambda: not ch.isspace(),
            C.CATEGORY_WORD: lambda: _word(ch), C.CATEGORY_NOT_WORD: lambda: not _word(ch)}.get(v, lambda: False)()


class VMMatch:
    """The part of re.Match the applets use: start, end, span, group, groups."""

    def __init__(self, text: str, slots: list, ngroups: int):
        self.string, self._slots, self._n = text, slots, ngroups

    def start(self, k: int = 0) -> int:
        return self._slots[2 * k]

    def end(self, k: int = 0) -> int:
        return self._slots[2 * k + 1]

    def span(self, k: int = 0):
        return self.start(k), self.end(k)

    def group(self, k: int = 0):
        a, b = self._slots[2 * k], self._slots[2 * k + 1]
        return None if a is None or b is None else self.string[a:b]

    def groups(self):
        return tuple(self.group(k) for k in range(1, self._n + 1))


class Program:
    def __init__(self, python_pattern: str, icase: bool):
        flags = re.S | (re.I if icase else 0)
        tree = P.parse(python_pattern, flags)
        self.ngroups = tree.state.groups - 1
        c = _Compiler(icase)
        c.emit("save", 0)
        c.seq(tree)
        c.emit("save", 1)
        c.emit("match")
        self.prog = c.prog

    def search(self, text: str, pos: int = 0, charge=None):
        """The leftmost-longest match at or after POS, or None. Threads are seeded at each
        position until a match is found; a thread that started later than the best match
        is dropped, one that started earlier may still win."""
        prog, n = self.prog, len(text)
        nslots = 2 * (self.ngroups + 1)
        best = None
        clist: list = []
        cseen: set = set()
        steps = 0
        i = pos
        while True:
            if best is None:
                self._add(clist, cseen, 0, [None] * nslots, text, i)
            if not clist:
                if best is not None or i >= n:
                    break
                i += 1
                cseen = set()
                continue
            nlist: list = []
            nseen: set = set()
            ch = text[i] if i < n else None
            for pc, slots in clist:
                steps += 1
                ins = prog[pc]
                if ins[0] == "match":
                    if best is None or slots[0] < best[0] or (slots[0] == best[0] and slots[1] > best[1]):
                        best = slots
                    continue
                if ch is not None and ins[1](ch):
                    self._add(nlist, nseen, pc + 1, slots, text, i + 1)
            if charge is not None and steps >= STEPS_PER_UNIT:
                charge(steps // STEPS_PER_UNIT)
                steps %= STEPS_PER_UNIT
            if best is not None:
                nlist = [t for t in nlist if t[1][0] <= best[0]]
            if i >= n:
                break
            clist, cseen = nlist, nseen
            i += 1
        return None if best is None else VMMatch(text, best, self.ngroups)

    def _add(self, out: list, seen: set, pc: int, slots: list, text: str, i: int) -> None:
        """Follow the instructions that consume nothing (split, jmp, save, asserts)."""
        stack = [(pc, slots)]
        prog = self.prog
        while stack:
            pc, slots = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            ins = prog[pc]
            op = ins[0]
            if op == "jmp":
                stack.append((ins[1], slots))
            elif op == "split":
                stack.append((ins[2], slots))
                stack.append((ins[1], slots))
            elif op == "save":
                new = list(slots)
                new[ins[1]] = i
                stack.append((pc + 1, new))
            elif op == "assert":
                if _holds(ins[1], text, i):
                    stack.append((pc + 1, slots))
            elif op == "look":
                j = i if ins[1] > 0 else i - 1
                if 0 <= j < len(text) and ins[2](text[j]):
                    stack.append((pc + 1, slots))
            else:
                out.append((pc, slots))


def _holds(kind: str, text: str, i: int) -> bool:
    if kind == "bol":
        return i == 0
    if kind == "eos":
        return i == len(text)
    before = i > 0 and _word(text[i - 1])
    after = i < len(text) and _word(text[i])
    return (before != after) if kind == "b" else (before == after)
