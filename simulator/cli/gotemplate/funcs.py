"""The functions a template can call: Go's builtins (index, slice, len, not, eq ne lt le gt ge,
print printf println, html js urlquery; and/or are evaluated lazily by exec) and the ones the
docker CLI adds (json, split, join, title, lower, upper, pad, truncate, and their table-header
variants)."""
from __future__ import annotations

import urllib.parse

from simulator.cli.gotemplate import gofmt
from simulator.cli.gotemplate.gojson import dumps as json_dumps
from simulator.cli.gotemplate.values import MISSING, Map, Number, Ptr, Slice, Struct, indirect, is_true, type_name


class FuncError(Exception):
    """A function's own error: exec prints it as `error calling NAME: ...`."""


class Func:
    """A function with its Go signature: params are "any", "value" (reflect.Value: anything,
    even no value), "string", "int", "[]string"; `variadic` is the type of ... arguments."""

    def __init__(self, fn, params=(), variadic=None):
        self.fn, self.params, self.variadic = fn, tuple(params), variadic


# ----------------------------------------------------------------------------- builtins

def _index_arg(i, cap: int) -> int:
    if isinstance(i, bool) or not isinstance(i, int):
        if i is None or i is MISSING:
            raise FuncError("cannot index slice/array with nil")
        raise FuncError(f"cannot index slice/array with type {type_name(i)}")
    if i < 0 or i > cap:
        raise FuncError(f"index out of range: {i}")
    return i


def index(item, *indexes):
    v = item
    if v is None or v is MISSING:
        raise FuncError("index of untyped nil")
    for i in indexes:
        v, nil = indirect(v)
        if nil and isinstance(v, Ptr):
            raise FuncError("index of nil pointer")
        if isinstance(v, (str, list)) and not isinstance(v, Number):
            x = _index_arg(i, len(v))
            if x == len(v):
                raise FuncError(f"reflect: {'string' if isinstance(v, str) else 'slice'} index out of range")
            v = v[x] if not isinstance(v, str) else v.encode("utf-8", "surrogatepass")[x]
        elif isinstance(v, dict):
            key_type = map_key_type(v)
            if i is None or i is MISSING:
                i = "" if key_type == "string" else 0 if key_type in INT_TYPES else None
            ok = key_type == "interface {}" or (key_type == "string" and isinstance(i, str)) or \
                (key_type in INT_TYPES and isinstance(i, int) and not isinstance(i, bool))
            if not ok:
                raise FuncError(f"value has type {type_name(i)}; should be {key_type}")
            if i in v:
                v = v[i]
            else:
                v = zero_of(v)
        else:
            raise FuncError(f"can't index item of type {type_name(v)}")
    return v


INT_TYPES = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"}


def map_key_type(m) -> str:
    """The key type of a map value: map[K]V's K (decoded JSON: string)."""
    if isinstance(m, Map) and m.gotype.startswith("map["):
        return m.gotype[4:m.gotype.index("]")]
    return "string"                     # decoded JSON, and docker's named map[string]string types


def zero_of(m):
    """The zero value of a map's element type."""
    if isinstance(m, Map):
        elem = m.gotype.split("]", 1)[1]
        if elem in INT_TYPES:
            return 0
        return {"string": "", "bool": False, "struct {}": Struct("struct {}", {})}.get(elem)
    return None


