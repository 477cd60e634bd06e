"""Go's fmt for template values: %v of structs, maps and slices, the verbs printf takes
(%s %d %v %q %t %x %X %o %b %c %e %f %g %T %%), flags, widths and precisions, and the
%!verb(type=value) forms fmt prints for a wrong argument."""
from __future__ import annotations

from decimal import Decimal

from simulator.cli.gotemplate.values import MISSING, Named, Number, Ptr, Slice, Struct, type_name
from simulator.docker import mounts as _mounts


def quote(s: str) -> str:
    """strconv.Quote: the one implementation the simulator has (docker/mounts/gotext.py)."""
    return _mounts.go_quote(s)


def _shortest(f: float) -> tuple[str, int]:
    """The shortest decimal digits of f and its decimal point position (strconv's digs, dp)."""
    d = Decimal(repr(abs(f)))
    sign, digits, exp = d.as_tuple()
    ds = "".join(map(str, digits)).lstrip("0") or "0"
    stripped = "".join(map(str, digits))
    lead = len(stripped) - len(stripped.lstrip("0"))
    dp = len(digits) + exp - lead
    ds = ds.rstrip("0") or "0"
    return ds, dp if ds != "0" else 1


def format_float(f: float, verb: str = "g", prec: int = -1) -> str:
    """strconv.FormatFloat(f, verb, prec, 64)."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    neg = f < 0 or (f == 0 and str(f).startswith("-"))
    if prec >= 0 and verb in "eEf":
        body = f"{abs(f):.{prec}{verb}}"
        return ("-" if neg else "") + body
    if verb in "gG" and prec >= 0:
        body = f"{abs(f):.{prec or 1}g}"
        return ("-" if neg else "") + (body.upper() if verb == "G" else body)
    digs, dp = _shortest(f)
    if verb == "f":
        body = f"{Decimal(repr(abs(f))):f}"
    else:
        exp = dp - 1
        eprec = 6 if verb in "gGv" else len(digs)
        if verb in "eE" or exp < -4 or exp >= eprec:
            mant = digs[0] + ("." + digs[1:] if len(digs) > 1 else "")
            body = f"{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
        elif dp <= 0:
            body = "0." + "0" * -dp + digs
        elif dp >= len(digs):
            body = digs + "0" * (dp - len(digs))
        else:
            body = digs[:dp] + "." + digs[dp:]
    if verb in "EG":
        body = body.upper()
    return ("-" if neg else "") + body


def sort_keys(d: dict) -> list:
    """fmt's (internal/fmtsort) order: numbers by value, strings by bytes, false before true."""
    def key(k):
        if isinstance(k, bool):
            return (0, int(k), "")
        if isinstance(k, (int, float)):
            return (1, k, "")
        return (2, 0, str(k).encode("utf-8", "surrogatepass"))
    return sorted(d, key=key)


class Spec:
    """One verb with its flags: fmt's fmtFlags, wid and prec."""

    def __init__(self, verb="v", minus=False, plus=False, sharp=False, space=False, zero=False,
                 width=None, prec=None):
        self.verb, self.minus, self.plus, self.sharp, self.space, self.zero = verb, minus, plus, sharp, space, zero
        self.width, self.prec = width, prec
        self.plus_v = False
        self.sharp_v = False

    def pad(self, s: str) -> str:
        if self.width is None or len(s) >= self.width:
            return s
        fill = self.width - len(s)
        if self.minus:
            return s + " " * fill
        if self.zero and self.verb not in "sqvTt":
            sign = s[0] if s[:1] in "+-" else ""
            return sign + "0" * fill + s[len(sign):]
        return " " * fill + s


def bad_verb(spec: Spec, v) -> str:
    if v is None:
        return f"%!{spec.verb}(<nil>)"
    return f"%!{spec.verb}({type_name(v)}={value_string(v, 0)})"


