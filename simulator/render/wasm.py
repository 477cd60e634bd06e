"""Graphviz as WebAssembly, for Python in a browser tab (Pyodide in a JupyterLite site: `layer-lab lite build`).

There, no program can run: the renderer is `@hpcc-js/wasm-graphviz` (Graphviz 16.1 compiled to
WebAssembly), which the site carries in `static/graphviz/index.js`. It is an ES module whose loading is
asynchronous: `start()` begins it (importing simulator.render does, so it is ready by the first
picture); `layout()` is synchronous once it is loaded. A picture asked for before that waits for it
where Pyodide can wait (JSPI: `run_sync`), and otherwise says it is still loading (its text twin shows).

The layout may differ from graphviz-pure's (another build of Graphviz, the browser's fonts): pictures
the project stores and compares are always graphviz-pure's. There is no PNG in the browser: the SVG is
shown with the browser's own fonts, Hangul included.
"""
from __future__ import annotations

import json
import sys

GRAPHVIZ_JS = "../graphviz/index.js"           # from the site's static/pyodide/ (Pyodide's indexURL)
_state: dict = {"promise": None, "graphviz": None, "error": ""}


def in_browser() -> bool:
    return sys.platform == "emscripten"


def _index_url() -> str:
    """Where Pyodide was loaded from (the site's static/pyodide/), as an absolute URL."""
    try:
        import pyodide_js
        return str(pyodide_js._api.config.indexURL)
    except (ImportError, AttributeError):
        import js
        here = str(js.location.href)           # the kernel's worker: SITE/extensions/.../static/x.js
        return here.split("/extensions/", 1)[0] + "/static/pyodide/"


def start() -> None:
    """Begin loading the WebAssembly Graphviz (once; nothing outside the browser)."""
    if not in_browser() or _state["promise"] is not None:
        return
    from urllib.parse import urljoin

    from pyodide.code import run_js
    url = urljoin(_index_url(), GRAPHVIZ_JS)
    promise = run_js(f"import({json.dumps(url)}).then((m) => m.Graphviz.load())")
    _state["promise"] = promise

    def loaded(graphviz):
        _state["graphviz"] = graphviz

    def failed(error):
        _state["error"] = str(error)

    promise.then(loaded, failed)


def ready() -> bool:
    return _state["graphviz"] is not None


def layout(dot_source: str) -> str:
    """The SVG of a DOT source, laid out by the WebAssembly Graphviz."""
    from simulator.render.errors import RenderError
    start()
    if _state["graphviz"] is None and not _state["error"]:
        try:
            from pyodide.ffi import can_run_sync, run_sync
        except ImportError:                    # an older Pyodide: no waiting from synchronous code
            can_run_sync = None
        if can_run_sync is not None and can_run_sync():
            _state["graphviz"] = run_sync(_state["promise"])
    if _state["error"]:
        raise RenderError(f"the WebAssembly Graphviz could not be loaded: {_state['error']}")
    if _state["graphviz"] is None:
        raise RenderError("the WebAssembly Graphviz is still loading: run the cell again in a moment")
    try:
        return str(_state["graphviz"].layout(dot_source, "svg", "dot"))
    except Exception as e:                     # a JsException from Graphviz: the DOT it could not lay out
        raise RenderError(f"Graphviz (WebAssembly) failed: {e}") from e
