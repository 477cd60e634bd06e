"""`docker inspect`, `docker container inspect`, `docker volume inspect`: the engine's documents
as indented JSON, or through a Go template (docker/cli cli/command/inspect)."""
from __future__ import annotations

from simulator.cli import apitypes, gotemplate
from simulator.cli.gotemplate.gojson import dumps, dumps_indent
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.docker import apidocs
from simulator.errors import DockerError


def _lookup(engine, ref: str, kind: str | None, size: bool):
    """(document, Go type, raw fallback allowed) or (None, error line)."""
    if kind in (None, "container"):
        c = engine.find_container(ref)
        if c is not None:
            return apidocs.container_inspect(engine, c, size), "types.ContainerJSON", True
    if kind in (None, "image"):
        from simulator.cli.images import find_image, image_inspect_doc
        image = find_image(engine, ref)
        if image is not None:
            return image_inspect_doc(engine, image), "types.ImageInspect", True
    if kind in (None, "volume") and ref in engine.volumes:
        return apidocs.volume_doc(engine, ref), "volume.Volume", kind is None
    if kind == "container":
        return None, f"Error response from daemon: No such container: {ref}"
    if kind == "volume":
        return None, f"Error response from daemon: get {ref}: no such volume"
    if kind == "image":
        return None, f"Error response from daemon: No such image: {ref}{'' if ':' in ref else ':latest'}"
    return None, f"Error: No such object: {ref}"


def print_documents(docs, fmt: str | None) -> Result:
    """docker/cli inspect.Inspect: docs are (document, Go type, raw fallback) or (None, error)."""
    found = [d for d in docs if d[0] is not None]
    errors = [d[1] for d in docs if d[0] is None]
    if not fmt:
        out = dumps_indent([d[0] for d in found]) + "\n"
    elif fmt == "json":
        out = "[" + ",".join(dumps(d[0]) for d in found) + "]\n"
    else:
        try:
            template = gotemplate.Template(fmt)
        except gotemplate.TemplateError as e:
            return Result(e.exit_code, "", e.message + "\n")
        out = ""
        for doc, gotype, fallback in found:
            value = apitypes.decode(doc, gotype)
            try:
                try:
                    out += template.execute(value) + "\n"
                except gotemplate.TemplateError:
                    if not fallback:
                        raise
                    out += template.execute(gotemplate.gojson.raw(value), missingkey="error") + "\n"
            except gotemplate.TemplateError as e:
                errors.append(e.message)
        if not out:
            out = "\n"                     # the template inspector's Flush prints a newline for nothing
    if errors:
        return Result(1, out, "\n".join(errors) + "\n")
    return Result(0, out, "")


def docker_inspect(engine, argv, kind: str | None = None, command: str = "inspect") -> Result:
    flags = [Flag(("-f", "--format"), "format", True)]
    if kind is None:
        flags += [Flag(("--type",), "type", True), Flag(("-s", "--size"), "size")]
    elif kind == "container":
        flags += [Flag(("-s", "--size"), "size")]
    try:
        opts = parse(argv, flags, command, interspersed=True)
        if not opts.args:
            what = {"inspect": ("NAME|ID [NAME|ID...]", "Return low-level information on Docker objects"),
                    "container inspect": ("CONTAINER [CONTAINER...]",
                                          "Display detailed information on one or more containers"),
                    "volume inspect": ("VOLUME [VOLUME...]", "Display detailed information on one or more volumes")}
            args, summary = what[command]
            raise usage_error(command, "requires at least 1 argument", f"{command} [OPTIONS] {args}", summary)
        kind = opts.get("type") or kind
        if kind not in (None, "container", "volume", "image", "network", "node", "plugin", "secret", "service",
                        "task", "config"):
            raise DockerError(f'"{kind}" is not a valid value for --type', origin="cli", exit_code=1)
    except DockerError as e:
        return cli_error(e)
    docs = [_lookup(engine, ref, kind, bool(opts.get("size"))) for ref in opts.args]
    return print_documents(docs, opts.get("format"))
