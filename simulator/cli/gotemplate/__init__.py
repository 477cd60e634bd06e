"""Go's text/template as the docker CLI uses it (one implementation for every --format/-f).

    render(template, value) -> str        # raises TemplateError
    parse(template) -> Template;  Template.execute(value, missingkey="invalid") -> str

`value` is a Go value as simulator.cli.gotemplate.values describes it (docker's structs are
Struct/Ptr/Slice/Map; decoded JSON is plain dicts and lists). A TemplateError carries Go's
own message (`go_message`), whether parsing or executing failed, and Docker's framing as
`docker inspect` prints it: "template parsing error: <Go's message>", exit status 64 for a
parse error and 1 for an execution error."""
from __future__ import annotations

from simulator.cli.gotemplate import funcs as _funcs
from simulator.cli.gotemplate.exec import ExecError, execute
from simulator.cli.gotemplate.parse import ParseError
from simulator.cli.gotemplate.parse import parse as _parse


class TemplateError(Exception):
    def __init__(self, go_message: str, parsing: bool, partial: str = ""):
        self.go_message = go_message
        self.parsing = parsing
        self.partial = partial          # what the template printed before it failed
        self.message = f"template parsing error: {go_message}"
        self.exit_code = 64 if parsing else 1
        super().__init__(self.message)


class Template:
    def __init__(self, text: str, header: bool = False, name: str = ""):
        self.text = text
        self.name = name
        self.funcs = dict(_funcs.BUILTINS)
        self.funcs.update(_funcs.HEADER if header else _funcs.DOCKER)
        try:
            self.root, self.defs = _parse(text, set(self.funcs), name)
        except ParseError as e:
            raise TemplateError(str(e), parsing=True) from None
        except RecursionError:
            raise TemplateError(f"template: {name}:1: max expression depth exceeded", parsing=True) from None

    def execute(self, value, missingkey: str = "invalid", funcs: dict | None = None) -> str:
        table = dict(self.funcs)
        if funcs:
            table.update(funcs)
        try:
            return execute(self.text, self.root, self.defs, table, value, self.name, missingkey)
        except ExecError as e:
            raise TemplateError(str(e), parsing=False, partial=getattr(e, "partial", "")) from None


def parse(text: str) -> Template:
    return Template(text)


def render(template: str, value) -> str:
    """Parse and execute once (docker's template functions, Go's default missingkey)."""
    return Template(template).execute(value)


def render_inspect(template: str, value) -> str:
    """`docker inspect -f` on a container or image: the typed value first; when that fails,
    the same value decoded from its JSON with missingkey=error (docker/cli's fallback), whose
    error is the one reported."""
    from simulator.cli.gotemplate.gojson import raw
    t = Template(template)
    try:
        return t.execute(value)
    except TemplateError:
        return t.execute(raw(value), missingkey="error")


__all__ = ["Template", "TemplateError", "parse", "render", "render_inspect"]
