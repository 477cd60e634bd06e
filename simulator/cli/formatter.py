"""docker/cli's formatter (cli/command/formatter): `--format` for lists (ps, volume ls, images,
history, system df). A row is a context: a Go struct whose methods the template calls
(`.ID`, `.Names`, `.Label "k"`); `table` prints a header made from the same template run on
the header names, and aligns the columns with the tabwriter; `\\t` and `\\n` in the format are
a tab and a newline; `json` is `{{json .}}` (every method without arguments, by name)."""
from __future__ import annotations

from simulator.cli.gotemplate import Template, TemplateError
from simulator.cli.gotemplate.values import Map, Method, Ptr, Struct
from simulator.cli.table import tabwrite_text
from simulator.errors import DockerError

TABLE = "table"


def _label_header(name: str) -> str:
    """SubHeaderContext.Label: the header of `{{.Label "com.example.my-key"}}` is "my key"."""
    return name.split(".")[-1].replace("-", " ").replace("_", " ")


def header_map(names: dict) -> Map:
    return Map(names, "formatter.SubHeaderContext", methods={"Label": Method(_label_header, ("string",))})


HEADER_CONTEXT = Struct("formatter.HeaderContext", {"Header": None})


def context(gotype: str, methods: dict, fields: dict | None = None, receiver=None) -> Ptr:
    """A row: *formatter.X with HeaderContext embedded, the given unexported fields and methods
    (name -> Method). With `receiver`, `methods` is the type's shared table of functions of
    (receiver, *args); else each is a Method or a function of no arguments."""
    if receiver is None:
        methods = {k: v if isinstance(v, Method) else Method(v) for k, v in methods.items()}
    s = Struct(gotype, {"HeaderContext": HEADER_CONTEXT, **(fields or {})}, embedded=("HeaderContext",),
               methods=methods, receiver=receiver)
    s.marshal = lambda: {k: m.bind(receiver).fn() for k, m in methods.items() if not m.params}
    return Ptr("*" + gotype, s)


def table(methods: dict) -> dict:
    """A context type's methods as a shared table: name -> fn(row) or Method(fn(row, ...))."""
    return {k: Method(v.fn, v.params, v.result, True) if isinstance(v, Method) else Method(v, receiver=True)
            for k, v in methods.items()}


def final_format(fmt: str) -> tuple[str, bool]:
    """Context.preFormat: (the template text, whether it is a table)."""
    table = fmt.startswith(TABLE)
    text = fmt[len(TABLE):] if table else "{{json .}}" if fmt == "json" else fmt
    return text.strip(" ").replace("\\t", "\t").replace("\\n", "\n"), table


def write(fmt: str, rows: list, header: dict, parse_prefix: str = "template parsing error",
          exec_prefix: str = "template parsing error") -> str:
    """Context.Write: every row through the template, one line each; a table gets the header
    line and aligned columns. Errors: DockerError with docker's prefix (exit status 1)."""
    text, table = final_format(fmt)
    try:
        template = Template(text)
    except TemplateError as e:
        raise DockerError(f"{parse_prefix}: {e.go_message}", origin="cli", exit_code=1) from None
    out = []
    for row in rows:
        try:
            out.append(template.execute(row) + "\n")
        except TemplateError as e:
            raise DockerError(f"{exec_prefix}: {e.go_message}", origin="cli", exit_code=1) from None
    if not table:
        return "".join(out)
    try:
        head = Template(text, header=True).execute(header_map(header))
    except TemplateError as e:          # docker ignores the header's error: what was printed stays
        head = e.partial
    return tabwrite_text(head + "\n" + "".join(out))
