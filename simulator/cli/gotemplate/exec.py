"""Go's text/template execution: the walk over the tree, fields, methods, maps, variables,
function calls with Go's argument checks, and Go's execution errors
("template: NAME:LINE:COL: executing "NAME" at <NODE>: ...")."""
from __future__ import annotations

from simulator.cli.gotemplate import gofmt
from simulator.cli.gotemplate import nodes as N
from simulator.cli.gotemplate.evaluate import Evaluator
from simulator.cli.gotemplate.funcs import Func
from simulator.cli.gotemplate.values import MISSING, Method, Ptr, indirect, is_true, type_name

MAX_DEPTH = 100000          # Go's maxExecDepth
MAX_OUTPUT = 1 << 22        # bounds of the simulator: a template prints at most 4 MiB
MAX_STEPS = 2_000_000       # and walks at most this many nodes


class ExecError(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class State(Evaluator):
    def __init__(self, text: str, name: str, defs: dict, funcs: dict, missingkey: str = "invalid"):
        self.text, self.name, self.defs, self.funcs = text, name, defs, funcs
        self.missingkey = missingkey
        self.out: list[str] = []
        self.size = 0
        self.vars: list[tuple[str, object]] = []
        self.node = None
        self.depth = 0
        self.dot_static = None      # "interface {}" while dot is an element of a decoded JSON value
        self.steps = 0

    # ------------------------------------------------------------------ errors
    def at(self, node) -> None:
        self.node = node

    def errorf(self, msg: str):
        if self.node is None:
            raise ExecError(f"template: {self.name}: {msg}")
        pos = self.node.pos
        before = self.text[:pos]
        line = 1 + before.count("\n")
        col = len(before[before.rfind("\n") + 1:].encode("utf-8", "surrogatepass")) if "\n" in before \
            else len(before.encode("utf-8", "surrogatepass"))
        context = str(self.node)
        raise ExecError(f"template: {self.name}:{line}:{col}: executing {gofmt.quote(self.name)} "
                        f"at <{context}>: {msg}")

    def write(self, s: str) -> None:
        self.size += len(s)
        if self.size > MAX_OUTPUT:
            self.limit("note.template-output", limit="4 MiB")
        self.out.append(s)

    def limit(self, msg_id: str, **fields):
        """A bound of the simulated machine was reached (docs/scenarios.md section 6)."""
        from simulator.messages import Catalog
        self.node = None
        self.errorf(Catalog().t(msg_id, **fields))

    # ------------------------------------------------------------------ variables
    def push(self, name, value):
        self.vars.append((name, value))

    def mark(self) -> int:
        return len(self.vars)

    def pop(self, mark: int) -> None:
        del self.vars[mark:]

    def set_var(self, name, value):
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return
        self.errorf(f"undefined variable: {name}")

    def var_value(self, name):
        for n, v in reversed(self.vars):
            if n == name:
                return v
        self.errorf(f"undefined variable: {name}")

    # ------------------------------------------------------------------ walk
    def walk(self, dot, node) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            self.limit("note.template-steps", limit=f"{MAX_STEPS:,}")
        self.at(node)
        if isinstance(node, N.Action):
            val = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.print_value(node, val)
        elif isinstance(node, N.Text):
            self.write(node.text)
        elif isinstance(node, N.ListNode):
            for n in node.nodes:
                self.walk(dot, n)
        elif isinstance(node, N.Branch):
            if node.kind == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_with(dot, node)
        elif isinstance(node, N.Break):
            raise _Break()
        elif isinstance(node, N.Continue):
            raise _Continue()
        elif isinstance(node, N.TemplateCall):
            self.walk_template(dot, node)
        else:
            self.errorf(f"unknown node: {node}")

    def walk_if_with(self, dot, node: N.Branch) -> None:
        mark = self.mark()
        try:
            val = self.eval_pipeline(dot, node.pipe)
            truth = is_true(val)
            if truth:
                self.walk(val if node.kind == "with" else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            self.pop(mark)

    def walk_range(self, dot, node: N.Branch) -> None:
        self.at(node)
        mark = self.mark()
        try:
            val, _ = indirect(self.eval_pipeline(dot, node.pipe))
            items = self.range_items(val, node)
            one = self.mark()
            ran = False
            for key, elem in items:
                ran = True
                if node.pipe.decl:
                    if node.pipe.is_assign:
                        if len(node.pipe.decl) > 1:
                            self.set_var(node.pipe.decl[0].ident[0], key)
                            self.set_var(node.pipe.decl[1].ident[0], elem)
                        else:
                            self.set_var(node.pipe.decl[0].ident[0], elem)
                    else:
                        if len(node.pipe.decl) > 1:
                            self.push(node.pipe.decl[0].ident[0], key)
                            self.push(node.pipe.decl[1].ident[0], elem)
                        else:
                            self.push(node.pipe.decl[0].ident[0], elem)
                saved_static = self.dot_static
                self.dot_static = "interface {}" if type(val) in (list, dict) else None
                try:
                    self.walk(elem, node.list)
                except _Continue:
                    pass
                except _Break:
                    break
                finally:
                    self.dot_static = saved_static
                    self.pop(one)
            if not ran and node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            self.pop(mark)

    def range_items(self, val, node):
        if val is None or val is MISSING:
            return []
        if isinstance(val, Ptr):          # a nil pointer: nothing to range over
            return []
        if isinstance(val, list):
            return list(enumerate(val))
        if isinstance(val, dict):
            return [(k, val[k]) for k in gofmt.sort_keys(val)]
        if isinstance(val, int) and not isinstance(val, bool):
            if node.pipe.decl and len(node.pipe.decl) > 1:
                self.errorf("can't use 2 variables when ranging over an integer")
            return [(i, i) for i in range(max(val, 0))]
        self.errorf(f"range can't iterate over {gofmt.value_string(val)}")

    def walk_template(self, dot, node: N.TemplateCall) -> None:
        self.at(node)
        body = self.defs.get(node.name)
        if body is None:
            self.errorf(f"template {gofmt.quote(node.name)} not defined")
        if self.depth >= MAX_DEPTH:
            self.errorf(f"exceeded maximum template depth ({MAX_DEPTH})")
        new_dot = self.eval_pipeline(dot, node.pipe) if node.pipe else None
        saved = self.vars
        self.vars = [("$", new_dot)]
        self.depth += 1
        try:
            self.walk(new_dot, body)
        finally:
            self.depth -= 1
            self.vars = saved

    # ------------------------------------------------------------------ printing
    def print_value(self, node, v) -> None:
        self.at(node)
        if isinstance(v, Ptr):
            v, _ = indirect(v) if not v.nil else (v, True)
        if v is MISSING:
            self.write("<no value>")
            return
        if isinstance(v, (Method, Func)):
            self.errorf(f"can't print {node} of type {type_name(v)}")
        self.write(gofmt.value_string(v))


def execute(text: str, root, defs: dict, funcs: dict, data, name: str = "", missingkey: str = "invalid") -> str:
    st = State(text, name, defs, funcs, missingkey)
    st.vars = [("$", data)]
    try:
        try:
            st.walk(data, root)
        except (_Break, _Continue):
            pass
        except RecursionError:
            st.node = None
            st.errorf("exceeded maximum template depth")
    except ExecError as e:
        e.partial = "".join(st.out)
        raise
    return "".join(st.out)
