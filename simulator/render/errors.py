"""The renderer's one error: a picture could not be drawn (Graphviz missing or failed, or the fonts
of a PNG with wide characters missing); the message says which program or package, and what to
install. Its own module, so that the backend and the fonts both import it at the top."""
from __future__ import annotations


class RenderError(RuntimeError):
    """Graphviz is missing or failed; the message says which program and what to install."""
