"""`layer-lab lite build OUTDIR`: the whole course as a static JupyterLite site (no server, no install, offline).

The site holds the English and Korean notebooks, the playground and the exercises, and runs Python in
the browser tab (Pyodide) with this package, its pictures drawn by Graphviz compiled to WebAssembly
(simulator/render/wasm.py). Everything it needs is inside OUTDIR: nothing is fetched from a CDN or a
package index when it runs. Any static web server can host it (GitHub Pages, a university web space,
`python -m http.server` from a USB stick); open OUTDIR/lab/index.html?path=playground.ipynb.

The build uses only the registries, at pinned versions with their checksums, and keeps what it
downloads in a cache (~/.cache/layer-lab/lite, or $LAYER_LAB_CACHE), so a second build needs no network:
- npm: `pyodide` (the Python runtime, without package wheels) and `@hpcc-js/wasm-graphviz`;
- PyPI: the pure wheels the kernel needs at start (the versions Pyodide's lock file names), ipywidgets
  and its parts, PyYAML built from its sdist as a pure wheel; jupyterlite-core and
  jupyterlite-pyodide-kernel run the build (`pip install 'layer-lab[lite]'`).
This package goes in as a wheel made from its installed files. The wheels are written into Pyodide's
lock file, which the kernel loads at start (no `%pip install` in any notebook).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

NPM = {  # package -> (version, npm's integrity: sha512 of the tarball)
    "pyodide": ("314.0.6", "sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ=="),
    "@hpcc-js/wasm-graphviz": ("1.29.2",
                               "sha512-AkArBAZERT5OxH52/+kvCHB07cZ6ZNd9GnOvjw+S880bR88D6i27XfK6xj4dBhUDxNA2QPPMdgEcky3x4TJ3KA=="),
}
WHEELS = {  # PyPI wheel -> sha256 (the first group: the versions pyodide 314.0.6's lock file names)
    "asttokens-3.0.1-py3-none-any.whl": "15a3ebc0f43c2d0a50eeafea25e19046c68398e487b9f1f5b517f7c0f40f976a",
    "decorator-5.2.1-py3-none-any.whl": "d316bb415a2d9e2d2b3abcc4084c6502fc09240e292cd76a76afc106a1c8e04a",
    "executing-2.2.1-py2.py3-none-any.whl": "760643d3452b4d777d295bb167ccc74c64a81df23fb5e08eff250c425a4b2017",
    "ipython-9.12.0-py3-none-any.whl": "0f2701e8ee86e117e37f50563205d36feaa259d2e08d4a6bc6b6d74b18ce128d",
    "jedi-0.19.2-py2.py3-none-any.whl": "a8ef22bde8490f57fe5c7681a3c83cb58874daf72b4784de3cce5b6ef6edb5b9",
    "matplotlib_inline-0.2.1-py3-none-any.whl": "d56ce5156ba6085e00a9d54fead6ed29a9c47e215cd1bba2e976ef39f5710a76",
    "micropip-0.11.1-py3-none-any.whl": "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3",
    "packaging-26.1-py3-none-any.whl": "5d9c0669c6285e491e0ced2eee587eaf67b670d94a19e94e3984a481aba6802f",
    "parso-0.8.6-py2.py3-none-any.whl": "2c549f800b70a5c4952197248825584cb00f033b29c692671d3bf08bf380baff",
    "prompt_toolkit-3.0.52-py3-none-any.whl": "9aac639a3bbd33284347de5ad8d68ecc044b91a762dc39b7c21095fcd6a19955",
    "pure_eval-0.2.3-py3-none-any.whl": "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0",
    "pygments-2.20.0-py3-none-any.whl": "81a9e26dd42fd28a23a2d169d86d7ac03b46e2f8b59ed4698fb4785f946d0176",
    "six-1.17.0-py2.py3-none-any.whl": "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274",
    "stack_data-0.6.3-py3-none-any.whl": "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695",
    "traitlets-5.14.3-py3-none-any.whl": "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f",
    "typing_extensions-4.15.0-py3-none-any.whl": "f0fa19c6845758ab08074a0cfa8b7aecb71c999ca73d62883bc25cc018c4e548",
    "wcwidth-0.6.0-py3-none-any.whl": "1a3a1e510b553315f8e146c54764f4fb6264ffad731b3d78088cdb1478ffbdad",
    # the kernel's comm, and the Lab's widgets (jupyterlab_widgets: the version of the build's lab extension)
    "comm-0.2.3-py3-none-any.whl": "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
    "ipywidgets-8.1.8-py3-none-any.whl": "ecaca67aed704a338f88f67b1181b58f821ab5dc89c1f0f5ef99db43c1c2921e",
    "jupyterlab_widgets-3.0.17-py3-none-any.whl": "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0",
}
# the classic notebook's widget files are of no use in JupyterLab: the kernel extension's own empty stand-in
WIDGETSNBEXTENSION_STUB = "widgetsnbextension-4.0.999-py3-none-any.whl"
PYYAML_SDIST = ("pyyaml-6.0.3.tar.gz", "d76623373421df22fb4cf8817020cbb7ef15c725b9d5e45f17e189bfc384190f")
DEPENDS = {"comm": ["traitlets"], "layer-lab": ["pyyaml"],
           "ipywidgets": ["comm", "ipython", "traitlets", "widgetsnbextension", "jupyterlab-widgets"]}
# loaded when the kernel starts (with their dependencies from the lock): no %pip install in a notebook
PRELOAD = ["micropip", "ipython", "jedi", "comm", "ipywidgets", "layer-lab"]
FIRST_PAGE = ("Your work stays in this browser (its site storage), not on a server: to take a notebook or "
              "a saved scenario home, right-click it in the file list and choose Download.")
FIRST_PAGE_KO = ("작업한 내용은 서버가 아니라 이 브라우저(사이트 저장소)에 남는다: 노트북이나 저장한 시나리오를 "
                 "가져가려면 파일 목록에서 오른쪽 클릭 후 Download를 고른다.")
FRONT_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Layer Lab</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5">
<h1>Layer Lab</h1>
<p>How a Docker container sees its files: a course that runs in this browser tab, with nothing to install.</p>
<p><strong>{FIRST_PAGE}</strong></p>
<ul>
<li><a href="lab/index.html?path=01-filesystem.ipynb">The course, notebook 01</a></li>
<li><a href="lab/index.html?path=playground.ipynb">The Lab (playground)</a></li>
<li lang="ko"><a href="lab/index.html?path=ko/01-filesystem.ipynb">한국어 코스, 노트북 01</a> &mdash; {FIRST_PAGE_KO}</li>
</ul>
</body></html>
"""
SOURCE_DATE_EPOCH = "315532800"          # 1980-01-01: wheels built here have fixed timestamps


