"""Random but valid scenarios, the same for the same seed: `generate_scenario(seed)`.

    python tests/conformance/sequences.py SEED > scenario.yaml     # to replay a failure

An image of 2-3 layers over a small path set (files, dirs, modes, an owner, a
symlink, whiteouts, opaque dirs), one to three service containers with named,
anonymous, bind, file-bind, tmpfs and read-only mounts, then shell operations,
host edits, stop/start, rm and volume rm. Only scenarios the spec calls valid come
out: a `delete:` names a path a lower layer provides, an `opaque:` dir hides a lower dir.
"""
from __future__ import annotations

import random
import shlex
import sys

IMAGE_DIRS = ["/a", "/a/b", "/d", "/d/e", "/w"]
IMAGE_FILES = ["/a/f", "/a/b/g", "/d/h", "/d/e/i", "/w/j", "/top"]
WORDS = ["alpha", "beta", "gamma", "42"]
HOST_FILES = {"/h/site/index.html": "<h1>hi</h1>\n", "/h/site/sub/": {},
              "/h/conf.txt": "k=v\n"}
HOST_EDITS = ["echo new > /h/site/new.txt", "rm /h/site/index.html",
              "mkdir -p /h/site/sub/deep", "echo k=w >> /h/conf.txt", "rm -r /h/site/sub",
              "echo e > /h/site/sub/e"]
# Paths shell operations pick from: the image's, mount targets, and new ones.
OPERATION_PATHS = IMAGE_DIRS + IMAGE_FILES + [
    "/lnk", "/lnk/x", "/big", "/new", "/new/x", "/a/new", "/d/new", "/t/x", "/m/y", "/m2/z", "/srv/index.html",
    "/srv/n", "/a/b/index.html"]


class ImageView:
    """The merged image so far: path -> "file" | "dir" | "symlink"."""

    def __init__(self):
        self.kinds: dict[str, str] = {}

    def add(self, path: str, kind: str) -> None:
        parts = path.split("/")
        for end in range(2, len(parts)):
            self.kinds["/".join(parts[:end])] = "dir"
        self.remove_below(path)
        self.kinds[path] = kind

    def remove(self, path: str) -> None:
        self.kinds.pop(path, None)
        self.remove_below(path)

    def remove_below(self, path: str) -> None:
        for known in [p for p in self.kinds if p.startswith(path + "/")]:
            del self.kinds[known]

    def is_dir_or_absent(self, path: str) -> bool:
        return self.kinds.get(path, "dir") == "dir"


def _under(path: str, tops: list[str]) -> bool:
    return any(path == t or path.startswith(t + "/") for t in tops)


def _text(rng: random.Random) -> str:
    return rng.choice(WORDS) + "\n"


def _base_layer(rng: random.Random, view: ImageView) -> dict:
    files: dict[str, object] = {}
    for directory in IMAGE_DIRS:
        if rng.random() < 0.6:
            files[directory + "/"] = {} if rng.random() < 0.8 else \
                {"mode": rng.choice(["0750", "0700"])}
    for path in IMAGE_FILES:
        if rng.random() < 0.7:
            roll = rng.random()
            files[path] = _text(rng) if roll < 0.75 else \
                {"content": _text(rng), "mode": rng.choice(["0600", "0755"])} if roll < 0.9 else \
                {"content": _text(rng), "uid": 1000, "gid": 1000}
    if rng.random() < 0.4:
        files["/lnk"] = {"symlink": rng.choice(["/a/f", "top", "/nowhere", "/d", "a/b"])}
    if rng.random() < 0.3:
        files["/big"] = {"size": rng.choice([5000, 70000])}      # NUL bytes: no content
    for raw, spec in files.items():
        view.add(raw.rstrip("/"), "dir" if raw.endswith("/") else
                 "symlink" if isinstance(spec, dict) and "symlink" in spec else "file")
    return {"created_by": "COPY base /", "files": files}


def _upper_layer(rng: random.Random, view: ImageView, number: int) -> dict:
    opaque = [d for d in IMAGE_DIRS if view.kinds.get(d) == "dir" and rng.random() < 0.15]
    deleted: list[str] = []
    for directory in IMAGE_DIRS:
        # a whiteout must sit in a directory a lower layer also provides, so never
        # inside (or above) an opaque dir of this same layer
        if (view.kinds.get(directory) == "dir" and not _under(directory, opaque + deleted)
                and not any(o.startswith(directory + "/") for o in opaque)
                and rng.random() < 0.12):
            deleted.append(directory)
    files: dict[str, object] = {}
    for path in IMAGE_FILES:
        if _under(path, deleted):
            continue
        roll = rng.random()
        if _under(path, opaque):
            if roll < 0.5:
                files[path] = _text(rng)
        elif view.kinds.get(path) == "file" and roll < 0.3:
            files[path] = _text(rng)
        elif view.kinds.get(path) == "file" and roll < 0.45:
            deleted.append(path)
        elif path not in view.kinds and roll < 0.3 and view.is_dir_or_absent(
                path.rsplit("/", 1)[0] or "/"):
            files[path] = _text(rng)
    for path in deleted:
        view.remove(path)
    for path in opaque:
        view.remove_below(path)
        view.add(path, "dir")
    for path in files:
        view.add(path, "file")
    layer = {"created_by": f"RUN step {number}", "files": files}
    if deleted:
        layer["delete"] = deleted
    if opaque:
        layer["opaque"] = opaque
    return layer


