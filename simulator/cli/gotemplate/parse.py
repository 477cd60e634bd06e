"""Go's text/template/parse: items to a tree, with Go's parse errors ("template: NAME:LINE: ...")."""
from __future__ import annotations

from simulator.cli.gotemplate import lex as L
from simulator.cli.gotemplate import nodes as N


class ParseError(Exception):
    pass


def unquote(text: str) -> str:
    """strconv.Unquote of a "...", `...` or '.' literal (Go escapes)."""
    if text[0] == "`":
        return text[1:-1].replace("\r", "")
    body, out, i = text[1:-1], [], 0
    simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\", "'": "'", '"': '"'}
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        e = body[i + 1] if i + 1 < len(body) else ""
        if e in simple:
            if (e == "'" and text[0] == '"') or (e == '"' and text[0] == "'"):
                raise ValueError("invalid syntax")
            out.append(simple[e])
            i += 2
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2:i + 2 + n]
            if len(digits) != n or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError("invalid syntax")
            code = int(digits, 16)
            out.append(bytes([code]).decode("latin-1") if e == "x" and code > 0x7f else chr(code))
            i += 2 + n
        elif e in "01234567":
            digits = body[i + 1:i + 4]
            if len(digits) != 3 or any(c not in "01234567" for c in digits) or int(digits, 8) > 255:
                raise ValueError("invalid syntax")
            out.append(chr(int(digits, 8)))
            i += 4
        else:
            raise ValueError("invalid syntax")
    return "".join(out)


def parse_number(item: L.Item) -> N.Number:
    text = item.val
    n = N.Number(item.pos, text=text)
    if item.typ == L.CHARCONST:
        try:
            s = unquote(text)
        except ValueError:
            raise ParseError(f"malformed character constant: {text}") from None
        if len(s) != 1:
            raise ParseError(f"malformed character constant: {text}")
        n.is_int = n.is_float = n.is_char = True
        n.int_value = ord(s)
        n.float_value = float(n.int_value)
        return n
    if text.endswith("i"):
        raise ParseError(f"illegal number syntax: {L.go_quote(text)}")
    clean = text.replace("_", "")
    try:
        body = clean.lstrip("+-")
        sign = -1 if clean.startswith("-") else 1
        if len(body) > 1 and body[0] == "0" and body[1].isdigit():
            value = int(body, 8)
        else:
            value = int(body, 0)
        n.is_int, n.int_value = True, sign * value
    except ValueError:
        pass
    try:
        low = clean.lower()
        f = float.fromhex(clean) if "0x" in low else float(clean)
        if not n.is_int and f == int(f) and abs(f) < 2 ** 63:
            n.is_int, n.int_value = True, int(f)
        n.is_float, n.float_value = True, f
    except (ValueError, OverflowError):
        pass
    if n.is_int:
        n.is_float, n.float_value = True, float(n.int_value)
    if not n.is_int and not n.is_float:
        raise ParseError(f"illegal number syntax: {L.go_quote(text)}")
    return n


