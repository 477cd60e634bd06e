"""`docker commit`, `docker images` / `image ls`, `docker history`, `docker rmi`, `docker image inspect`.

Rules modelled (Docker 26.1.5, checked on the real engine:
tests/docker_recordings/build-commit-compose/21-commit.json):
- commit freezes the writable layer as overlay2 stores it (whiteouts, opaque
  directories, the mount points runc made) into one new layer on top of the container's
  image; what was written into volumes, binds and tmpfs is not in it. The new image
  takes the container's command, user, working directory and environment; its history
  row is the container's command with no comment (unless `-m`);
- `docker history` lists rows top first; BuildKit's config-only rows (VOLUME, CMD, ...)
  have 0B; only the image itself (and a commit's parent image) show an ID, the other
  rows `<missing>`; CREATED BY is cut to 45 characters with "…";
- a new image that takes an existing name leaves the old one untagged (`<none>`).
Times are not simulated: CREATED always reads "Less than a second ago".
"""
from __future__ import annotations

import hashlib
import json

from simulator.errors import DockerError
from simulator.cli.humanize import human_duration, human_size
from simulator.cli.options import Flag, parse, usage_error
from simulator.cli.result import Result, cli_error
from simulator.cli.table import tabwrite

CREATED = "Less than a second ago"


def short_id(image) -> str:
    return image.id[7:19]


def ellipsis(text: str, width: int) -> str:
    """docker/cli stringutils.Ellipsis: cut to `width` characters, the last one "…"."""
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def image_ref(name: str) -> str:
    return name[:-7] if name.endswith(":latest") else name


def repo_tag(name: str) -> tuple[str, str]:
    """An engine image name as REPOSITORY and TAG: "nginx" -> (nginx, latest), "postgres:16"
    -> (postgres, 16)."""
    repo, sep, tag = name.rpartition(":")
    if not sep or "/" in tag:
        return name, "latest"
    return repo, tag


def created_since(image) -> str:
    """CREATED of `docker images`: a pulled image's age against the catalog's fixed clock
    (docker/catalog CATALOG_NOW); an image of the session or the scenario was just made."""
    if not getattr(image, "created", ""):
        return CREATED
    from datetime import datetime
    from simulator.docker import CATALOG_NOW
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
    return human_duration((parse(CATALOG_NOW) - parse(image.created)).total_seconds()) + " ago"


def find_image(engine, ref: str):
    """An image by name, by (a prefix of) its ID, or None."""
    name = image_ref(ref)
    if name in engine.images:
        return engine.images[name]
    hexpart = ref[7:] if ref.startswith("sha256:") else ref
    if len(hexpart) >= 4:
        for image in list(engine.images.values()) + engine.dangling_images():
            if image.id[7:].startswith(hexpart):
                return image
    return None


def all_images(engine) -> list:
    """Every image the engine holds, newest first: session images by creation, then the
    scenario's (which all predate the session) by name."""
    records = engine.image_records()
    held = list(engine.images.values()) + [i for i in engine.dangling_images() if i not in engine.images.values()]
    made = sorted((i for i in held if i in records and not i.created), key=lambda i: -records[i]["seq"])
    # pulled images: newest creation first, as `docker images` sorts them
    pulled = sorted((i for i in held if i in records and i.created), key=lambda i: (i.created, i.name),
                    reverse=True)
    scenario = sorted((i for i in held if i not in records), key=lambda i: i.name)
    return made + pulled + scenario


# ---- docker commit ----------------------------------------------------------------------------
COMMIT_FLAGS = [Flag(("-a", "--author"), "author", True), Flag(("-m", "--message"), "message", True),
                Flag(("-c", "--change"), "change", True, True), Flag(("-p", "--pause"), "pause")]


def docker_commit(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, COMMIT_FLAGS, "commit", interspersed=True)
        if not 1 <= len(opts.args) <= 2:
            raise usage_error("commit", "requires at least 1 and at most 2 arguments",
                              "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a "
                              "container's changes")
    except DockerError as e:
        return cli_error(e)
    if opts.get("change"):
        return Result(1, "", "the simulator does not model `docker commit --change`\n")
    c = engine.find_container(opts.args[0])
    if c is None:
        return Result(1, "", f"Error response from daemon: No such container: {opts.args[0]}\n")
    name = image_ref(opts.args[1]) if len(opts.args) == 2 else ""
    if name and (name != name.lower() or " " in name):
        return Result(1, "", f'Error response from daemon: invalid reference format: repository name '
                             f'({name}) must be lowercase\n')
    created_by = " ".join(c.cmd) if c.cmd else ""
    image = engine.commit_container(c, name, created_by, comment=opts.get("message") or "")
    return Result(0, image.id + "\n", "")


