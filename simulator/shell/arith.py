"""$(( ... )): integer arithmetic as ash evaluates it (C long, division truncating to 0).

Supported: decimal/octal/hex numbers, variables (unset or empty is 0), + - * / % ( ),
unary - + ! ~, comparisons < <= > >= == !=, && ||, & | ^ << >>, and ?: .
"""
from __future__ import annotations

import re

TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^?:])")
BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"),
          ("+", "-"), ("*", "/", "%")]


class ArithError(Exception):
    pass


def evaluate(expr: str, lookup) -> int:
    tokens, pos = [], 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m:
            raise ArithError("arithmetic syntax error")
        tokens.append(m.group(1))
        pos = m.end()
    p = _Parser(tokens, lookup)
    value = p.ternary()
    if p.i != len(tokens):
        raise ArithError("arithmetic syntax error")
    return value


class _Parser:
    def __init__(self, tokens, lookup):
        self.t, self.i, self.lookup = tokens, 0, lookup

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
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = _apply(op, left, right)
        return left

    def unary(self) -> int:
        tok = self.take()
        if tok in ("-", "+", "!", "~"):
            v = self.unary()
            return {"-": -v, "+": v, "!": int(not v), "~": ~v}[tok]
        if tok == "(":
            v = self.ternary()
            if self.take() != ")":
                raise ArithError("arithmetic syntax error")
            return v
        if tok[0].isdigit():
            return int(tok, 16) if tok[:2].lower() == "0x" else int(tok, 8) if tok.startswith("0") and len(tok) > 1 else int(tok)
        if tok[0].isalpha() or tok[0] == "_":
            text = (self.lookup(tok) or "0").strip()
            try:
                return evaluate(text, self.lookup) if text else 0
            except RecursionError:
                raise ArithError("arithmetic syntax error")
        raise ArithError("arithmetic syntax error")


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%"):
        if b == 0:
            raise ArithError("divide by zero")
        q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
        return q if op == "/" else a - q * b
    return {"||": lambda: int(bool(a or b)), "&&": lambda: int(bool(a and b)), "|": lambda: a | b,
            "^": lambda: a ^ b, "&": lambda: a & b, "==": lambda: int(a == b), "!=": lambda: int(a != b),
            "<": lambda: int(a < b), "<=": lambda: int(a <= b), ">": lambda: int(a > b), ">=": lambda: int(a >= b),
            "<<": lambda: a << b, ">>": lambda: a >> b, "+": lambda: a + b, "-": lambda: a - b,
            "*": lambda: a * b}[op]()