class LiteError(RuntimeError):
    """What the build could not do, said in one line."""


def cache_dir() -> Path:
    base = os.environ.get("LAYER_LAB_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "layer-lab")
    path = Path(base) / "lite"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(argv: list[str], what: str, **kwargs) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise LiteError(f"{what} failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")


def npm_tarball(name: str, cache: Path) -> Path:
    version, integrity = NPM[name]
    target = cache / (name.lstrip("@").replace("/", "-") + f"-{version}.tgz")
    if not target.is_file():
        if shutil.which("npm") is None:
            raise LiteError(f"npm is needed once, to fetch {name}@{version} (then it is cached in {cache})")
        _run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(cache)], f"npm pack {name}@{version}")
    got = "sha512-" + base64.b64encode(hashlib.sha512(target.read_bytes()).digest()).decode()
    if got != integrity:
        target.unlink()
        raise LiteError(f"{name}@{version} from npm is not the pinned tarball (its sha512 differs)")
    return target


def pypi_wheels(cache: Path) -> list[Path]:
    folder = cache / "wheels"
    folder.mkdir(exist_ok=True)
    missing = [n for n in WHEELS if not (folder / n).is_file()]
    if missing:
        specs = [f"{n.split('-')[0]}=={n.split('-')[1]}" for n in missing]
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "--python-version",
              "3.14", "-d", str(folder), *specs], "pip download of the kernel's wheels")
    out = []
    for name, sha in WHEELS.items():
        path = folder / name
        if not path.is_file() or _sha256(path) != sha:
            raise LiteError(f"{name} is missing or not the pinned file (its sha256 differs)")
        out.append(path)
    return out


