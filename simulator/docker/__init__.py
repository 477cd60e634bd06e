"""The Docker engine (dockerd 26.1.5's rules for storage): images and their layers, containers
with their writable layer and mounts, volumes, the mount rules of `-v`/`--mount`/`--tmpfs`
(`mounts`), compose files (`composefile`), the offline catalog of official images (`catalog`,
`pull`). It builds on simulator.fs and tells what it did with simulator.events.

    engine = Engine()
    engine.images["app"] = Image(...)            # or pull(engine, "nginx")
    c = engine.new_container("web", image, plans, anon_targets, ...)
    engine.start(c); engine.namespace(c)          # what the container's processes see
"""
from simulator.docker import apidocs, catalog, diskusage, localdriver, composefile, mounts, units
from simulator.docker.catalog import CATALOG_NOW, programs, split_ref
from simulator.docker.archive import check_writable, copy_namespace
from simulator.docker.container import DATA_ROOT, Container, MountPlan
from simulator.docker.engine import Engine, StartError
from simulator.docker.ids import IdGenerator
from simulator.docker.explore import explore as explore_image, why as why_in_image
from simulator.docker.image import Image
from simulator.docker.imageload import ArchiveError, LoadedLayer, read_archive, read_layer_file
from simulator.docker.imagesave import save as save_image
from simulator.docker.pull import Pulled, known_names, pull
from simulator.docker.reference import name_problem
from simulator.docker.tarfmt import BlobReader, TarWriter
from simulator.docker.volumes import VOLUME_SOURCE, Volume

__all__ = ["CATALOG_NOW", "DATA_ROOT", "VOLUME_SOURCE", "ArchiveError", "BlobReader", "Container", "Engine",
           "IdGenerator", "Image", "LoadedLayer", "MountPlan", "Pulled", "StartError", "TarWriter", "Volume", "apidocs",
           "catalog", "check_writable", "composefile", "copy_namespace", "diskusage", "explore_image", "known_names",
           "localdriver", "mounts", "name_problem", "programs", "pull", "read_archive", "read_layer_file", "save_image",
           "split_ref", "units", "why_in_image"]