# ---- docker images ----------------------------------------------------------------------------
IMAGES_FLAGS = [Flag(("-a", "--all"), "all"), Flag(("-q", "--quiet"), "quiet"),
                Flag(("--no-trunc",), "notrunc"), Flag(("-f", "--filter"), "filter", True, True),
                Flag(("--format",), "format", True), Flag(("--digests",), "digests")]


def docker_images(engine, argv: list[str], command: str = "images") -> Result:
    try:
        opts = parse(argv, IMAGES_FLAGS, command, interspersed=True)
        if len(opts.args) > 1:
            raise usage_error(command, "requires at most 1 argument", f"{command} [OPTIONS] [REPOSITORY[:TAG]]",
                              "List images")
    except DockerError as e:
        return cli_error(e)
    dangling = engine.dangling_images()
    rows, row_images = [], []
    for image in all_images(engine):
        untagged = image in dangling and engine.images.get(image.name) is not image
        repo, tag = ("<none>", "<none>") if untagged else repo_tag(image.name)
        if opts.args:
            want_repo, _, want_tag = opts.args[0].partition(":")
            if repo != want_repo or (want_tag and tag != want_tag):
                continue
        for item in opts.get("filter", []):
            key, _, value = item.partition("=")
            if key == "dangling" and (value.lower() in ("true", "1")) != untagged:
                break
            if key not in ("dangling",):
                return Result(1, "", f"Error response from daemon: invalid filter '{key}'\n")
        else:
            image_id = image.id if opts.get("notrunc") else short_id(image)
            rows.append({"Repository": repo, "Tag": tag, "ID": image_id, "CreatedSince": created_since(image),
                         "Size": human_size(image.size, 3)})
            row_images.append(image)
    if opts.get("quiet"):
        seen, out = set(), []
        for r in rows:
            if r["ID"] not in seen:
                seen.add(r["ID"])
                out.append(r["ID"] + "\n")
        return Result(0, "".join(out), "")
    if opts.get("format"):
        from simulator.cli import contexts, formatter
        fmt = contexts.IMAGE_LIST_TABLE if opts.get("format") == "table" else opts.get("format")
        listed = [dict(r, bytes=i.size) for r, i in zip(rows, row_images)]
        try:
            return Result(0, formatter.write(fmt, [contexts.image_list_row(r) for r in listed],
                                             contexts.IMAGE_LIST_HEADER), "")
        except DockerError as e:
            return cli_error(e)
    table = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]
    table += [[r["Repository"], r["Tag"], r["ID"], r["CreatedSince"], r["Size"]] for r in rows]
    return Result(0, tabwrite(table), "")


# ---- docker history ---------------------------------------------------------------------------
HISTORY_FLAGS = [Flag(("-H", "--human"), "human"), Flag(("--no-trunc",), "notrunc"),
                 Flag(("-q", "--quiet"), "quiet"), Flag(("--format",), "format", True)]


def history_rows(engine, image) -> list[dict]:
    """Rows top first, with the image ID shown where Docker knows an image for that row:
    the image itself and, for a commit, its parent image (while it still exists)."""
    history = engine.image_history(image)
    sizes, layers = [], iter(image.layers)
    for entry in history:
        sizes.append(0 if entry["empty_layer"] else next(layers).size)
    ids = {len(history) - 1: image}
    records = engine.image_records()
    current = image
    present = set(map(id, list(engine.images.values()) + engine.dangling_images()))
    while current in records and records[current]["parent"] is not None:
        parent = records[current]["parent"]
        if id(parent) in present:
            ids[len(engine.image_history(parent)) - 1] = parent
        current = parent
    rows = []
    for i in reversed(range(len(history))):
        rows.append({"image": ids.get(i), "created_by": history[i]["created_by"].replace("\t", " "),
                     "size": sizes[i], "comment": history[i]["comment"]})
    return rows


