"""Small builders shared by the tests: an image from a dict, a container-like namespace."""
from __future__ import annotations

from simulator.fs.imageview import ImageView
from simulator.run.layerspec import build_layer
from simulator.fs.namespace import Mount, Namespace
from simulator.fs.overlay import OverlayFS
from simulator.fs.tree import Tree
from simulator.fs.entries import describe
from simulator.run.statedoc import rootfs_listing


def layers_from(*specs):
    layers = []
    for i, spec in enumerate(specs):
        layers.append(build_layer(spec, ImageView(layers) if layers else None, f"layer{i}"))
    return layers


def container_ns(*specs, name="web"):
    """A namespace whose root is an overlay of fresh writable layer over these layers."""
    overlay = OverlayFS(ImageView(layers_from(*specs)), Tree(), "app", None)
    events: list = []
    ns = Namespace(Mount("/", overlay, label="upper"), name, events)
    return ns, overlay, events


def upper_doc(overlay) -> dict:
    return {p: describe(e) for p, e in overlay.upper.walk()}


def view_doc(ns) -> dict:
    return rootfs_listing(ns)