def widgets_stub() -> Path:
    import jupyterlite_pyodide_kernel
    share = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension"
    stub = share / "static" / "pypi" / WIDGETSNBEXTENSION_STUB
    if not stub.is_file():
        raise LiteError(f"{stub} is missing: reinstall jupyterlite-pyodide-kernel "
                        f"({jupyterlite_pyodide_kernel.__version__})")
    return stub


def pyyaml_wheel(cache: Path) -> Path:
    """PyYAML as a pure wheel (its sdist built without libyaml): Pyodide's own is not in the npm runtime."""
    folder = cache / "pyyaml"
    built = sorted(folder.glob("pyyaml-*-py3-none-any.whl")) if folder.is_dir() else []
    if built:
        return built[0]
    folder.mkdir(exist_ok=True)
    sdist = folder / PYYAML_SDIST[0]
    if not sdist.is_file():
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", "pyyaml", "-d", str(folder),
              "pyyaml==6.0.3"], "pip download of PyYAML's sdist")
    if _sha256(sdist) != PYYAML_SDIST[1]:
        raise LiteError("PyYAML's sdist is not the pinned file (its sha256 differs)")
    env = dict(os.environ, PYYAML_FORCE_LIBYAML="0", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(folder), str(sdist)],
         "building PyYAML's pure wheel", env=env)
    built = sorted(folder.glob("pyyaml-*-py3-none-any.whl"))
    if not built:
        raise LiteError("PyYAML's sdist did not build a pure (py3-none-any) wheel")
    return built[0]