def slice_(item, *indexes):
    v = item
    if v is None or v is MISSING:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(v, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        data = v.encode("utf-8", "surrogatepass")
    elif isinstance(v, list):
        data = v
    else:
        raise FuncError(f"can't slice item of type {type_name(v)}")
    idx = [0, len(data), len(data)]
    for n, i in enumerate(indexes):
        idx[n] = _index_arg(i, len(data))
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    part = data[idx[0]:idx[1]]
    if isinstance(v, str):
        return part.decode("utf-8", "surrogatepass")
    return Slice(part, v.gotype) if isinstance(v, Slice) else list(part)


def length(item):
    if item is None or item is MISSING:
        raise FuncError("len of untyped nil")
    v, nil = indirect(item)
    if nil:
        raise FuncError("len of nil pointer")
    if isinstance(v, str):
        return len(v.encode("utf-8", "surrogatepass"))
    if isinstance(v, (list, dict)):
        return len(v)
    raise FuncError(f"len of type {type_name(v)}")


def not_(v):
    return not is_true(v)


def _basic(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "invalid"


def _comparable(v) -> bool:
    return not isinstance(v, (list, dict)) and not (isinstance(v, Struct) and not all(
        _comparable(x) for x in v.fields.values()))


def _same(a, b) -> bool:
    if isinstance(a, Ptr) or isinstance(b, Ptr):
        return isinstance(a, Ptr) and isinstance(b, Ptr) and a.gotype == b.gotype and a.target is b.target
    if isinstance(a, Struct) and isinstance(b, Struct):
        return a.gotype == b.gotype and all(_same(x, y) for x, y in zip(a.fields.values(), b.fields.values()))
    return type_name(a) == type_name(b) and a == b


def _nil(v) -> bool:
    return v is None or v is MISSING or (isinstance(v, (Ptr, Slice, Map)) and v.nil)


def eq(arg1, *arg2):
    v1 = None if arg1 is MISSING else arg1
    if v1 is not None and not _comparable(v1):
        raise FuncError(f"non-comparable type {gofmt.value_string(v1)}: {type_name(v1)}")
    if not arg2:
        raise FuncError("missing argument for comparison")
    k1 = _basic(v1)
    for arg in arg2:
        v2 = None if arg is MISSING else arg
        k2 = _basic(v2)
        if k1 != k2:
            if v1 is not None and v2 is not None:
                raise FuncError("incompatible types for comparison")
            truth = False
        elif k1 != "invalid":
            truth = v1 == v2
        elif _nil(v1) or _nil(v2):
            truth = _nil(v1) and _nil(v2)
        else:
            if not _comparable(v2):
                raise FuncError(f"non-comparable type {gofmt.value_string(v2)}: {type_name(v2)}")
            truth = v1 is not None and _same(v1, v2)
        if truth:
            return True
    return False


def ne(a, b):
    return not eq(a, b)


def lt(a, b):
    a = None if a is MISSING else a
    b = None if b is MISSING else b
    k1, k2 = _basic(a), _basic(b)
    if k1 == "invalid" or k2 == "invalid":
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError("incompatible types for comparison")
    if k1 == "bool":
        raise FuncError("invalid type for comparison")
    if k1 == "string":
        return a.encode("utf-8", "surrogatepass") < b.encode("utf-8", "surrogatepass")
    return a < b


def le(a, b):
    return lt(a, b) or eq(a, b)


def gt(a, b):
    return not le(a, b)


def ge(a, b):
    return not lt(a, b)


def _eval_args(args) -> str:
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return gofmt.sprint(*(indirect(a)[0] if isinstance(a, Ptr) and not a.nil else
                          "<no value>" if a is MISSING else a for a in args))


def html(*args):
    s = _eval_args(args)
    for a, b in (("&", "&amp;"), ('"', "&#34;"), ("'", "&#39;"), ("<", "&lt;"), (">", "&gt;")):
        s = s.replace(a, b)
    return s.replace("\x00", "\ufffd")


def js(*args):
    out = []
    for ch in _eval_args(args):
        special = {"\\": "\\\\", "'": "\\'", '"': "\\\"", "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
                   "=": "\\u003D", "`": "\\u0060", "+": "\\u002B"}
        if ch in special:
            out.append(special[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        elif ord(ch) >= 0x80 and not ch.isprintable():
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def urlquery(*args):
    return urllib.parse.quote_plus(_eval_args(args), safe="-_.~")


BUILTINS = {
    "and": None, "or": None,                      # special forms, evaluated by exec
    "index": Func(index, ("value",), "value"),
    "slice": Func(slice_, ("value",), "value"),
    "len": Func(length, ("value",)),
    "not": Func(not_, ("value",)),
    "eq": Func(eq, ("value",), "value"),
    "ne": Func(ne, ("value", "value")),
    "lt": Func(lt, ("value", "value")),
    "le": Func(le, ("value", "value")),
    "gt": Func(gt, ("value", "value")),
    "ge": Func(ge, ("value", "value")),
    "print": Func(gofmt.sprint, (), "any"),
    "printf": Func(gofmt.sprintf, ("string",), "any"),
    "println": Func(gofmt.sprintln, (), "any"),
    "html": Func(html, (), "any"),
    "js": Func(js, (), "any"),
    "urlquery": Func(urlquery, (), "any"),
    "call": Func(lambda fn, *a: (_ for _ in ()).throw(FuncError("call of nil")) if fn is None
                 else (_ for _ in ()).throw(FuncError(f"non-function of type {type_name(fn)}")), ("value",), "value"),
}


# ----------------------------------------------------------------------------- docker's


def go_title(s: str) -> str:
    """strings.Title: the first letter of each word upper-cased (words split at non-letters)."""
    out, prev_letter = [], False
    for ch in s:
        letter = ch.isalnum() or ch == "_" or ch == "'"
        out.append(ch.upper() if letter and not prev_letter else ch)
        prev_letter = letter
    return "".join(out)


def go_split(s: str, sep: str):
    if sep == "":
        return Slice(list(s), "[]string")
    return Slice(s.split(sep), "[]string")


def pad(s: str, prefix: int, suffix: int) -> str:
    return s if s == "" else " " * prefix + s + " " * suffix


def truncate(s: str, n: int) -> str:
    data = s.encode("utf-8", "surrogatepass")
    return s if len(data) < n else data[:max(n, 0)].decode("utf-8", "surrogateescape")


DOCKER = {
    "json": Func(json_dumps, ("any",)),
    "split": Func(go_split, ("string", "string")),
    "join": Func(lambda a, sep: sep.join(a), ("[]string", "string")),
    "title": Func(go_title, ("string",)),
    "lower": Func(str.lower, ("string",)),
    "upper": Func(str.upper, ("string",)),
    "pad": Func(pad, ("string", "int", "int")),
    "truncate": Func(truncate, ("string", "int")),
}

HEADER = dict(DOCKER)
HEADER.update({
    "json": Func(lambda v: v, ("string",)),
    "split": Func(lambda v, _s: v, ("string", "string")),
    "join": Func(lambda v, _s: v, ("string", "string")),
    "title": Func(lambda v: v, ("string",)),
    "lower": Func(lambda v: v, ("string",)),
    "upper": Func(lambda v: v, ("string",)),
    "truncate": Func(lambda v, _n: v, ("string", "int")),
})
