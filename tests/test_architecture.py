"""The house rules, read from the code: which package may import which (top-level and lazy imports
alike), only through the other package's face (its __init__'s __all__), no cycles between
packages, no module over 400 lines without a reason, and a model that loads no view library."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "simulator"

# package -> the packages it may import (README.md "Layout" has the same table)
ALLOWED = {
    "fs": set(),
    "docker": {"fs"},
    "shell": {"fs"},
    "cli": {"docker", "fs", "shell"},
    "run": {"cli", "docker", "fs", "shell"},
    "render": {"run", "docker", "fs"},
    "course": {"run", "render"},
    "ui": {"course", "run", "render"},
}
# the shared vocabulary: every package may import these, and they import no package
SHARED = {"errors", "events", "messages"}
# the programs on top (`layer-lab`, `python -m simulator`, `import simulator`): they may import every face
TOP = {"", "__main__", "app"}
# (importing module, imported module): the one lazy hook for Jupyter reprs, from the model up to the renderer
HOOKS = {("simulator.docker.display", "simulator.render.jupyter"):
         "Jupyter shows an Engine, Container, Image or Volume as its diagram: the renderer is imported "
         "only when Jupyter asks (the model itself imports no renderer)"}
LONG = "# long module: "          # the first line of a module over MAX_LINES says why
MAX_LINES = 400


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def package_of(module: str) -> str:
    """simulator.fs.paths -> "fs"; simulator.errors -> "errors"; simulator -> ""."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def is_package(name: str) -> bool:
    return (SIM / name / "__init__.py").is_file()


def exists_module(module: str) -> bool:
    rel = Path(*module.split("."))
    return (ROOT / rel).with_suffix(".py").is_file() or (ROOT / rel / "__init__.py").is_file()


