"""Word expansion as sh does it: tilde, parameters, command substitution, field splitting
on IFS (unquoted results only), pathname globbing against the namespace, quote removal.

Globbing follows ash: `*`, `?` and `[...]` (with `!` or `^` to negate) match within one
path component; a leading "." must be matched explicitly (and then "." and ".." match
too); matches come back sorted; a pattern that matches nothing stays as written.
"""
from __future__ import annotations

import re

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
    return _trim(value or "", op, expand_string(shell, p.arg, pattern=True))


def _trim(value: str, op: str, pattern: str) -> str:
    """${V#p} ${V##p} ${V%p} ${V%%p}: remove the shortest/longest matching prefix/suffix."""
    rx = re.compile(glob_regex(pattern) + r"\Z", re.S)
    n = len(value)
    if op in ("#", "##"):
        cuts = range(0, n + 1) if op == "#" else range(n, -1, -1)
        for k in cuts:
            if rx.match(value[:k]):
                return value[k:]
    else:
        cuts = range(n, -1, -1) if op == "%" else range(0, n + 1)
        for k in cuts:
            if rx.match(value[k:]):
                return value[:k]
    return value


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
    """Split an unquoted expansion: None marks a field break."""
    out: list = []
    cur = ""
    for c in text:
        if c in ifs:
            out.append(cur)
            out.append(None)
            cur = ""
        else:
            cur += c
    out.append(cur)
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
    for text, quoted, splittable in _pieces(shell, word):
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
    for text, quoted, _ in _pieces(shell, word):
        if isinstance(text, list):
            text = " ".join(text)
        out.append(_escape(text) if pattern and quoted else text)
    return "".join(out)


# ---- globbing -----------------------------------------------------------------------------
def _escape(text: str) -> str:
    return "".join("\\" + c if c in GLOB_CHARS + "\\" else c for c in text)


def _glob_field(shell, field: list) -> list[str]:
    literal = "".join(t for t, _ in field)
    if not any(not q and any(c in t for c in GLOB_CHARS) for t, q in field):
        return [literal]
    pattern = "".join(t if not q else _escape(t) for t, q in field)
    matches = glob(shell, pattern)
    return matches if matches else [literal]


def glob_regex(pattern: str) -> str:
    """Translate one sh pattern to a regular expression (no "/" handling)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] in "!^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))     # no closing ]: a literal [
            else:
                body = pattern[i + 1:j]
                neg = body[:1] in ("!", "^")
                if neg:
                    body = body[1:]
                body = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
                out.append("[" + ("^" if neg else "") + body + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _has_magic(comp: str) -> bool:
    i = 0
    while i < len(comp):
        if comp[i] == "\\":
            i += 2
            continue
        if comp[i] in GLOB_CHARS:
            return True
        i += 1
    return False


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
    rx = re.compile(glob_regex(comp) + r"\Z", re.S)
    explicit_dot = comp.startswith(".") or comp.startswith("\\.")
    if explicit_dot:
        names = [".", ".."] + names
    for name in names:
        if name.startswith(".") and not explicit_dot:
            continue
        if not rx.match(name):
            continue
        path = prefix + name
        if last:
            results.append(path)
        elif shell.glob_isdir(path):
            _glob_walk(shell, path + "/", rest, results)
