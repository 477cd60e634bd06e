"""Go's encoding/json for template values: structs in field order with their json names and
omitempty, embedded structs flattened, maps by sorted key, nil slices/maps/pointers as null,
Go's string escapes and float forms. `raw` is the value json.Decoder(UseNumber) gives back."""
from __future__ import annotations

import json
from decimal import Decimal

from simulator.cli.gotemplate.values import MISSING, Map, Number, Ptr, Slice, Struct


def _string(s: str, escape_html: bool) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif code < 0x20 or (escape_html and ch in "<>&"):
            out.append(f"\\u{code:04x}")
        elif ch in "\u2028\u2029":
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _float(f: float) -> str:
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(f"json: unsupported value: {f}")
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        mant, _, exp = repr(f).replace("E", "e").partition("e")
        if not exp:
            s = f"{f:e}"
            mant, _, exp = s.partition("e")
            mant = mant.rstrip("0").rstrip(".")
        mant = mant[:-2] if mant.endswith(".0") else mant
        sign = "-" if exp.startswith("-") else "+"
        return f"{mant}e{sign}{exp.lstrip('+-').lstrip('0') or '0'}"
    text = format(Decimal(repr(f)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _empty(v) -> bool:
    """encoding/json's isEmptyValue (omitempty)."""
    if v is None or v is MISSING or v is False:
        return True
    if isinstance(v, Ptr):
        return v.nil
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == 0
    if isinstance(v, (str, list, dict)):
        return len(v) == 0
    return False


def struct_items(s: Struct):
    """The (json key, value) pairs of a struct, embedded fields promoted."""
    for name, value in s.fields.items():
        key, omitempty = s.json.get(name, (name, False))
        if key == "-" or not name[:1].isupper() and name not in s.embedded:
            continue
        if name in s.embedded:
            inner = value.target if isinstance(value, Ptr) else value
            if isinstance(inner, Struct):
                yield from struct_items(inner)
            continue
        if omitempty and _empty(value):
            continue
        yield key, value


def _encode(v, escape_html: bool, indent: str | None, level: int) -> str:
    if v is None or v is MISSING:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Number):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, str):
        return _string(v, escape_html)
    if isinstance(v, Ptr):
        return "null" if v.nil else _encode(v.target, escape_html, indent, level)
    if isinstance(v, (Slice, Map)) and v.nil:
        return "null"
    if isinstance(v, Struct) and v.marshal is not None:
        return _encode(v.marshal(), escape_html, indent, level)
    if isinstance(v, Struct):
        pairs = list(struct_items(v))
    elif isinstance(v, dict):
        pairs = [(str(k), v[k]) for k in sorted(v, key=lambda k: str(k).encode("utf-8", "surrogatepass"))]
    elif isinstance(v, list):
        items = [_encode(x, escape_html, indent, level + 1) for x in v]
        if not items:
            return "[]"
        if indent is None:
            return "[" + ",".join(items) + "]"
        pad = "\n" + indent * (level + 1)
        return "[" + pad + ("," + pad).join(items) + "\n" + indent * level + "]"
    else:
        return _string(str(v), escape_html)
    if not pairs:
        return "{}"
    enc = [(_string(k, escape_html), _encode(x, escape_html, indent, level + 1)) for k, x in pairs]
    if indent is None:
        return "{" + ",".join(f"{k}:{x}" for k, x in enc) + "}"
    pad = "\n" + indent * (level + 1)
    return "{" + pad + ("," + pad).join(f"{k}: {x}" for k, x in enc) + "\n" + indent * level + "}"


def dumps(v) -> str:
    """docker's `json` template function: json.Encoder with SetEscapeHTML(false)."""
    return _encode(v, False, None, 0)


def dumps_indent(v, indent: str = "    ") -> str:
    """json.MarshalIndent(v, "", indent) (HTML characters escaped)."""
    return _encode(v, True, indent, 0)


def raw(v):
    """v as JSON decoded into interface{} with UseNumber: dicts, lists, strings, bools,
    json.Number and nil (what docker inspect falls back to when a template fails)."""
    return json.loads(_encode(v, False, None, 0), parse_int=Number, parse_float=Number,
                      parse_constant=Number)
