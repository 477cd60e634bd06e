"""The parse tree of a template, with Go's String() forms (exec errors quote them)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    pos: int


@dataclass
class Text(Node):
    text: str = ""


@dataclass
class Field(Node):
    ident: list = field(default_factory=list)

    def __str__(self):
        return "".join("." + i for i in self.ident)


@dataclass
class Variable(Node):
    ident: list = field(default_factory=list)   # ["$x", "Field", ...]

    def __str__(self):
        return ".".join(self.ident)


@dataclass
class Identifier(Node):
    name: str = ""

    def __str__(self):
        return self.name


@dataclass
class Dot(Node):
    def __str__(self):
        return "."


@dataclass
class Nil(Node):
    def __str__(self):
        return "nil"


@dataclass
class Bool(Node):
    value: bool = False

    def __str__(self):
        return "true" if self.value else "false"


@dataclass
class Number(Node):
    text: str = ""
    is_int: bool = False
    is_float: bool = False
    int_value: int = 0
    float_value: float = 0.0
    is_char: bool = False

    def __str__(self):
        return self.text


@dataclass
class String(Node):
    quoted: str = ""
    text: str = ""

    def __str__(self):
        return self.quoted


@dataclass
class Chain(Node):
    node: Node = None
    fields: list = field(default_factory=list)

    def __str__(self):
        s = str(self.node)
        if isinstance(self.node, Pipe):
            s = "(" + s + ")"
        return s + "".join("." + f for f in self.fields)


@dataclass
class Command(Node):
    args: list = field(default_factory=list)

    def __str__(self):
        return " ".join("(" + str(a) + ")" if isinstance(a, Pipe) else str(a) for a in self.args)


@dataclass
class Pipe(Node):
    line: int = 1
    is_assign: bool = False
    decl: list = field(default_factory=list)
    cmds: list = field(default_factory=list)

    def __str__(self):
        s = ""
        if self.decl:
            s = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return s + " | ".join(str(c) for c in self.cmds)


@dataclass
class Action(Node):
    line: int = 1
    pipe: Pipe = None

    def __str__(self):
        return "{{" + str(self.pipe) + "}}"


@dataclass
class ListNode(Node):
    nodes: list = field(default_factory=list)

    def __str__(self):
        return "".join(str(n) if not isinstance(n, Text) else n.text for n in self.nodes)


@dataclass
class Branch(Node):
    kind: str = "if"            # if, range, with
    line: int = 1
    pipe: Pipe = None
    list: ListNode = None
    else_list: ListNode = None

    def __str__(self):
        s = "{{" + self.kind + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            s += "{{else}}" + str(self.else_list)
        return s + "{{end}}"


@dataclass
class Break(Node):
    def __str__(self):
        return "{{break}}"


@dataclass
class Continue(Node):
    def __str__(self):
        return "{{continue}}"


@dataclass
class End(Node):
    def __str__(self):
        return "{{end}}"


@dataclass
class Else(Node):
    line: int = 1

    def __str__(self):
        return "{{else}}"


@dataclass
class TemplateCall(Node):
    name: str = ""
    pipe: Pipe = None

    def __str__(self):
        return "{{template " + '"' + self.name + '"' + (" " + str(self.pipe) if self.pipe else "") + "}}"
