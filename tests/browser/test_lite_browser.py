"""The course in a browser tab: `layer-lab lite build` into a temporary folder, served on 127.0.0.1 and driven
in headless Chromium with every request that leaves 127.0.0.1 blocked and counted (the kernel's worker
included; service workers are kept out so that no request escapes the count): notebook 01 runs every cell
with its pictures, the playground's lab runs a typed docker command and draws it, in English and in Korean.
Screenshots go to a temporary folder whose path is printed. The build keeps what it downloads in its
cache (~/.cache/layer-lab/lite), so only the first run needs npm and PyPI."""
from __future__ import annotations

import functools
import http.server
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(tempfile.gettempdir()) / "layer-lab-lite-shots"
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def builder(tmp: Path) -> Path:
    """A virtual environment of its own with `layer-lab[lite]` (JupyterLite's build tools stay out of the
    project's .venv, whose JupyterLab must not load the browser kernel's extension); uv's cache first."""
    venv = tmp / "venv"
    uv = [sys.executable, "-m", "uv"]
    subprocess.run(uv + ["venv", "-q", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = uv + ["pip", "install", "-q", "--python", str(python), "-e", f"{ROOT}[lite]"]
    if subprocess.run(install + ["--offline"], capture_output=True).returncode != 0:
        subprocess.run(install, check=True, capture_output=True)
    return venv / "bin" / "layer-lab"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site's folder, built by `layer-lab lite build`."""
    tmp = tmp_path_factory.mktemp("lite")
    out = tmp / "site"
    layer_lab = builder(tmp)
    t0 = time.monotonic()
    done = subprocess.run([str(layer_lab), "lite", "build", str(out)], capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"\nsite built in {time.monotonic() - t0:.0f} s, {size / 1e6:.1f} MB")
    return out


@pytest.fixture(scope="module")
def site(built):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package; ./test installs it as root)")
    out = built
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(site):
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(exist_ok=True)
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")

        def route(r):
            url = r.request.url
            if url.startswith(site + "/") or url.startswith(("data:", "blob:")):
                return r.continue_()
            blocked.append(url)
            return r.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.blocked = blocked
        yield page
        browser.close()
    assert blocked == [], f"requests left 127.0.0.1: {blocked[:10]}"


def open_notebook(page, site: str, path: str) -> float:
    t0 = time.monotonic()
    page.goto(f"{site}/lab/index.html?path={path}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    return time.monotonic() - t0


ALL_RAN = """() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
  return p.length > 0 && p.every((e) => /\\[\\d+\\]/.test(e.textContent)); }"""


def run_all(page) -> None:
    """Run All Cells, then wait until every code cell shows its execution count (none pending, none left)."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(ALL_RAN, timeout=300_000)
    page.wait_for_selector(IDLE, timeout=60_000)


def shot(page, name: str) -> None:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")


def test_the_site_is_under_40_mb_without_the_files_it_never_loads(built):
    size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    assert size < 40_000_000, f"the site is {size / 1e6:.1f} MB (issue 17: under 40 MB)"
    assert not list(built.rglob("*.js.map")) and not list(built.glob("build/fa-*.eot"))
    # the notebooks keep their pictures: an SVG (or HTML) form stays where only its PNG twin went
    notebook = json.loads((built / "files" / "01-filesystem.ipynb").read_text("utf-8"))
    data = [o.get("data", {}) for c in notebook["cells"] for o in c.get("outputs", [])]
    assert any("image/svg+xml" in d for d in data)
    assert not any("image/png" in d and ("image/svg+xml" in d or "text/html" in d) for d in data)


def test_the_first_page_says_where_work_is_kept_and_links_the_course(site, page):
    page.goto(f"{site}/start.html")
    assert "Your work stays in this browser" in page.locator("body").inner_text()
    page.locator("a", has_text="The Lab (playground)").click()
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.locator(".lm-TabBar-tabLabel", has_text="playground.ipynb").first.wait_for(timeout=30_000)


def test_notebook_01_runs_every_cell_with_its_pictures(site, page):
    ready = open_notebook(page, site, "01-filesystem.ipynb")
    run_all(page)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    pictures = page.locator(".jp-OutputArea-output.jp-RenderedSVG").count()
    shot(page, "lite-01-filesystem")
    print(f"kernel idle {ready:.1f} s after opening")
    assert errors == 0
    assert pictures >= 4, "the notebook's pictures were not drawn (WebAssembly Graphviz)"
    assert page.locator(".jp-OutputArea-output", has_text="the WebAssembly Graphviz").count() == 0


def test_the_playground_lab_runs_a_command_and_draws_it_in_english_and_korean(site, page):
    open_notebook(page, site, "playground.ipynb")
    run_all(page)
    box = page.locator(".layer-lab .lab-command input").first
    box.wait_for(timeout=120_000)
    t0 = time.monotonic()
    box.fill("docker exec web sh -c 'echo hello >> /etc/motd'")
    box.press("Enter")
    page.wait_for_function("() => { const t = document.querySelector('.layer-lab .lab-terminal');"
                           " return t && t.textContent.includes(\"$ docker exec web sh -c 'echo hello >> /etc/motd'\"); }",
                           timeout=60_000)
    page.wait_for_function("() => { const s = document.querySelector('.layer-lab .lab-diagram svg');"
                           " return s && s.textContent.includes('motd'); }", timeout=60_000)
    print(f"command to picture: {time.monotonic() - t0:.2f} s")
    shot(page, "lite-playground-en")
    # Save as scenario: a file the browser downloads, which `layer-lab grade` checks
    page.get_by_text("Save / load the session as a scenario file").click()
    page.locator(".layer-lab button.lab-save").click()
    link = page.locator(".layer-lab .lab-download a[download]").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    handed_in = SHOTS / "handed-in"
    handed_in.mkdir(exist_ok=True)
    saved = handed_in / "student.yaml"
    download.value.save_as(saved)
    assert "echo hello >> /etc/motd" in saved.read_text("utf-8")
    graded = subprocess.run([sys.executable, "-m", "simulator.app.main", "grade", str(handed_in), "--exercise",
                             "02-goal-fresh-folder"], capture_output=True, text=True, cwd=ROOT)
    assert graded.stdout.startswith("student.yaml  not yet"), graded.stdout + graded.stderr
    page.locator(".layer-lab .lab-language select").select_option(label="한국어")
    page.wait_for_function("() => document.querySelector('.layer-lab .lab-narration').textContent.includes('단계')",
                           timeout=60_000)
    page.wait_for_function("() => /[\\uac00-\\ud7a3]/.test(document.querySelector('.layer-lab .lab-diagram svg')"
                           ".textContent)", timeout=60_000)
    shot(page, "lite-playground-ko")
