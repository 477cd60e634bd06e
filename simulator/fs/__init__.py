"""The file-system core: what a process sees through its mounts, with the kernel's rules.

Paths (`paths`: normalise, join, parent, ...), file content (`Blob`), entries (`File`, `Dir`,
`Symlink`, `Whiteout`), trees and layers (`Tree`, `Layer`, `ImageView`: the read-only lower
stack), the file systems (`OverlayFS`: copy-up, whiteouts, opaque directories; `PlainFS`:
volumes, binds, tmpfs), a mount namespace over them (`Namespace`, `Mount`, `Cred`: every
system call a command makes, errno-exact, each change an event of simulator.events), Windows
host paths and network storage, and what userland reads and makes (`etctables`: /etc/passwd,
/etc/group, mkdir -p). It imports no other package of the simulator (only the shared
`errors` and `events`).
"""
from simulator.fs import paths
from simulator.fs.content import CONTENT_LIMIT, MATERIALISE_LIMIT, Blob
from simulator.fs.entries import WHITEOUT, Dir, File, Symlink, Whiteout, describe, is_dir, with_changes
from simulator.fs.etctables import group_name, mkdir_p, passwd_entry, read_table, table, user_name
from simulator.fs.imageview import ImageView
from simulator.fs.layer import Layer, describe_layer, implicit_parent
from simulator.fs.namespace import Cred, Mount, Namespace, Stat
from simulator.fs.netstorage import network_host, parse_network_storage
from simulator.fs.overlay import OverlayFS
from simulator.fs.plainfs import PinnedFile, PlainFS
from simulator.fs.tree import Tree
from simulator.fs.winpaths import container_path, host_path, is_windows_path

__all__ = ["CONTENT_LIMIT", "MATERIALISE_LIMIT", "WHITEOUT", "Blob", "Cred", "Dir", "File", "ImageView", "Layer",
           "Mount", "Namespace", "OverlayFS", "PinnedFile", "PlainFS", "Stat", "Symlink", "Tree", "Whiteout",
           "container_path", "describe", "describe_layer", "group_name", "host_path", "implicit_parent", "is_dir",
           "is_windows_path", "mkdir_p", "network_host", "parse_network_storage", "passwd_entry", "paths",
           "read_table", "table", "user_name", "with_changes"]
