"""$(( ... )): integer arithmetic as ash evaluates it (C long, division truncating to 0).

Supported: decimal/octal/hex numbers, variables (unset or empty is 0), + - * / % ** ( ),
unary - + ! ~, comparisons < <= > >= == !=, && ||, & | ^ << >>, and ?: .

Numbers are BusyBox's 64-bit two's complement, checked on BusyBox 1.35: every result
wraps (`4611686018427387904*4` is 0), a shift count is taken modulo 64 (x86-64's shl),
`(-9223372036854775807-1)/-1` stays -9223372036854775808, a literal that does not fit in
64 bits reads as 0, and a variable whose value names itself is "expression recursion
loop detected".
"""
from __future__ import annotations

import re

TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^?:])")
BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
          ("+", "-"), ("*", "/", "%")]


BITS = 64
MASK = (1 << BITS) - 1


def wrap(n: int) -> int:
    """N as a signed 64-bit integer (two's complement)."""
    n &= MASK
    return n - (1 << BITS) if n >> (BITS - 1) else n


class ArithError(Exception):
    pass


def evaluate(expr: str, lookup, _seen: frozenset = frozenset()) -> int:
    tokens, pos = [], 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            raise ArithError("arithmetic syntax error")
        tokens.append(m.group(1))
        pos = m.end()
    p = _Parser(tokens, lookup, _seen)
    try:
        value = p.ternary()
    except RecursionError:
        raise ArithError("arithmetic syntax error")
    if p.i != len(tokens):
        raise ArithError("arithmetic syntax error")
    return value


class _Parser:
    def __init__(self, tokens, lookup, seen: frozenset):
        self.t, self.i, self.lookup, self.seen = tokens, 0, lookup, seen

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise ArithError("arithmetic syntax error")
        self.i += 1
        return tok

    def ternary(self) -> int:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.i += 1
        a = self.ternary()
        if self.take() != ":":
            raise ArithError("arithmetic syntax error")
        b = self.ternary()
        return a if cond else b

    def binary(self, level: int) -> int:
        if level == len(BINARY):
            return self.power()
        left = self.binary(level + 1)
        while self.peek() in BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _apply(op, left, right)
        return left

    def power(self) -> int:
        base = self.unary()
        if self.peek() != "**":
            return base
        self.i += 1
        exponent = self.power()            # right-associative
        if exponent < 0:
            raise ArithError("exponent less than 0")
        return wrap(pow(base, exponent, 1 << BITS))

    def unary(self) -> int:
        tok = self.take()
        if tok in ("-", "+", "!", "~"):
            v = self.unary()
            return wrap({"-": -v, "+": v, "!": int(not v), "~": ~v}[tok])
        if tok == "(":
            v = self.ternary()
            if self.take() != ")":
                raise ArithError("arithmetic syntax error")
            return v
        if tok[0].isdigit():
            try:
                n = int(tok, 16) if tok[:2].lower() == "0x" else int(tok, 8) if tok.startswith("0") and len(tok) > 1 else int(tok)
            except ValueError:               # 08, 09: not octal
                raise ArithError("arithmetic syntax error")
            return 0 if n >> BITS else wrap(n)      # strtoull's overflow: BusyBox reads 0
        if tok[0].isalpha() or tok[0] == "_":
            if tok in self.seen:
                raise ArithError("expression recursion loop detected")
            text = (self.lookup(tok) or "0").strip()
            return evaluate(text, self.lookup, self.seen | {tok}) if text else 0
        raise ArithError("arithmetic syntax error")


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%"):
        if b == 0:
            raise ArithError("divide by zero")
        q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
        return wrap(q if op == "/" else a - q * b)
    if op in ("<<", ">>"):
        b &= BITS - 1
        return wrap(a << b) if op == "<<" else a >> b
    return wrap({"||": lambda: int(bool(a or b)), "&&": lambda: int(bool(a and b)), "|": lambda: a | b,
            "^": lambda: a ^ b, "&": lambda: a & b, "==": lambda: int(a == b), "!=": lambda: int(a != b),
            "<": lambda: int(a < b), "<=": lambda: int(a <= b), ">": lambda: int(a > b), ">=": lambda: int(a >= b),
            "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b}[op]())
