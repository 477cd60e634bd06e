"""Expressions of a template: commands, fields and methods, variables, function calls with
Go's argument checks (text/template's evalCommand, evalField, evalCall, evalArg, validateType)."""
from __future__ import annotations

from simulator.cli.gotemplate import gofmt
from simulator.cli.gotemplate import nodes as N
from simulator.cli.gotemplate.funcs import FuncError, map_key_type, zero_of
from simulator.cli.gotemplate.values import MISSING, Map, Method, Ptr, Slice, Struct, indirect, is_true, type_name


NOFINAL = object()       # text/template's missingVal: no value piped in from the previous command


class Evaluator:
    """Mixed into exec.State: needs at(), errorf(), var_value(), set_var(), push(), funcs,
    missingkey and dot_static."""

    # ------------------------------------------------------------------ evaluation
    def eval_pipeline(self, dot, pipe: N.Pipe):
        self.at(pipe)
        value = NOFINAL
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
            if value is None:              # an interface holding nil: no value
                value = MISSING
        for var in pipe.decl:
            if pipe.is_assign:
                self.set_var(var.ident[0], value)
            else:
                self.push(var.ident[0], value)
        return value

    def not_a_function(self, args, final) -> None:
        if (args is not None and len(args) > 1) or final is not NOFINAL:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot, cmd: N.Command, final):
        first = cmd.args[0]
        if isinstance(first, N.Field):
            self.at(first)
            return self.eval_field_chain(dot, dot, first, first.ident, cmd.args, final)
        if isinstance(first, N.Chain):
            return self.eval_chain(dot, first, cmd.args, final)
        if isinstance(first, N.Identifier):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, N.Pipe):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, N.Variable):
            return self.eval_variable(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, N.Bool):
            return first.value
        if isinstance(first, N.Dot):
            return dot
        if isinstance(first, N.Nil):
            self.errorf("nil is not a command")
        if isinstance(first, N.Number):
            return self.ideal_constant(first)
        if isinstance(first, N.String):
            return first.text
        self.errorf(f"can't evaluate command {gofmt.quote(str(first))}")

    def ideal_constant(self, n: N.Number):
        self.at(n)
        hexint = n.text.lower().lstrip("+-").startswith("0x") and "p" not in n.text.lower()
        if n.is_float and not hexint and not n.is_char and any(c in n.text for c in ".eEpP"):
            return n.float_value
        if n.is_int:
            if not -(1 << 63) <= n.int_value < (1 << 63):
                self.errorf(f"{n.text} overflows int")
            return n.int_value
        if n.is_float:
            return n.float_value
        return MISSING

    def eval_chain(self, dot, chain: N.Chain, args, final):
        self.at(chain)
        if isinstance(chain.node, N.Nil):
            self.errorf(f"indirection through explicit nil in {chain}")
        pipe = self.eval_arg(dot, "any", chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.fields, args, final)

    def eval_variable(self, dot, var: N.Variable, args, final):
        self.at(var)
        value = self.var_value(var.ident[0])
        if len(var.ident) == 1:
            self.not_a_function(args, final)
            return value
        return self.eval_field_chain(dot, value, var, var.ident[1:], args, final)

    def eval_field_chain(self, dot, receiver, node, ident, args, final):
        static = self.dot_static if receiver is dot else None
        for name in ident[:-1]:
            untyped = type(indirect(receiver)[0]) is dict
            receiver = self.eval_field(dot, name, node, None, NOFINAL, receiver, static)
            static = "interface {}" if untyped else None
        return self.eval_field(dot, ident[-1], node, args, final, receiver, static)

    def eval_field(self, dot, name, node, args, final, receiver, static=None):
        if receiver is MISSING:
            if self.missingkey == "error":
                self.errorf(f"nil data; no entry for key {gofmt.quote(name)}")
            return MISSING
        typ = static or (type_name(receiver) if receiver is not None else "interface {}")
        target, is_nil = indirect(receiver)
        if receiver is None:
            self.errorf(f"nil pointer evaluating interface {{}}.{name}")
        method = target.method(name) if isinstance(target, Struct) else \
            target.methods.get(name) if isinstance(target, Map) else None
        if method is not None:
            return self.eval_call(dot, method, node, name, args, final)
        has_args = (args is not None and len(args) > 1) or final is not NOFINAL
        if isinstance(target, Struct) and not is_nil:
            found, value = target.lookup(name)
            if found:
                if not name[:1].isupper():
                    self.errorf(f"{name} is an unexported field of struct type {typ}")
                if has_args:
                    self.errorf(f"{name} has arguments but cannot be invoked as function")
                return value
        elif isinstance(target, dict) and not is_nil and map_key_type(target) in ("string", "interface {}"):
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            if name in target:
                return target[name]
            if self.missingkey == "error":
                self.errorf(f"map has no entry for key {gofmt.quote(name)}")
            if self.missingkey == "zero":
                return zero_of(target)
            return MISSING
        elif isinstance(receiver, Ptr) and is_nil:
            self.errorf(f"nil pointer evaluating {typ}.{name}")
        self.errorf(f"can't evaluate field {name} in type {typ}")

    def eval_function(self, dot, node: N.Identifier, cmd, args, final):
        self.at(node)
        name = node.name
        if name in ("and", "or"):
            return self.eval_and_or(dot, name, args[1:], final)
        fn = self.funcs.get(name)
        if fn is None:
            self.errorf(f"{gofmt.quote(name)} is not a defined function")
        return self.eval_call(dot, fn, cmd, name, args, final)

    def eval_and_or(self, dot, name, args, final):
        n = len(args) + (final is not NOFINAL)
        if n < 1:
            self.errorf(f"wrong number of args for {name}: want at least 1 got 0")
        val = MISSING
        for a in args:
            val = self.eval_arg(dot, "value", a)
            if is_true(val) == (name == "or"):
                return val
        if final is not NOFINAL:
            val = final
        return val

    def eval_call(self, dot, fn, node, name, args, final):
        args = list(args[1:]) if args is not None else []
        if isinstance(fn, Method):
            params, variadic = fn.params, None
        else:
            params, variadic = fn.params, fn.variadic
        num_in = len(args) + (final is not NOFINAL)
        if variadic is not None:
            if num_in < len(params):
                self.errorf(f"wrong number of args for {name}: want at least {len(params)} got {len(args)}")
        elif num_in != len(params):
            self.errorf(f"wrong number of args for {name}: want {len(params)} got {num_in}")
        argv = []
        for i, a in enumerate(args):
            typ = params[i] if i < len(params) else variadic
            argv.append(self.eval_arg(dot, typ, a))
        if final is not NOFINAL:
            if variadic is None:
                typ = params[-1]
            else:
                typ = params[num_in - 1] if num_in - 1 < len(params) else variadic
            argv.append(self.validate_type(final, typ))
        try:
            result = fn.fn(*argv)
        except FuncError as e:
            self.at(node)
            self.errorf(f"error calling {name}: {e}")
        return result

    def eval_arg(self, dot, typ: str, n):
        self.at(n)
        if isinstance(n, N.Dot):
            return self.validate_type(dot, typ)
        if isinstance(n, N.Nil):
            if typ in ("any", "value", "[]string") or typ.startswith(("*", "map[", "[]")):
                return None
            self.errorf(f"cannot assign nil to {typ}")
        if isinstance(n, N.Field):
            self.at(n)
            return self.validate_type(self.eval_field_chain(dot, dot, n, n.ident, [n], NOFINAL), typ)
        if isinstance(n, N.Variable):
            return self.validate_type(self.eval_variable(dot, n, None, NOFINAL), typ)
        if isinstance(n, N.Pipe):
            return self.validate_type(self.eval_pipeline(dot, n), typ)
        if isinstance(n, N.Identifier):
            return self.validate_type(self.eval_function(dot, n, n, [n], NOFINAL), typ)
        if isinstance(n, N.Chain):
            return self.validate_type(self.eval_chain(dot, n, None, NOFINAL), typ)
        if typ == "bool":
            if isinstance(n, N.Bool):
                return n.value
            self.errorf(f"expected bool; found {n}")
        if typ == "int":
            if isinstance(n, N.Number) and n.is_int:
                return n.int_value
            self.errorf(f"expected integer; found {n}")
        if typ == "string":
            if isinstance(n, N.String):
                return n.text
            self.errorf(f"expected string; found {n}")
        if typ in ("any", "value"):
            if isinstance(n, N.Bool):
                return n.value
            if isinstance(n, N.Number):
                return self.ideal_constant(n)
            if isinstance(n, N.String):
                return n.text
        self.errorf(f"can't handle {n} for arg of type {typ}")

    def validate_type(self, value, typ: str):
        if value is MISSING:
            if typ in ("any", "value"):
                return None if typ == "any" else MISSING
            if typ.startswith(("[]", "map[", "*")):
                return None
            self.errorf(f"invalid value; expected {typ}")
        if typ in ("any", "value"):
            return value
        if typ == "string" and type(value) is str:
            return value
        if typ == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if typ == "bool" and isinstance(value, bool):
            return value
        if typ == "[]string" and isinstance(value, Slice) and value.elem == "string":
            return list(value)
        if isinstance(value, Ptr) and not value.nil and type_name(value.target) == typ:
            return value.target
        if isinstance(value, Ptr) and value.nil and value.gotype == "*" + typ:
            self.errorf(f"dereference of nil pointer of type {typ}")
        self.errorf(f"wrong type for value; expected {typ}; got {type_name(value)}")