def docker_history(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, HISTORY_FLAGS, "history", interspersed=True)
        if len(opts.args) != 1:
            raise usage_error("history", "requires exactly 1 argument", "history [OPTIONS] IMAGE",
                              "Show the history of an image")
    except DockerError as e:
        return cli_error(e)
    image = find_image(engine, opts.args[0])
    if image is None:
        return Result(1, "", f"Error response from daemon: No such image: {opts.args[0]}"
                             f"{'' if ':' in opts.args[0] else ':latest'}\n")
    trunc = not opts.get("notrunc")
    rows = history_rows(engine, image)
    # a pulled image's rows carry its age (the catalog keeps the image's time, not each row's)
    age = created_since(image)
    if opts.get("quiet"):
        return Result(0, "".join(((short_id(r["image"]) if trunc else r["image"].id) if r["image"]
                                  else "<missing>") + "\n" for r in rows), "")
    if opts.get("format"):
        from simulator.cli import contexts, formatter
        fmt = contexts.HISTORY_TABLE if opts.get("format") == "table" else opts.get("format")
        listed = [{"ID": (short_id(r["image"]) if trunc else r["image"].id) if r["image"] else "<missing>",
                   "CreatedSince": age, "bytes": r["size"], "Comment": r["comment"],
                   "CreatedBy": ellipsis(r["created_by"], 45) if trunc and fmt.startswith("table") else r["created_by"]}
                  for r in rows]
        try:
            return Result(0, formatter.write(fmt, [contexts.history_row(r) for r in listed], contexts.HISTORY_HEADER),
                          "")
        except DockerError as e:
            return cli_error(e)
    table = [["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]]
    for r in rows:
        shown = (short_id(r["image"]) if trunc else r["image"].id) if r["image"] else "<missing>"
        table.append([shown, age, ellipsis(r["created_by"], 45) if trunc else r["created_by"],
                      human_size(r["size"], 3), r["comment"]])
    return Result(0, tabwrite(table), "")


# ---- docker rmi -------------------------------------------------------------------------------
def chain_id(layers) -> str:
    """A layer's ChainID (what `docker rmi` prints as Deleted): its id and those below it."""
    return "sha256:" + hashlib.sha256(" ".join(layer.id for layer in layers).encode()).hexdigest()


def docker_rmi(engine, argv: list[str], command: str = "rmi") -> Result:
    try:
        opts = parse(argv, [Flag(("-f", "--force"), "force"), Flag(("--no-prune",), "noprune")], command,
                     interspersed=True)
        if not opts.args:
            raise usage_error(command, "requires at least 1 argument", f"{command} [OPTIONS] IMAGE [IMAGE...]",
                              "Remove one or more images")
    except DockerError as e:
        return cli_error(e)
    code, out, errs = 0, "", ""
    for ref in opts.args:
        image = find_image(engine, ref)
        if image is None:
            code, errs = 1, errs + f"Error response from daemon: No such image: {ref}{'' if ':' in ref else ':latest'}\n"
            continue
        tagged = engine.images.get(image.name) is image
        others = [n for n, i in engine.images.items() if i.id == image.id and i is not image]
        if tagged and others:            # another name keeps the image: this one is only untagged
            del engine.images[image.name]
            repo, tag = repo_tag(image.name)
            out += f"Untagged: {repo}:{tag}\n"
            continue
        users = sorted((c for c in engine.containers.values() if c.image is image), key=lambda c: c.created_seq)
        if users and not opts.get("force"):
            code = 1
            what = (f'unable to remove repository reference "{ref}" (must force)' if tagged
                    else f"unable to delete {short_id(image)} (must be forced)")
            errs += (f"Error response from daemon: conflict: {what} - container {users[0].id[:12]} is using "
                     f"its referenced image {short_id(image)}\n")
            continue
        if tagged:
            del engine.images[image.name]
            repo, tag = repo_tag(image.name)
            out += f"Untagged: {repo}:{tag}\n"
            if image.repo_digest:
                out += f"Untagged: {repo}@{image.repo_digest}\n"
        if users:                       # -f: untagged, but a container still holds the image
            engine.dangling_images().append(image) if image not in engine.dangling_images() else None
            continue
        if image in engine.dangling_images():
            engine.dangling_images().remove(image)
        kept = {id(layer) for other in list(engine.images.values()) + engine.dangling_images()
                for layer in other.layers}
        out += f"Deleted: {image.id}\n"
        for i in reversed(range(len(image.layers))):
            if id(image.layers[i]) not in kept:
                out += f"Deleted: {chain_id(image.layers[:i + 1])}\n"
        engine.emit("image-remove", image=image.name or None, id=image.id)
    return Result(code, out, errs)


# ---- docker image ... ---------------------------------------------------------------------------
def image_inspect_doc(engine, image) -> dict:
    names = sorted(n for n, i in engine.images.items() if i.id == image.id)
    repo_tags = ["{}:{}".format(*repo_tag(n)) for n in names]
    digests = sorted({f"{repo_tag(n)[0]}@{engine.images[n].repo_digest}" for n in names
                      if engine.images[n].repo_digest})
    config = {"User": image.user}
    if image.exposed_ports:
        config["ExposedPorts"] = {p: {} for p in image.exposed_ports}
    config.update({"Env": list(image.env) or None,
                   "Cmd": image.cmd if isinstance(image.cmd, list) or image.cmd is None
                   else ["/bin/sh", "-c", image.cmd],
                   "Volumes": {v: {} for v in image.volumes} or None, "WorkingDir": image.workdir,
                   "Entrypoint": list(image.entrypoint) if image.entrypoint else None,
                   "OnBuild": None, "Labels": dict(image.labels) or None})
    if image.stop_signal:
        config["StopSignal"] = image.stop_signal
    return {
        "Id": image.id,
        "RepoTags": repo_tags,
        "RepoDigests": digests,
        "Config": config,
        "Size": image.size,
        "RootFS": {"Type": "layers", "Layers": [layer.id for layer in image.layers]},
    }


def docker_image_inspect(engine, argv: list[str]) -> Result:
    try:
        opts = parse(argv, [Flag(("-f", "--format"), "format", True)], "image inspect", interspersed=True)
        if not opts.args:
            raise usage_error("image inspect", "requires at least 1 argument",
                              "image inspect [OPTIONS] IMAGE [IMAGE...]",
                              "Display detailed information on one or more images")
    except DockerError as e:
        return cli_error(e)
    found, errs = [], ""
    for ref in opts.args:
        image = find_image(engine, ref)
        if image is None:
            errs += f"Error response from daemon: No such image: {ref}{'' if ':' in ref else ':latest'}\n"
        else:
            found.append(image_inspect_doc(engine, image))
    if opts.get("format"):
        from simulator.cli.inspect import print_documents
        res = print_documents([(doc, "types.ImageInspect", True) for doc in found], opts.get("format"))
        if res.exit_code == 64:
            return res
        return Result(1 if errs or res.exit_code else 0, res.stdout, errs + res.stderr)
    out = json.dumps(found, indent=4) + "\n"
    return Result(1 if errs else 0, out, errs)


def _pull(engine, argv):
    from simulator.cli.pull import docker_pull
    return docker_pull(engine, argv)


def _tag(engine, argv):
    from simulator.cli.pull import docker_tag
    return docker_tag(engine, argv)


IMAGE_SUBCOMMANDS = {"ls": lambda e, a: docker_images(e, a, "image ls"),
                     "list": lambda e, a: docker_images(e, a, "image ls"),
                     "history": docker_history, "rm": lambda e, a: docker_rmi(e, a, "image rm"),
                     "remove": lambda e, a: docker_rmi(e, a, "image rm"), "inspect": docker_image_inspect,
                     "pull": _pull, "tag": _tag}


def docker_image(engine, argv: list[str]) -> Result:
    if argv and argv[0] == "build":
        from simulator.cli.build import docker_build
        return docker_build(engine, argv[1:])
    handler = IMAGE_SUBCOMMANDS.get(argv[0]) if argv else None
    if handler is None:
        sub = argv[0] if argv else ""
        return Result(1, "", f"docker: 'image {sub}' is not a docker command (modelled: build, "
                             f"{', '.join(IMAGE_SUBCOMMANDS)}).\nSee 'docker image --help'\n")
    return handler(engine, argv[1:])
