"""Installed size of `pip install layer-lab` and of `layer-lab[lab]` (issue 16). Prints figures; asserts nothing.

    python benchmarks/install_size.py [--lab]

Builds the wheel from this checkout, installs it into fresh virtual environments (with uv, from
its cache when the package index is unreachable) and adds up every file the install added: the
`dot` program (graphviz-pure's static binary) on its own line, then the rest, without and with
the bytecode cache (.pyc) that `pip install` writes by default and `uv pip install` does not.
The target: the base install is the `dot` binary plus under 6 MB.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1e6


def uv(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "uv", *args], check=True, stdout=subprocess.DEVNULL)


def files(venv: Path) -> dict[str, int]:
    return {str(p.relative_to(venv)): p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink()}


def install(wheel: Path, extra: str, tmp: Path, compile_: bool) -> dict[str, int]:
    venv = tmp / f"venv-{extra or 'base'}-{int(compile_)}"
    uv("venv", "-q", str(venv))
    before = files(venv)
    spec = f"{wheel}[{extra}]" if extra else str(wheel)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    args = ["pip", "install", "-q", "--python", str(python), spec] + (["--compile-bytecode"] if compile_ else [])
    try:
        uv(*args)
    except subprocess.CalledProcessError:
        uv(*args, "--offline")
    return {k: v for k, v in files(venv).items() if k not in before}


def report(label: str, added: dict[str, int]) -> None:
    dot = sum(v for k, v in added.items() if Path(k).name in ("graphviz-pure", "graphviz-pure.exe"))
    pyc = sum(v for k, v in added.items() if k.endswith(".pyc"))
    rest = sum(added.values()) - dot - pyc
    by_dist: dict[str, int] = {}
    for k, v in added.items():
        parts = Path(k).parts
        top = parts[parts.index("site-packages") + 1] if "site-packages" in parts else parts[0]
        by_dist[top] = by_dist.get(top, 0) + v
    print(f"{label}")
    print(f"  dot (graphviz-pure)          {dot / MB:8.2f} MB")
    print(f"  everything else              {rest / MB:8.2f} MB   (target for the base install: under 6)")
    print(f"  + bytecode cache (pip)       {(rest + pyc) / MB:8.2f} MB")
    for name, size in sorted(by_dist.items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {name:<34} {size / MB:6.2f} MB")


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        uv("build", "--wheel", "-q", "-o", str(tmp / "dist"), str(ROOT))
        wheel = next((tmp / "dist").glob("layer_lab-*.whl"))
        print(f"wheel {wheel.name}: {wheel.stat().st_size / MB:.2f} MB")
        base = install(wheel, "", tmp, False)
        base_pyc = install(wheel, "", tmp, True)
        base.update({k: v for k, v in base_pyc.items() if k.endswith(".pyc")})
        report("pip install layer-lab", base)
        if "--lab" in argv:
            lab = install(wheel, "lab", tmp, True)
            report("pip install 'layer-lab[lab]'", lab)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