def package_wheel(folder: Path) -> Path:
    """This package as a wheel, made from its own files (an installed or an editable one alike): the code,
    the catalogs, scenarios and exercises; not the notebooks (the site holds them) nor the PNG fonts."""
    from simulator.app.main import version
    root = Path(__file__).resolve().parents[1]            # the simulator package
    ver = version().split()[0] if version()[0].isdigit() else "0"
    name = f"layer_lab-{ver}-py3-none-any.whl"
    info = f"layer_lab-{ver}.dist-info"
    entries = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root.parent).as_posix()
        if path.is_dir() or "__pycache__" in path.parts or rel.startswith(("simulator/course/data/notebooks/",
                                                                           "simulator/render/fontdata/")):
            continue                           # (no PNGs in the browser: the fonts for them stay out)
        entries.append((rel, path.read_bytes()))
    entries.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: layer-lab\nVersion: {ver}\n"
                                        "Requires-Dist: PyYAML>=6\n".encode()))
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: layer-lab lite\nRoot-Is-Purelib: true\n"
                                     b"Tag: py3-none-any\n"))
    record = "".join(f"{rel},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip('=')},"
                     f"{len(data)}\n" for rel, data in entries) + f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode()))
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in entries:
            member = zipfile.ZipInfo(rel, (1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED        # (a ZipInfo of its own is stored, not deflated)
            z.writestr(member, data)
    return target


def _wheel_meta(path: Path) -> tuple[str, str, list[str]]:
    with zipfile.ZipFile(path) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode("utf-8")
        tops = {n.split("/")[0] for n in z.namelist() if not n.split("/")[0].endswith((".dist-info", ".data"))}
    name = re.search(r"^Name: (.*)$", text, re.M).group(1).strip()
    version = re.search(r"^Version: (.*)$", text, re.M).group(1).strip()
    return re.sub(r"[-_.]+", "-", name).lower(), version, sorted(t.removesuffix(".py") for t in tops)


def add_to_lock(pyodide_dir: Path, wheels: list[Path]) -> None:
    """Put the wheels beside Pyodide and name them in its lock file (replacing the lock's own entries,
    whose files the npm runtime does not carry)."""
    lock_path = pyodide_dir / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text("utf-8"))
    packages = lock["packages"]
    for wheel in wheels:
        key, version, imports = _wheel_meta(wheel)
        shutil.copyfile(wheel, pyodide_dir / wheel.name)
        entry = packages.get(key) or {"depends": DEPENDS.get(key, []), "imports": imports, "install_dir": "site",
                                      "name": key, "package_type": "package", "unvendored_tests": False}
        entry.update(file_name=wheel.name, sha256=_sha256(wheel), version=version)
        if key == "pyyaml":
            entry["depends"] = []
        packages[key] = entry
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _without_spare_pngs(text: str) -> str:
    """A notebook without the PNG twin of an output that also has an SVG or HTML form: JupyterLab shows
    those before a PNG, so in the site the PNG is never seen (it is there for viewers without SVG)."""
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and ("image/svg+xml" in data or "text/html" in data):
                del data["image/png"]
                output.get("metadata", {}).pop("image/png", None)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# files the site never loads: Font Awesome's fallbacks (its CSS lists woff2 first, after an EOT that only old
# Internet Explorer reads) and the npm Pyodide's console pages, type declarations and notes
NEVER_LOADED = ("build/fa-*.eot", "build/fa-*.ttf", "build/fa-*.svg", "static/pyodide/console*.html",
                "static/pyodide/*.d.ts", "static/pyodide/README.md", "static/pyodide/package.json")


def contents(folder: Path) -> None:
    """The notebooks: English at the top with the playground, Korean in ko/; the first page's line."""
    from simulator.course import notebooks_dir
    source = notebooks_dir()
    for path in sorted(source.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_without_spare_pngs(path.read_text("utf-8")), encoding="utf-8")
    (folder / "README.md").write_text(f"# Layer Lab\n\n{FIRST_PAGE}\n\nStart with `01-filesystem.ipynb`, or "
                                      "`playground.ipynb` for the Lab alone; `ko/` holds the course in Korean.\n",
                                      encoding="utf-8")


def build(outdir, cache: Path | None = None, log=print) -> Path:
    """Write the site into `outdir` (made anew). Returns its path."""
    try:
        import jupyterlite_core  # noqa: F401
        import jupyterlite_pyodide_kernel  # noqa: F401
    except ImportError:
        raise LiteError("building the site needs JupyterLite: pip install 'layer-lab[lite]'") from None
    out = Path(outdir).resolve()
    cache = cache or cache_dir()
    pyodide = npm_tarball("pyodide", cache)
    graphviz = npm_tarball("@hpcc-js/wasm-graphviz", cache)
    wheels = pypi_wheels(cache) + [pyyaml_wheel(cache), widgets_stub()]
    with tempfile.TemporaryDirectory(prefix="layer-lab-lite-") as tmp_name:
        lite = Path(tmp_name)
        static = lite / "static"
        static.mkdir()
        with tarfile.open(pyodide) as tar:
            try:
                tar.extractall(lite / "npm-pyodide", filter="data")
            except TypeError:                  # a Python without extraction filters (before 3.10.12)
                tar.extractall(lite / "npm-pyodide")
        shutil.move(str(lite / "npm-pyodide" / "package"), str(static / "pyodide"))
        add_to_lock(static / "pyodide", wheels + [package_wheel(lite)])
        (lite / "jupyter-lite.json").write_text(json.dumps({
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {"appName": "Layer Lab", "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs", "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": PRELOAD}}}}}, indent=1), encoding="utf-8")
        # every cell drawn (no windowing): a student's search finds any cell, and so does the browser test
        (lite / "overrides.json").write_text(json.dumps(
            {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}, indent=1), encoding="utf-8")
        contents(lite / "files")
        if out.exists():
            shutil.rmtree(out)
        log(f"building the site in {out} ...")
        _run([sys.executable, "-m", "jupyterlite_core", "build", "--output-dir", str(out), "--contents", "files",
              "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages"], "jupyter lite build", cwd=lite)
        # the page to share: what the site is, where work is kept, the links in (index.html is JupyterLite's:
        # it holds the site's settings and leads into the lab)
        (out / "start.html").write_text(FRONT_PAGE, encoding="utf-8")
        for pattern in NEVER_LOADED:
            for path in out.glob(pattern):
                path.unlink()
        target = out / "static" / "graphviz"
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(graphviz) as tar:
            for member in ("package/dist/index.js", "package/LICENSE"):
                data = tar.extractfile(member).read()
                (target / Path(member).name).write_bytes(data)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"the site is in {out} ({size / 1e6:.1f} MB): serve the folder, then open start.html "
        f"(or lab/index.html?path=playground.ipynb)")
    return out


def lite_command(args, rest) -> int:
    from simulator.app.commands import fail
    try:
        build(args.outdir)
    except LiteError as e:
        return fail(str(e), 1)
    return 0
