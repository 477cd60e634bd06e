"""The catalog of official images the simulator can `docker pull`, offline.

Each repository is one YAML file beside this module (README.md: the format and where every
fact comes from). Nothing is read at import time: `lookup` reads a repository's file the
first time one of its images is asked for.
"""
from __future__ import annotations

from simulator.docker.catalog.load import CatalogError, CatalogImage, CatalogLayer, load_repository, repositories

# The simulated "now" against which a pulled image's age is shown (`docker images` CREATED):
# fixed, so the same scenario prints the same bytes on any day; about when the catalog was made.
CATALOG_NOW = "2026-12-01T00:00:00Z"

__all__ = ["CATALOG_NOW", "CatalogError", "CatalogImage", "CatalogLayer", "lookup", "repositories", "tags", "split_ref"]


def split_ref(ref: str) -> tuple[str, str]:
    """"nginx" -> ("nginx", "latest"); "postgres:16" -> ("postgres", "16"); a "docker.io/library/"
    or "library/" prefix is dropped (the official images' registry path)."""
    for prefix in ("docker.io/library/", "index.docker.io/library/", "library/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    name, sep, tag = ref.rpartition(":")
    if not sep or "/" in tag:
        return ref, "latest"
    return name, tag


def lookup(ref: str) -> CatalogImage | None:
    """The catalog image a reference names, or None."""
    name, tag = split_ref(ref)
    return load_repository(name).get(tag)


def tags(repository: str) -> list[str]:
    """Every tag the catalog has for a repository (aliases included), sorted."""
    return sorted(load_repository(repository))
