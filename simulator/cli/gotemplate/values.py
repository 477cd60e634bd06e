"""Go values as a template sees them: Python's str, bool, int, float and None (a nil interface)
stand for themselves; a list is a []interface {}, a dict a map[string]interface {} (what
encoding/json decodes into); the typed values Docker's structs hold are the classes below."""
from __future__ import annotations

import hashlib


class Missing:
    """Go's invalid reflect.Value: a map key that is not there; printed as <no value>."""
    _it = None

    def __new__(cls):
        if cls._it is None:
            cls._it = super().__new__(cls)
        return cls._it

    def __repr__(self):
        return "MISSING"


MISSING = Missing()


class Number(str):
    """encoding/json's Number (json.Decoder.UseNumber): a string that holds a number."""
    gotype = "json.Number"


class Named(str):
    """A value of a named string type (mount.Type, container.NetworkMode, time.Time ...)."""

    def __new__(cls, value: str, gotype: str):
        obj = super().__new__(cls, value)
        obj.gotype = gotype
        return obj


class Slice(list):
    """A typed slice; `nil` is a nil slice (prints [] and encodes as JSON null)."""

    def __init__(self, items=(), gotype: str = "[]string", nil: bool = False):
        super().__init__(items)
        self.gotype = gotype
        self.nil = nil and not items

    @property
    def elem(self) -> str:
        return self.gotype[2:] if self.gotype.startswith("[]") else "string"


class Map(dict):
    """A typed map; `nil` is a nil map (prints map[] and encodes as JSON null)."""

    def __init__(self, items=(), gotype: str = "map[string]string", nil: bool = False, methods: dict | None = None):
        super().__init__(items)
        self.gotype = gotype
        self.nil = nil and not items
        self.methods = methods or {}        # a named map type's methods (docker's SubHeaderContext.Label)


class Method:
    """A method of a struct (docker's formatter contexts): fn(*args) with Go parameter types.
    A method of a type's table (`receiver=True`) is fn(receiver, *args), bound when called."""

    __slots__ = ("fn", "params", "result", "receiver")

    def __init__(self, fn, params: tuple = (), result: str = "string", receiver: bool = False):
        self.fn, self.params, self.result, self.receiver = fn, tuple(params), result, receiver

    def bind(self, obj) -> "Method":
        if not self.receiver:
            return self
        fn = self.fn
        return Method(lambda *a: fn(obj, *a), self.params, self.result)


class Struct:
    """A Go struct value: fields in declaration order. `embedded` names fields whose own
    fields are promoted (Go's embedding); `json` maps a field to (key, omitempty)."""

    __slots__ = ("gotype", "fields", "embedded", "json", "methods", "marshal", "receiver")

    def __init__(self, gotype: str, fields: dict, embedded=(), json: dict | None = None, methods: dict | None = None,
                 marshal=None, receiver=None):
        self.gotype = gotype
        self.fields = fields
        self.embedded = tuple(embedded)
        self.json = json or {}
        self.methods = methods or {}
        self.marshal = marshal          # a MarshalJSON: () -> the value encoded instead
        self.receiver = receiver        # what methods of a shared table (Method.receiver) are called on

    def lookup(self, name: str):
        """(found, value) of a field, promoted fields of embedded structs included."""
        if name in self.fields:
            return True, self.fields[name]
        for e in self.embedded:
            inner = self.fields[e]
            if isinstance(inner, Ptr):
                inner = inner.target
            if isinstance(inner, Struct):
                found, value = inner.lookup(name)
                if found:
                    return True, value
        return False, None

    def method(self, name: str):
        if name in self.methods:
            return self.methods[name].bind(self.receiver)
        for e in self.embedded:
            inner = self.fields[e]
            inner = inner.target if isinstance(inner, Ptr) else inner
            if isinstance(inner, Struct):
                m = inner.method(name)
                if m is not None:
                    return m
        return None

    def __repr__(self):
        return f"Struct({self.gotype}, {list(self.fields)})"


class LazyStruct(Struct):
    """A struct whose fields are made the first time something looks at them (a template
    over 1,000 containers reads a few fields of each)."""

    def __init__(self, gotype: str, make_fields, embedded=(), json: dict | None = None, methods: dict | None = None):
        self._make, self._made = make_fields, None
        super().__init__(gotype, None, embedded, json, methods)

    @property
    def fields(self) -> dict:
        if self._made is None:
            self._made = self._make()
        return self._made

    @fields.setter
    def fields(self, value) -> None:
        if value is not None:
            self._made = value


class Ptr:
    """A pointer; `target` None is a nil pointer of type `gotype` ("*types.Health")."""

    __slots__ = ("gotype", "target")

    def __init__(self, gotype: str, target=None):
        self.gotype = gotype
        self.target = target

    @property
    def nil(self) -> bool:
        return self.target is None

    def address(self) -> str:
        """fmt prints a non-nil pointer inside a value as its address; the simulator's
        addresses are made up, fixed per type (a real engine's change every run)."""
        return "0xc000" + hashlib.sha256(self.gotype.encode()).hexdigest()[:6]


def type_name(v) -> str:
    """Go's reflect.Type.String() of a value, as error messages print it."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, (Number, Named)):
        return v.gotype
    if isinstance(v, str):
        return "string"
    if isinstance(v, (Slice, Map, Struct, Ptr)):
        return v.gotype
    if isinstance(v, list):
        return "[]interface {}"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, Method):
        return "func"
    return type(v).__name__


def kind(v) -> str:
    """Go's reflect.Kind of a value (nil interface: "invalid")."""
    if v is None or v is MISSING:
        return "invalid"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "slice"
    if isinstance(v, dict):
        return "map"
    if isinstance(v, Struct):
        return "struct"
    if isinstance(v, Ptr):
        return "ptr"
    return "func"


def indirect(v):
    """Through pointers: (value, is_nil)."""
    while isinstance(v, Ptr):
        if v.target is None:
            return v, True
        v = v.target
    return v, v is None


def is_true(v) -> bool:
    """Go's template truth: false, 0, "", nil and empty slices and maps are false."""
    if v is None or v is MISSING:
        return False
    if isinstance(v, Ptr):
        return not v.nil
    if isinstance(v, (bool, int, float)):
        return bool(v)
    if isinstance(v, (str, list, dict)):
        return len(v) > 0
    return True