def fmt_int(n: int, spec: Spec) -> str:
    verb = spec.verb
    base = {"d": 10, "v": 10, "x": 16, "X": 16, "o": 8, "O": 8, "b": 2}.get(verb)
    if verb == "c":
        return spec.pad(chr(n))
    if verb == "q":
        return spec.pad("'" + chr(n) + "'")
    if verb == "U":
        return spec.pad(f"U+{n:04X}")
    if base is None:
        return None
    digits = {10: str(abs(n)), 16: f"{abs(n):x}", 8: f"{abs(n):o}", 2: f"{abs(n):b}"}[base]
    if verb == "X":
        digits = digits.upper()
    if spec.prec is not None:
        digits = digits.rjust(spec.prec, "0") if not (spec.prec == 0 and n == 0) else ""
    prefix = ""
    if spec.sharp:
        prefix = {16: "0x" if verb == "x" else "0X", 8: "0", 2: "0b"}.get(base, "")
    if verb == "O":
        prefix = "0o"
    sign = "-" if n < 0 else "+" if spec.plus else " " if spec.space else ""
    body = sign + prefix + digits
    if spec.zero and spec.width and not spec.minus and spec.prec is None:
        return sign + prefix + digits.rjust(spec.width - len(sign) - len(prefix), "0")
    return spec.pad(body)


def fmt_str(s: str, spec: Spec) -> str | None:
    verb = spec.verb
    if spec.prec is not None and verb in "sv":
        s = s[:spec.prec]
    if verb in "sv":
        return spec.pad(s)
    if verb == "q":
        return spec.pad("`" + s + "`" if spec.sharp and "`" not in s and s.isprintable() else quote(s))
    if verb in "xX":
        data = s.encode("utf-8", "surrogatepass")
        if spec.prec is not None:
            data = data[:spec.prec]
        sep = " " if spec.space else ""
        parts = [("0x" if spec.sharp else "") + f"{b:02x}" for b in data]
        h = sep.join(parts)
        return spec.pad(h.upper().replace("0X", "0X") if verb == "X" else h)
    return None


def fmt_value(v, spec: Spec, depth: int = 0) -> str:
    """fmt's printArg/printValue for one operand and one verb."""
    verb = spec.verb
    if verb == "T":
        return spec.pad(type_name(v))
    if spec.sharp_v:
        return spec.pad(go_syntax(v))
    if v is None:
        return spec.pad("<nil>") if verb == "v" else bad_verb(spec, v)
    if v is MISSING:
        return spec.pad("<no value>") if verb in "vs" else bad_verb(spec, "<no value>")
    if isinstance(v, bool):
        return spec.pad("true" if v else "false") if verb in "vt" else bad_verb(spec, v)
    if isinstance(v, int):
        out = fmt_int(v, spec)
        return out if out is not None else bad_verb(spec, v)
    if isinstance(v, float):
        if verb in "veEfFgG":
            default = 6 if verb in "eEfF" else -1
            body = format_float(v, "g" if verb == "v" else verb, default if spec.prec is None else spec.prec)
            if spec.plus and not body.startswith("-"):
                body = "+" + body
            if spec.zero and spec.width and not spec.minus:
                sign = body[0] if body[0] in "+-" else ""
                return sign + body[len(sign):].rjust(spec.width - len(sign), "0")
            return spec.pad(body)
        return bad_verb(spec, v)
    if isinstance(v, Named) and v.gotype == "time.Time" and verb in "vs":
        return spec.pad(go_time(v))
    if isinstance(v, str):
        out = fmt_str(v, spec)
        return out if out is not None else bad_verb(spec, v)
    if isinstance(v, Ptr):
        if v.nil:
            return spec.pad("<nil>") if verb in "vp" else f"%!{verb}({v.gotype}=<nil>)"
        if depth == 0 and isinstance(v.target, (Struct, list, dict)):
            return "&" + fmt_value(v.target, spec, depth + 1)
        return spec.pad(v.address())
    if isinstance(v, Struct):
        parts = []
        for name, x in v.fields.items():
            inner = fmt_value(x, spec, depth + 1)
            parts.append(f"{name}:{inner}" if spec.plus_v else inner)
        return "{" + " ".join(parts) + "}"
    if isinstance(v, dict):
        return "map[" + " ".join(f"{fmt_value(k, spec, depth + 1)}:{fmt_value(v[k], spec, depth + 1)}"
                                 for k in sort_keys(v)) + "]"
    if isinstance(v, list):
        if verb in "sqxX" and isinstance(v, Slice) and v.elem == "uint8":
            return fmt_str(bytes(v).decode("utf-8", "surrogateescape"), spec)
        return "[" + " ".join(fmt_value(x, spec, depth + 1) for x in v) + "]"
    return spec.pad(str(v))


