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
from simulator.docker.container import DATA_ROOT, Container, MountPlan
from simulator.docker.engine import Engine, StartError
from simulator.docker.ids import IdGenerator
from simulator.docker.image import Image
from simulator.docker.pull import Pulled, known_names, pull
from simulator.docker.reference import name_problem
from simulator.docker.volumes import VOLUME_SOURCE, Volume

__all__ = ["apidocs", "diskusage", "localdriver", "CATALOG_NOW", "DATA_ROOT", "VOLUME_SOURCE", "Container", "Engine", "IdGenerator", "Image", "MountPlan",
           "Pulled", "StartError", "Volume", "catalog", "composefile", "known_names", "mounts", "name_problem",
           "programs", "pull", "split_ref", "units"]