def _mount_options(rng: random.Random, view: ImageView) -> list[str]:
    """Mount options for one container; targets distinct, of the right kind in the image,
    and none nested in a read-only mount (runc could not make its mount point there)."""
    options: list[str] = []
    taken: dict[str, bool] = {}                # target -> read-only?

    def pick(candidates: list[str], read_only: bool) -> str | None:
        target = rng.choice(candidates)
        nested = [t for t in taken if _under(target, [t]) or _under(t, [target])]
        if (target in taken or not view.is_dir_or_absent(target)
                or any(taken[t] or read_only for t in nested)):
            return None
        taken[target] = read_only
        return target

    mode = rng.choice(["", "", ":ro", ":nocopy"])
    if rng.random() < 0.6 and (target := pick(["/d", "/a", "/m", "/w"], mode == ":ro")):
        options.append(f"-v vol1:{target}{mode}")
    # at most one generated volume per container, so unused ones keep a clear order
    if rng.random() < 0.35 and (target := pick(["/m2", "/d/e"], False)):
        options.append(rng.choice([f"-v {target}", f"--mount type=volume,target={target}"]))
    if rng.random() < 0.4 and (target := pick(["/t", "/w"], False)):
        options.append(rng.choice([f"--tmpfs {target}", f"--mount type=tmpfs,target={target}"]))
    mode = rng.choice(["", ":ro"])
    if rng.random() < 0.4 and (target := pick(["/a/b", "/srv", "/d"], mode == ":ro")):
        options.append(f"-v /h/site:{target}{mode}")
    if rng.random() < 0.3 and view.kinds.get("/top", "file") == "file":
        options.append(rng.choice(["--mount type=bind,source=/h/conf.txt,target=/top",
                                   "--mount type=bind,source=/h/conf.txt,target=/top,readonly",
                                   "-v /h/conf.txt:/top"]))
    if rng.random() < 0.1:
        options.append("--read-only")
    return options


def _operation(rng: random.Random) -> str:
    path, other = rng.choice(OPERATION_PATHS), rng.choice(OPERATION_PATHS)
    word = rng.choice(WORDS)
    return rng.choice([
        f"echo {word} > {path}", f"echo {word} >> {path}", f"rm {path}", f"rm -r {path}",
        f"rm -rf {path}", f"mkdir {path}", f"mkdir -p {path}", f"rmdir {path}",
        f"mv {path} {other}", f"cp {path} {other}", f"cp -r {path} {other}",
        f"cp -a {path} {other}",
        f"chmod {rng.choice(['600', '755', '700', '644'])} {path}", f"touch {path}",
        f"ln -s {rng.choice(['/a/f', '../top', 'nowhere', '/d'])} {path}",
        f"truncate -s {rng.choice([0, 2, 100])} {path}", f"cat {path}", f"ls {path}"])


def _run(name: str, rng: random.Random, view: ImageView) -> str:
    return " ".join(["docker run -d --name", name, *_mount_options(rng, view), "img"])


def _steps(rng: random.Random, view: ImageView) -> list[str]:
    steps = ["docker volume create vol1"] if rng.random() < 0.5 else []
    steps.append(_run("c1", rng, view))
    running = {"c1": True}                      # name -> running?
    unused_names = ["c2", "c3"]
    wanted = rng.randint(6, 12)
    while len(steps) < wanted:
        roll = rng.random()
        up = sorted(n for n, on in running.items() if on)
        if roll < 0.55 and up:
            ops = "; ".join(_operation(rng) for _ in range(rng.randint(1, 3)))
            steps.append(f"docker exec {rng.choice(up)} sh -c {shlex.quote(ops)}")
        elif roll < 0.63:
            steps.append(rng.choice(HOST_EDITS))
        elif roll < 0.70 and running:
            name = rng.choice(sorted(running))
            steps.append(f"docker stop {name}")
            running[name] = False
        elif roll < 0.77 and running:
            name = rng.choice(sorted(running))
            steps.append(f"docker start {name}")
            running[name] = True
        elif roll < 0.86 and unused_names:
            name = unused_names.pop(0)
            steps.append(_run(name, rng, view))
            running[name] = True
        elif roll < 0.92 and running:
            name = rng.choice(sorted(running))
            steps.append(f"docker rm -f {'-v ' if rng.random() < 0.4 else ''}{name}")
            del running[name]
        elif roll < 0.95:
            steps.append("docker volume rm vol1")
        elif up:
            steps.append(f"docker exec {rng.choice(up)} {rng.choice(['cat /a/f', 'ls -la /'])}")
    return steps


def generate_scenario(seed: int) -> dict:
    """A valid scenario (spec section 2) for SEED; the same seed, the same scenario."""
    rng = random.Random(seed)
    view = ImageView()
    layers = [_base_layer(rng, view)]
    for number in range(1, rng.randint(2, 3)):
        layers.append(_upper_layer(rng, view, number))
    return {"title": f"generated sequence, seed {seed}", "seed": seed,
            "images": {"img": {"layers": layers}}, "host": dict(HOST_FILES),
            "steps": _steps(rng, view)}


if __name__ == "__main__":
    import yaml
    print(yaml.safe_dump(generate_scenario(int(sys.argv[1])), sort_keys=False, width=1000),
          end="")
