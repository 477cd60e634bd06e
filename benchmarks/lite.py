"""The course in a browser tab (issue 17): the site's size, kernel ready and first picture from a cold browser
cache, and a command to its picture. Prints figures; asserts nothing. Targets: under 10 s, 0.3 s, 40 MB.

    python benchmarks/lite.py [SITE]     # SITE: a built site (default: `layer-lab lite build` into a temp folder)

Needs Debian's chromium and Playwright (the browser extra) and, to build, `layer-lab[lite]` in the Python
that runs `layer-lab` (tests/browser/test_lite_browser.py makes one such environment).
"""
from __future__ import annotations

import functools
import http.server
import os
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

COMMANDS = ["docker exec web sh -c 'echo one >> /etc/motd'", "docker exec web rm /etc/motd",
            "docker exec web mkdir /srv/new", "docker run -d --name two app", "docker exec two touch /x"]


MILESTONES = {"jlab_core": "JupyterLab's code", "pyodide.asm.wasm": "Pyodide's runtime (fetched and compiled)",
              "layer_lab-": "the preloaded wheels", "pyodide_kernel-": "the kernel's own wheels",
              "graphviz/index.js": "the WebAssembly Graphviz (its import starts with simulator.render)"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(argv[0]) if argv else Path(tmp) / "site"
        if not argv:
            subprocess.run(["layer-lab", "lite", "build", str(site)], check=True)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((base, "data:", "blob:"))
                          else r.abort())
            page = context.new_page()
            t0 = time.monotonic()
            marks: dict[str, float] = {}          # where the time goes: when the milestones' files arrived
            context.on("requestfinished", lambda r: [marks.setdefault(k, time.monotonic() - t0)
                                                     for k in MILESTONES if k in r.url])
            page.goto(f"{base}/lab/index.html?path=playground.ipynb")
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
            ready = time.monotonic() - t0
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            page.wait_for_selector(".layer-lab .lab-diagram svg", timeout=120_000)
            first = time.monotonic() - t0
            box = page.locator(".layer-lab .lab-command input").first
            times = []
            for i, command in enumerate(COMMANDS, start=2):
                start = time.monotonic()
                box.fill(command)
                box.press("Enter")
                page.wait_for_function("(n) => document.querySelector('.layer-lab .lab-step').textContent"
                                       ".includes(n + ':')", arg=str(i), timeout=60_000)
                page.wait_for_selector(".layer-lab .lab-diagram svg", timeout=60_000)
                times.append(time.monotonic() - start)
            browser.close()
        server.shutdown()
    print(f"site: {size / 1e6:.1f} MB (target under 40); load average before: {load:.1f} on {os.cpu_count()} cores")
    for key, what in MILESTONES.items():
        if key in marks:
            print(f"  {marks[key]:5.1f} s  {what}")
    print(f"notebook's indicator idle (the kernel may still be starting): {ready:.1f} s; "
          f"kernel ready and first picture: {first:.1f} s (target under 10)")
    print(f"a command to its picture: median {statistics.median(times):.2f} s, max {max(times):.2f} s (target 0.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