def face(package: str) -> set[str]:
    """The names in a package's __all__, read from its __init__.py without importing it."""
    tree = ast.parse((SIM / package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def imports(module: str, source: str):
    """(line, imported module, names or None, lazy) for every import of a simulator module in `source`,
    at the top or inside a function or class (lazy)."""
    tree = ast.parse(source)
    top = {id(node) for node in tree.body}
    package_parts = module.split(".") if module == "simulator" or source is None else module.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:                       # relative: resolved against the importing module
                base = package_parts if (SIM / "/".join(package_parts[1:]) / "__init__.py").exists() \
                    else package_parts[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([target] if target else []))
            if target == "simulator" or target.startswith("simulator."):
                yield node.lineno, target, [a.name for a in node.names], id(node) not in top
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "simulator" or a.name.startswith("simulator."):
                    yield node.lineno, a.name, None, id(node) not in top


def problems(module: str, source: str) -> list[str]:
    """What is wrong with one module's imports (empty: nothing)."""
    out = []
    here = package_of(module)
    for line, target, names, lazy in imports(module, source):
        where = f"{module}:{line}{' (lazy)' if lazy else ''}"
        # `from simulator import fs, shell`: each name is a package's face (or a shared module)
        pairs = [(f"simulator.{n}", None) for n in names] if target == "simulator" and names else [(target, names)]
        for imported, imported_names in pairs:
            there = package_of(imported)
            if (module, imported) in HOOKS:
                continue
            if there == here:
                if imported == f"simulator.{here}" and imported_names and is_package(here) and here not in TOP:
                    # inside a package, modules import modules, never their own face
                    own_face = [n for n in imported_names if not exists_module(f"{imported}.{n}")]
                    if own_face:
                        out.append(f"{where}: imports {', '.join(own_face)} from its own package's face "
                                   f"(import the module that defines it)")
                continue
            if here in TOP or there == "" and imported == "simulator":
                allowed = True
            elif here in SHARED:
                allowed = False
            else:
                allowed = there in SHARED or there in ALLOWED.get(here, set())
            if not allowed:
                out.append(f"{where}: {here or 'simulator'} may not import {there} ({imported}); "
                           f"{here} may import {', '.join(sorted(ALLOWED.get(here, set()) | SHARED)) or 'nothing'}")
                continue
            if is_package(there):
                if imported != f"simulator.{there}":
                    out.append(f"{where}: imports {imported}, inside {there}: go through its face, "
                               f"`from simulator.{there} import ...` (add the name to its __all__)")
                elif imported_names is not None:
                    missing = sorted(set(imported_names) - face(there))
                    if missing:
                        out.append(f"{where}: {', '.join(missing)} not in simulator.{there}'s __all__")
    return out


def modules() -> list[tuple[str, Path]]:
    return [(module_name(p), p) for p in sorted(SIM.rglob("*.py"))]


def package_edges() -> set[tuple[str, str]]:
    edges = set()
    for module, path in modules():
        for _, target, names, _ in imports(module, path.read_text(encoding="utf-8")):
            if (module, target) in HOOKS:
                continue
            targets = [f"simulator.{n}" for n in names] if target == "simulator" and names else [target]
            for t in targets:
                a, b = package_of(module), package_of(t)
                if a != b and b and a not in TOP:
                    edges.add((a, b))
    return edges


def cycle(edges) -> list[str]:
    """A cycle among the packages, or []."""
    graph: dict = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    state: dict = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state:
                found = visit(nxt, trail + [nxt])
                if found:
                    return found
        state[node] = "done"
        return []

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return []


# ---- the rules, on the real code ----------------------------------------------------------------
def test_every_import_goes_the_allowed_way_through_a_face():
    found = [p for module, path in modules() for p in problems(module, path.read_text(encoding="utf-8"))]
    assert not found, "imports against the layout (README.md, Layout):\n" + "\n".join(found)


def test_no_cycles_between_packages():
    assert cycle(package_edges()) == []


def test_the_allowed_directions_have_no_cycle_and_name_real_packages():
    assert cycle({(a, b) for a, bs in ALLOWED.items() for b in bs}) == []
    for name in set(ALLOWED) | {"app"}:
        assert is_package(name), name
    for name in SHARED:
        assert is_package(name) or (SIM / f"{name}.py").is_file(), name


def test_every_package_has_a_face():
    for name in ALLOWED:
        init = (SIM / name / "__init__.py").read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(init)), f"simulator/{name}/__init__.py needs a docstring"
        assert face(name), f"simulator/{name}/__init__.py needs an __all__"


def test_the_hook_exists_where_it_is_named():
    for (module, target) in HOOKS:
        path = ROOT / (module.replace(".", "/") + ".py")
        found = [t for _, t, _, lazy in imports(module, path.read_text(encoding="utf-8")) if lazy]
        assert target in found, f"{module} no longer imports {target}: remove it from HOOKS"


def test_no_module_is_long_without_a_reason():
    long = []
    for module, path in modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not (lines[0].startswith(LONG) and len(lines[0]) > len(LONG) + 10):
            long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert not long, (f"modules over {MAX_LINES} lines: split them, or say why on their first line "
                      f"('{LONG}<reason>'):\n" + "\n".join(long))


# ---- the checker catches what it is for (synthetic module sources) -----------------------------
@pytest.mark.parametrize("module,source,expected", [
    ("simulator.fs.tree", "from simulator.docker import Engine\n", "fs may not import docker"),
    ("simulator.fs.tree", "def f():\n    from simulator.run import Session\n", "(lazy): fs may not import run"),
    ("simulator.docker.engine", "import simulator.cli.dispatch\n", "docker may not import cli"),
    ("simulator.course.lesson", "from simulator.ui import Lab\n", "course may not import ui"),
    ("simulator.render.stack", "from simulator import ui\n", "render may not import ui"),
    ("simulator.shell.interp", "from simulator.docker.engine import Engine\n", "shell may not import docker"),
    ("simulator.cli.run", "from simulator.docker.engine import Engine\n", "go through its face"),
    ("simulator.cli.run", "from simulator.docker import no_such_name\n", "no_such_name not in simulator.docker's __all__"),
    ("simulator.docker.engine", "from simulator.docker import Engine\n", "from its own package's face"),
    ("simulator.events", "from simulator.fs import paths\n", "events may not import fs"),
    ("simulator.docker.image", "def f():\n    from simulator.render.jupyter import mimebundle\n",
     "docker may not import render"),
])
def test_a_wrong_import_is_found(module, source, expected):
    found = problems(module, source)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("module,source", [
    ("simulator.cli.run", "from simulator.docker import Engine, mounts\nfrom simulator import shell\n"),
    ("simulator.fs.overlay", "from simulator.fs import paths\nfrom simulator.fs.tree import Tree\n"),
    ("simulator.ui.controller", "from simulator.render import draw\nfrom simulator.errors import FsError\n"),
    ("simulator.docker.display", "def f():\n    from simulator.render.jupyter import mimebundle\n"),
    ("simulator.app.main", "from simulator.ui import LabController\n"),
])
def test_a_right_import_passes(module, source):
    assert problems(module, source) == []


def test_a_cycle_is_found():
    assert cycle({("fs", "docker"), ("docker", "cli"), ("cli", "fs")}) != []
    assert cycle({("cli", "docker"), ("docker", "fs")}) == []


# ---- the model stays pure --------------------------------------------------------------------
VIEW = ("render", "ui", "course", "app")         # the packages that draw, teach or open the Lab
VIEW_LIBRARIES = ("graphviz", "IPython", "ipywidgets", "jupyter_client", "ipykernel")


def model_modules() -> list[str]:
    return [m for m, p in modules() if package_of(m) not in VIEW and not m.endswith("__main__")]


def loaded_by(names: list[str]) -> list[str]:
    code = ("import importlib, sys\n"
            f"for m in {names!r}: importlib.import_module(m)\n"
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.split()


def test_importing_the_model_loads_no_view_library():
    bad = [m for m in loaded_by(model_modules())
           if m.split(".")[0] in VIEW_LIBRARIES or package_of(m) in VIEW and m.startswith("simulator.")]
    assert not bad, f"the model imports view modules: {bad}"


def test_importing_the_renderer_and_the_course_loads_no_jupyter():
    names = [m for m, _ in modules() if package_of(m) in ("render", "course")]
    bad = [m for m in loaded_by(names) if m.split(".")[0] in VIEW_LIBRARIES]
    assert not bad, f"render/course import Jupyter or widget modules: {bad}"


def test_there_are_model_modules_to_check():
    assert "simulator.docker.engine" in model_modules() and "simulator.fs.overlay" in model_modules()
