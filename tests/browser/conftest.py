"""Real-browser fixtures: JupyterLab 4 and Voilà on loopback (free ports, tokens), headless Debian
Chromium through Playwright. Every server is stopped in a finalizer, on failure too, with the
kernels it started. Skipped, with the reason, when Chromium, Playwright or Jupyter is missing
(`./test` installs them)."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from lab_browser_support import (CHROMIUM, CHROMIUM_ARGS, NOTEBOOK, PROJECTOR_NOTEBOOK, ROOT,  # noqa: E402
                                 SCREENSHOTS, VOILA_TEMPLATES, Server, free_port)

LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real headless Chromium against JupyterLab and Voilà")


def _missing() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (Debian's chromium package; ./test installs it as root)"
    for module in ("playwright", "jupyterlab", "voila", "ipywidgets"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is missing (./test installs it: pip install -e '.[test]')"
    return ""


def pytest_collection_modifyitems(config, items):
    ours = [item for item in items if "browser" in item.keywords]
    reason = _missing() if ours else ""
    for item in ours if reason else ():
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    """A copy of the notebook (the browser's run and JupyterLab's autosave never touch the
    committed one) and private Jupyter settings, with the news prompt turned off."""
    d = tmp_path_factory.mktemp("lab-browser")
    (d / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, d / "notebooks" / NOTEBOOK.name)
    shutil.copy(PROJECTOR_NOTEBOOK, d / "notebooks" / PROJECTOR_NOTEBOOK.name)
    settings = d / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    for sub in ("config", "runtime", "workspaces", "ipython"):
        (d / sub).mkdir()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture
def notebook(workdir, request) -> str:
    """A copy of the playground notebook of this test's own (its own kernel session in JupyterLab:
    a notebook opened again would reuse a kernel already running)."""
    name = "".join(c if c.isalnum() else "-" for c in request.node.name).strip("-") + ".ipynb"
    shutil.copy(NOTEBOOK, workdir / "notebooks" / name)
    return name


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")


def server_env(d: Path) -> dict:
    env = dict(os.environ)
    env.update(JUPYTERLAB_SETTINGS_DIR=str(d / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(d / "workspaces"),
               JUPYTER_CONFIG_DIR=str(d / "config"), JUPYTER_RUNTIME_DIR=str(d / "runtime"),
               IPYTHONDIR=str(d / "ipython"), JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1")
    # the kernel must import this checkout's simulator whatever is installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(VOILA_TEMPLATES), env.get("JUPYTER_PATH")]))
    return env


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def jupyterlab(workdir):
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.open_browser=False",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workdir / 'notebooks'}",
            "--LabApp.expose_app_in_browser=True", *_root_flag()]
    server = Server("jupyter lab", argv, port, token, workdir, server_env(workdir), workdir / "jupyterlab.log")
    try:
        server.wait_ready("/api/status?token=" + token)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def voila(workdir):
    port, token = free_port(), secrets.token_hex(16)
    # the notebooks' folder: each notebook at /voila/render/NAME; Layer Lab's template loads nothing from a CDN
    argv = [sys.executable, "-m", "voila", str(workdir / "notebooks"), "--no-browser", "--template=layer-lab",
            f"--port={port}", "--Voila.ip=127.0.0.1", f"--token={token}"]  # Voilà runs as root as it is
    server = Server("voila", argv, port, token, workdir / "notebooks", server_env(workdir), workdir / "voila.log")
    try:
        server.wait_ready("/voila/static/favicon.ico")   # no token needed; the page itself needs one
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser, width: int, height: int):
    """A page in a fresh context; `page.outside` lists every request for anything not on this machine."""
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(60_000)      # an upper bound on each wait for a state, never a pause
    pg.outside = []
    context.on("request", lambda r: None if r.url.startswith(LOCAL) else pg.outside.append(r.url))
    return context, pg


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


def _close(context, pg, request) -> None:
    """Close the page's context, after a screenshot of it when the test failed (the state it waited for)."""
    try:
        if getattr(request.node, "failed_call", False):
            path = SCREENSHOTS / f"FAILED-{request.node.name}.png"
            pg.screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failure: {path}")
    finally:
        context.close()


@pytest.fixture
def page(browser, request):
    context, pg = _open(browser, 1600, 1300)
    try:
        yield pg
    finally:
        _close(context, pg, request)


@pytest.fixture
def sized_page(browser, request):
    """A page at the viewport of the test's `size` parameter, "WIDTHxHEIGHT"."""
    width, height = map(int, request.node.callspec.params["size"].split("x"))
    context, pg = _open(browser, width, height)
    try:
        yield pg
    finally:
        _close(context, pg, request)
