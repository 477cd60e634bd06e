"""Word expansion as sh does it: tilde, parameters, command substitution, field splitting
on IFS (unquoted results only), pathname globbing against the namespace, quote removal.

Globbing follows ash: `*`, `?` and `[...]` (with `!` or `^` to negate) match within one
path component; a leading "." must be matched explicitly (and then "." and ".." match
too); matches come back sorted; a pattern that matches nothing stays as written.
"""
from __future__ import annotations

import re

from simulator.shell import pattern as P
from simulator.shell.arith import ArithError, evaluate
from simulator.shell.parser import Arith, Lit, Param, Word


class ExpansionError(Exception):
    """${X?msg} / set -u failures: the shell prints the message and exits with 2."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


GLOB_CHARS = "*?["


# ---- parameters ---------------------------------------------------------------------------
def param_value(shell, name: str) -> str | None:
    if name == "?":
        return str(shell.status)
    if name == "#":
        return str(len(shell.args))
    if name == "$":
        return str(shell.pid)
    if name == "!":
        return ""
    if name == "-":
        return "".join(sorted(shell.options))
    if name in ("@", "*"):
        return " ".join(shell.args)
    if name.isdigit():
        n = int(name)
        if n == 0:
            return shell.arg0
        return shell.args[n - 1] if n <= len(shell.args) else None
    return shell.vars.get(name)


def _expand_param(shell, p: Param) -> str:
    value = param_value(shell, p.name)
    if p.op is None:
        if value is None and "u" in shell.options and p.name not in ("@", "*"):
            raise ExpansionError(f"{p.name}: parameter not set")
        return value or ""
    if p.op == "len":
        return str(len(value or ""))
    colon = p.op.startswith(":")
    unset = value is None or (colon and value == "")
    op = p.op.lstrip(":")
    if op == "-":
        return expand_string(shell, p.arg) if unset else value
    if op == "=":
        if unset:
            value = expand_string(shell, p.arg)
            shell.set_var(p.name, value)
        return value
    if op == "+":
        return "" if unset else expand_string(shell, p.arg)
    if op == "?":
        if unset:
            msg = expand_string(shell, p.arg) or "parameter not set"
            raise ExpansionError(f"{p.name}: {msg}")
        return value
    value = value or ""
    pattern = expand_string(shell, p.arg, pattern=True)
    shell.budget.charge_match(len(value), len(pattern))
    return P.trim(value, op, pattern)


# ---- words --------------------------------------------------------------------------------
def _pieces(shell, word: Word) -> list:
    """The word as (text, quoted, splittable) pieces after parameter and command expansion."""
    out = []
    for i, part in enumerate(word.parts):
        if type(part) is Lit:
            text = part.text
            if i == 0 and not part.quoted and text.startswith("~"):
                text = _tilde(shell, text)
            out.append((text, part.quoted, False))
        elif type(part) is Param:
            if part.name == "@" and part.quoted and part.op is None:
                out.append((list(shell.args), True, False))
            else:
                out.append((_expand_param(shell, part), part.quoted, not part.quoted))
        elif type(part) is Arith:
            out.append((_arith(shell, part.expr), part.quoted, not part.quoted))
        else:
            out.append((shell.command_substitution(part.script), part.quoted, not part.quoted))
    return out


def _arith(shell, expr: str) -> str:
    # $NAME and ${NAME} inside are expanded first; bare names are looked up by evaluate()
    text = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*|[?#$0-9])\}?",
                  lambda m: param_value(shell, m.group(1)) or "0", expr)
    try:
        return str(evaluate(text, shell.vars.get))
    except ArithError as e:
        raise ExpansionError(str(e))


def _tilde(shell, text: str) -> str:
    head, slash, rest = text.partition("/")
    user = head[1:]
    if not user:
        home = shell.vars.get("HOME")
    else:
        from simulator.shell.process import passwd_entry
        row = passwd_entry(shell.ns, user)
        home = row[5] if row and len(row) > 5 else None
    return text if home is None else home + slash + rest


def _split(text: str, ifs: str) -> list[str | None]:
    """Split an unquoted expansion: None marks a field break (one pass, no per-character copies)."""
    out: list = []
    for k, chunk in enumerate(re.split("[" + re.escape(ifs) + "]", text)):
        if k:
            out.append(None)
        out.append(chunk)
    return out


def expand_words(shell, words: list, glob: bool = True) -> list[str]:
    fields: list[str] = []
    for w in words:
        fields.extend(expand_word(shell, w, glob))
    return fields


def expand_word(shell, word: Word, glob: bool = True) -> list[str]:
    """One word to zero or more fields."""
    ifs = shell.vars.get("IFS", " \t\n")
    fields: list[list] = []      # each: list of (text, quoted)
    cur: list = []
    keep = False                 # the current field exists even if empty (quotes seen)
    for text, quoted, splittable in _checked(shell, _pieces(shell, word)):
        if isinstance(text, list):          # "$@"
            for k, arg in enumerate(text):
                if k:
                    fields.append(cur)
                    cur = []
                cur.append((arg, True))
            keep = keep or bool(text)
            continue
        if not splittable or not ifs:
            cur.append((text, quoted))
            keep = keep or quoted
            continue
        for chunk in _split(text, ifs):
            if chunk is None:
                if cur or keep:
                    fields.append(cur)
                cur, keep = [], False
            elif chunk:
                cur.append((chunk, False))
    if cur or keep:
        fields.append(cur)
    out: list[str] = []
    for f in fields:
        out.extend(_glob_field(shell, f) if glob else ["".join(t for t, _ in f)])
    return out


def expand_string(shell, word: Word | None, pattern: bool = False) -> str:
    """A word expanded without splitting or globbing (assignments, redirection targets,
    ${X:-word}); with `pattern`, quoted glob characters are escaped to match literally."""
    if word is None:
        return ""
    out = []
    for text, quoted, _ in _checked(shell, _pieces(shell, word)):
        if isinstance(text, list):
            text = " ".join(text)
        out.append(_escape(text) if pattern and quoted else text)
    return "".join(out)


def _checked(shell, pieces: list) -> list:
    """The pieces of one word, charged to the budget as the string they make (at most
    the string cap: `x=$x$x` in a loop ends in "out of memory", not in a swapping kernel)."""
    size = sum(len(t) if isinstance(t, str) else sum(map(len, t)) + len(t) for t, _, _ in pieces)
    shell.budget.charge_bytes(size)
    return pieces


# ---- globbing -----------------------------------------------------------------------------
def _escape(text: str) -> str:
    return "".join("\\" + c if c in GLOB_CHARS + "\\" else c for c in text)


def _glob_field(shell, field: list) -> list[str]:
    literal = "".join(t for t, _ in field)
    if not any(not q and any(c in t for c in GLOB_CHARS) for t, q in field):
        return [literal]
    pattern = "".join(t if not q else _escape(t) for t, q in field)
    if not P.has_magic(pattern):          # `[` (the test command), `a[b`: a plain word
        return [literal]
    matches = glob(shell, pattern)
    return matches if matches else [literal]


def _has_magic(comp: str) -> bool:
    return P.has_magic(comp)


def _unescape(comp: str) -> str:
    return re.sub(r"\\(.)", r"\1", comp)


def glob(shell, pattern: str) -> list[str]:
    comps = pattern.split("/")
    start = "/" if pattern.startswith("/") else ""
    if start:
        comps = comps[1:]
    results: list[str] = []
    _glob_walk(shell, start, comps, results)
    return sorted(results)


def _glob_walk(shell, prefix: str, comps: list[str], results: list[str]) -> None:
    if not comps:
        return
    comp, rest = comps[0], comps[1:]
    last = not rest
    if not _has_magic(comp):
        path = prefix + _unescape(comp)
        if last:
            if shell.glob_lstat(path):
                results.append(path)
        else:
            _glob_walk(shell, path + "/", rest, results)
        return
    names = shell.glob_listdir(prefix or ".")
    if names is None:
        return
    shell.budget.charge(1 + len(names) // 16)     # reading the directory is work too
    pat = P.Pattern(comp)
    explicit_dot = comp.startswith(".") or comp.startswith("\\.")
    if explicit_dot:
        names = [".", ".."] + names
    for name in names:
        if name.startswith(".") and not explicit_dot:
            continue
        shell.budget.charge_match(len(name), len(pat))
        if not pat.fullmatch(name):
            continue
        path = prefix + name
        if last:
            results.append(path)
        elif shell.glob_isdir(path):
            _glob_walk(shell, path + "/", rest, results)