def go_time(rfc3339: str) -> str:
    """time.Time.String() of a UTC time the engine sent as RFC 3339."""
    if not rfc3339.endswith("Z") or "T" not in rfc3339:
        return rfc3339
    date, _, clock = rfc3339[:-1].partition("T")
    return f"{date} {clock} +0000 UTC"


def go_syntax(v, top: bool = True) -> str:
    """%#v: the value in Go syntax."""
    if v is None or v is MISSING:
        return "interface {}(nil)" if not top else "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return value_string(v)
    if isinstance(v, str):
        q = quote(v)
        return q if type(v) is str else f"{v.gotype}({q})" if not top else q
    if isinstance(v, Ptr):
        if v.nil:
            return f"({v.gotype})(nil)"
        return "&" + go_syntax(v.target, False) if isinstance(v.target, (Struct, list, dict)) \
            else f"({v.gotype})({v.address()})"
    if isinstance(v, Struct):
        return v.gotype + "{" + ", ".join(f"{k}:{go_syntax(x, False)}" for k, x in v.fields.items()) + "}"
    gotype = type_name(v)
    if isinstance(v, dict):
        if getattr(v, "nil", False):
            return f"{gotype}(nil)"
        return gotype + "{" + ", ".join(f"{go_syntax(k, False)}:{go_syntax(v[k], False)}" for k in sort_keys(v)) + "}"
    if isinstance(v, list):
        if getattr(v, "nil", False):
            return f"{gotype}(nil)"
        return gotype + "{" + ", ".join(go_syntax(x, False) for x in v) + "}"
    return value_string(v)


def value_string(v, depth: int = 0) -> str:
    """%v of a value."""
    return fmt_value(v, Spec("v"), depth)


def sprint(*args) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    out = []
    prev_string = True
    for i, a in enumerate(args):
        is_string = isinstance(a, str) and not isinstance(a, Number) or isinstance(a, Number)
        if i > 0 and not is_string and not prev_string:
            out.append(" ")
        out.append(value_string(a))
        prev_string = is_string
    return "".join(out)


def sprintln(*args) -> str:
    return " ".join(value_string(a) for a in args) + "\n"


def sprintf(fmt: str, *args) -> str:
    """fmt.Sprintf."""
    out = []
    i, n, argi = 0, len(fmt), 0
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        i = j + 1
        spec = Spec()
        while i < n and fmt[i] in "-+# 0":
            c = fmt[i]
            spec.minus |= c == "-"
            spec.plus |= c == "+"
            spec.sharp |= c == "#"
            spec.space |= c == " "
            spec.zero |= c == "0"
            i += 1
        i, spec.width, argi = _number(fmt, i, args, argi, out, "WIDTH")
        if i < n and fmt[i] == ".":
            i += 1
            i, spec.prec, argi = _number(fmt, i, args, argi, out, "PREC")
            if spec.prec is None:
                spec.prec = 0
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        spec.verb = verb
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        a = args[argi]
        argi += 1
        if verb == "v":
            spec.plus_v, spec.plus = spec.plus, False
            spec.sharp_v, spec.sharp = spec.sharp, False
        out.append(fmt_value(a, spec))
    if argi < len(args):
        extra = ", ".join("<nil>" if a is None else f"{type_name(a)}={value_string(a)}" for a in args[argi:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _number(fmt, i, args, argi, out, what):
    if i < len(fmt) and fmt[i] == "*":
        if argi < len(args) and isinstance(args[argi], int) and not isinstance(args[argi], bool):
            return i + 1, args[argi], argi + 1
        out.append(f"%!(BAD{what})")
        return i + 1, None, argi + 1
    j = i
    while j < len(fmt) and fmt[j].isdigit():
        j += 1
    return j, (int(fmt[i:j]) if j > i else None), argi
