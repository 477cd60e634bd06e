"""`docker pull`, `docker tag`, and the pull `docker run` makes of an image it does not have.

Output as the docker CLI 26 prints it to a terminal once the pull is done: "Using default
tag: latest" when no tag is given, "TAG: Pulling from library/NAME", one line per layer
("Pull complete", or "Already exists" for a layer another image brought), "Digest:",
"Status:", then the full reference (pull only). `docker run` prints "Unable to find image
'REF' locally" and the same pull lines on stderr. An image the offline catalog does not have
gets Docker's error for a repository that does not exist, then one line that is the
simulator's own note (marked "(Layer Lab)") naming what it can pull.
"""
from __future__ import annotations

from dataclasses import replace

from simulator.docker import catalog
from simulator.docker import pull
from simulator.errors import DockerError
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.messages import Catalog

PULL_FLAGS = [Flag(("-a", "--all-tags"), "all"), Flag(("-q", "--quiet"), "quiet"),
              Flag(("--platform",), "platform", True), Flag(("--disable-content-trust",), "dct")]


def denied(name: str) -> str:
    return (f"Error response from daemon: pull access denied for {name}, repository does not exist or may "
            "require 'docker login': denied: requested access to the resource is denied")


def catalog_note(ref: str) -> str:
    """The simulator's own line after a failed pull: what its catalog has."""
    name, tag = catalog.split_ref(ref)
    known = catalog.repositories()
    if name in known:
        return Catalog().t("note.catalog-no-tag", ref=f"{name}:{tag}",
                           names=", ".join(f"{name}:{t}" for t in catalog.tags(name))) + "\n"
    return Catalog().t("note.catalog-unknown", names=", ".join(known)) + "\n"


def check_reference(ref: str) -> str | None:
    """The CLI's error for a reference it cannot parse, or None."""
    name, _ = catalog.split_ref(ref)
    if not ref or ref != ref.strip() or " " in ref:
        return "invalid reference format"
    if name != name.lower():
        return f"invalid reference format: repository name ({name}) must be lowercase"
    return None


def pull_lines(p) -> str:
    name, tag = catalog.split_ref(p.reference)
    text = f"{tag}: Pulling from library/{name}\n"
    text += "".join(f"{short}: {what}\n" for short, what in p.layers)
    text += f"Digest: {p.image.repo_digest}\n"
    status = "Image is up to date for" if p.up_to_date else "Downloaded newer image for"
    return text + f"Status: {status} {p.reference}\n"


def docker_pull(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, PULL_FLAGS, "pull", interspersed=True)
        if len(opts.args) != 1:
            raise usage_error("pull", "requires exactly 1 argument", "pull [OPTIONS] NAME[:TAG|@DIGEST]",
                              "Download an image from a registry")
    except DockerError as e:
        return cli_error(e)
    ref = opts.args[0]
    bad = check_reference(ref)
    if bad:
        return Result(1, "", bad + "\n")
    if "@" in ref:
        return Result(1, "", Catalog().t("note.catalog-digest") + "\n")
    name, tag = catalog.split_ref(ref)
    head = "" if ":" in ref.rpartition("/")[2] else "Using default tag: latest\n"
    p = pull(engine, ref)
    if p is None:
        if name in catalog.repositories():
            return Result(1, head, catalog_note(ref))
        return Result(1, head, denied(name) + "\n" + catalog_note(ref))
    if opts.get("quiet"):
        return Result(0, f"docker.io/library/{p.reference}\n", "")
    return Result(0, head + pull_lines(p) + f"docker.io/library/{p.reference}\n", "")


def pull_for_run(engine, ref: str):
    """What `docker run`/`create` do for an image the engine lacks: (image or None, stderr)."""
    name, tag = catalog.split_ref(ref)
    head = f"Unable to find image '{name}:{tag}' locally\n"
    p = pull(engine, ref)
    if p is None:
        return None, head
    return p.image, head + pull_lines(p)


def docker_tag(engine, argv: list[str]) -> Result:
    """`docker tag SOURCE TARGET`: one more name for the same image (same ID)."""
    from simulator.cli.images import find_image, image_ref
    try:
        opts = parse(argv, [], "tag", interspersed=True)
        if len(opts.args) != 2:
            raise usage_error("tag", "requires exactly 2 arguments", "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
                              "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
    except DockerError as e:
        return cli_error(e)
    source, target = opts.args
    image = find_image(engine, source)
    if image is None:
        return Result(1, "", f"Error response from daemon: No such image: {source}"
                             f"{'' if ':' in source else ':latest'}\n")
    bad = check_reference(target)
    if bad:
        return Result(1, "", bad + "\n")
    name = image_ref(target)
    if engine.images.get(name) is image or (engine.images.get(name) is not None
                                             and engine.images[name].id == image.id):
        return Result(0, "", "")
    tagged = replace(image, name=name, _view=None)
    records = engine.image_records()
    history = records[image]["history"] if image in records else engine.image_history(image)
    engine.register_image(tagged, history, parent=records.get(image, {}).get("parent"))
    return Result(0, "", "")