class Parser:
    def __init__(self, text: str, name: str, funcs: set):
        self.text, self.name, self.funcs = text, name, funcs
        self.items = L.lex(text)
        self.i = 0
        self.vars = ["$"]
        self.range_depth = 0
        self.defs: dict = {}
        self.last = self.items[0]

    # ------------------------------------------------------------------ tokens
    def next(self) -> L.Item:
        it = self.items[min(self.i, len(self.items) - 1)]
        self.i += 1
        self.last = it
        return it

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> L.Item:
        return self.items[min(self.i, len(self.items) - 1)]

    def next_non_space(self) -> L.Item:
        it = self.next()
        while it.typ == L.SPACE:
            it = self.next()
        return it

    def peek_non_space(self) -> L.Item:
        it = self.next_non_space()
        self.backup()
        return it

    def errorf(self, msg: str):
        raise ParseError(f"template: {self.name}:{self.last.line}: {msg}")

    def expect(self, typ: int, context: str) -> L.Item:
        it = self.next_non_space()
        if it.typ != typ:
            self.unexpected(it, context)
        return it

    def unexpected(self, it: L.Item, context: str):
        if it.typ == L.ERROR:
            self.errorf(str(it))
        self.errorf(f"unexpected {it} in {context}")

    # ------------------------------------------------------------------ grammar
    def parse(self) -> tuple[N.ListNode, dict]:
        root = N.ListNode(self.peek().pos)
        while self.peek().typ != L.EOF:
            if self.peek().typ == L.LDELIM:
                save = self.i
                self.next()
                if self.next_non_space().typ == L.KEYWORD and self.last.val == "define":
                    self.define()
                    continue
                self.i = save
            n = self.text_or_action()
            if isinstance(n, (N.End, N.Else)):
                self.errorf(f"unexpected {n}")
            root.nodes.append(n)
        return root, self.defs

    def define(self):
        name_item = self.next_non_space()
        if name_item.typ not in (L.STRING, L.RAW):
            self.unexpected(name_item, "define clause")
        self.expect(L.RDELIM, "define clause")
        saved_vars, self.vars = self.vars, ["$"]
        body, end = self.item_list()
        if not isinstance(end, N.End):
            self.errorf(f"unexpected {end} in end")
        self.vars = saved_vars
        self.defs[unquote(name_item.val)] = body

    def item_list(self):
        lst = N.ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != L.EOF:
            n = self.text_or_action()
            if isinstance(n, (N.End, N.Else)):
                return lst, n
            lst.nodes.append(n)
        self.errorf("unexpected EOF")

    def text_or_action(self):
        it = self.next_non_space()
        if it.typ == L.TEXT:
            return N.Text(it.pos, it.val)
        if it.typ == L.LDELIM:
            return self.action()
        self.unexpected(it, "input")

    def action(self):
        it = self.next_non_space()
        if it.typ == L.KEYWORD:
            word = it.val
            if word == "else":
                return self.else_control()
            if word == "end":
                return N.End(self.expect(L.RDELIM, "end").pos)
            if word in ("if", "range", "with"):
                return self.control(word)
            if word in ("break", "continue"):
                self.expect(L.RDELIM, word)
                if self.range_depth == 0:
                    self.errorf(f"{{{{{word}}}}} outside {{{{range}}}}")
                return N.Break(it.pos) if word == "break" else N.Continue(it.pos)
            if word == "template":
                return self.template_control(it)
            if word == "block":
                return self.block_control(it)
        self.backup()
        tok = self.peek()
        return N.Action(tok.pos, tok.line, self.pipeline("command", L.RDELIM))

    def else_control(self):
        peek = self.peek_non_space()
        if peek.typ == L.KEYWORD and peek.val in ("if", "with"):
            return N.Else(peek.pos, peek.line)
        tok = self.expect(L.RDELIM, "else")
        return N.Else(tok.pos, tok.line)

    def control(self, context: str):
        nvars = len(self.vars)
        pipe = self.pipeline(context, L.RDELIM)
        if context == "range":
            self.range_depth += 1
        lst, nxt = self.item_list()
        if context == "range":
            self.range_depth -= 1
        else_list = None
        if isinstance(nxt, N.Else):
            peek = self.peek()
            if context in ("if", "with") and peek.typ == L.KEYWORD and peek.val == context:
                self.next()
                else_list = N.ListNode(nxt.pos, [self.control(context)])
            else:
                else_list, nxt = self.item_list()
                if not isinstance(nxt, N.End):
                    self.errorf(f"expected end; found {nxt}")
        del self.vars[nvars:]
        return N.Branch(pipe.pos, context, pipe.line, pipe, lst, else_list)

    def template_control(self, it):
        name_item = self.next_non_space()
        if name_item.typ not in (L.STRING, L.RAW):
            self.unexpected(name_item, "template clause")
        pipe = None
        if self.next_non_space().typ != L.RDELIM:
            self.backup()
            pipe = self.pipeline("template clause", L.RDELIM)
        return N.TemplateCall(name_item.pos, unquote(name_item.val), pipe)

    def block_control(self, it):
        name_item = self.next_non_space()
        if name_item.typ not in (L.STRING, L.RAW):
            self.unexpected(name_item, "block clause")
        pipe = self.pipeline("block clause", L.RDELIM)
        saved_vars, self.vars = self.vars, ["$"]
        body, end = self.item_list()
        if not isinstance(end, N.End):
            self.errorf(f"unexpected {end} in block clause")
        self.vars = saved_vars
        name = unquote(name_item.val)
        self.defs[name] = body
        return N.TemplateCall(name_item.pos, name, pipe)

    def pipeline(self, context: str, end: int) -> N.Pipe:
        tok = self.peek_non_space()
        pipe = N.Pipe(tok.pos, tok.line)
        while True:                                  # declarations
            v = self.peek_non_space()
            if v.typ != L.VARIABLE:
                break
            at_v = self.i
            self.next()
            nxt = self.peek_non_space()
            if nxt.typ in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = nxt.typ == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(N.Variable(v.pos, [v.val]))
                self.vars.append(v.val)
            elif nxt.typ == L.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(N.Variable(v.pos, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (L.VARIABLE, L.RDELIM, L.RPAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            else:
                self.i = at_v                        # $x is an operand, not a declaration
            break
        while True:
            it = self.next_non_space()
            if it.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if it.typ in (L.BOOL, L.CHARCONST, L.DOT, L.FIELD, L.IDENT, L.NUMBER, L.NIL, L.RAW, L.STRING,
                          L.VARIABLE, L.LPAREN):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(it, context)

    def check_pipeline(self, pipe: N.Pipe, context: str):
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], (N.Bool, N.Dot, N.Nil, N.Number, N.String)):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> N.Command:
        cmd = N.Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            op = self.operand()
            if op is not None:
                cmd.args.append(op)
            it = self.next()
            if it.typ == L.SPACE:
                continue
            if it.typ in (L.RDELIM, L.RPAREN):
                self.backup()
            elif it.typ != L.PIPE:
                self.unexpected(it, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == L.FIELD:
            chain = N.Chain(self.peek().pos, node, [])
            while self.peek().typ == L.FIELD:
                chain.fields.append(self.next().val[1:])
            if isinstance(node, N.Field):
                return N.Field(chain.pos, node.ident + chain.fields)
            if isinstance(node, N.Variable):
                return N.Variable(chain.pos, node.ident + chain.fields)
            if isinstance(node, (N.Bool, N.String, N.Number, N.Nil, N.Dot)):
                self.errorf(f"unexpected . after term {L.go_quote(str(node))}")
            return chain
        return node

    def term(self):
        it = self.next_non_space()
        t = it.typ
        if t == L.IDENT:
            if it.val not in self.funcs:
                self.errorf(f"function {L.go_quote(it.val)} not defined")
            return N.Identifier(it.pos, it.val)
        if t == L.DOT:
            return N.Dot(it.pos)
        if t == L.NIL:
            return N.Nil(it.pos)
        if t == L.VARIABLE:
            return self.use_var(it)
        if t == L.FIELD:
            return N.Field(it.pos, [it.val[1:]])
        if t == L.BOOL:
            return N.Bool(it.pos, it.val == "true")
        if t in (L.CHARCONST, L.NUMBER):
            try:
                return parse_number(it)
            except ParseError as e:
                self.errorf(str(e))
        if t == L.LPAREN:
            return self.pipeline("parenthesized pipeline", L.RPAREN)
        if t in (L.STRING, L.RAW):
            try:
                return N.String(it.pos, it.val, unquote(it.val))
            except ValueError:
                self.errorf("invalid syntax")
        self.backup()
        return None

    def use_var(self, it: L.Item) -> N.Variable:
        name = it.val.split(".")[0]
        if name not in self.vars:
            self.errorf(f"undefined variable {L.go_quote(name)}")
        return N.Variable(it.pos, [it.val])


def parse(text: str, funcs: set, name: str = "") -> tuple[N.ListNode, dict]:
    return Parser(text, name, funcs).parse()
