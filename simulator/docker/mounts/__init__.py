"""Docker's mount syntax (-v, --mount, --tmpfs, --volumes-from, names) as docker CLI 26 and dockerd 26 read it."""
# Sources (read at tag v26.1.5 of moby/moby and docker/cli):
#   moby volume/mounts/{linux_parser,windows_parser,parser,validate,volume_copy,mounts}.go,
#   moby daemon/{volumes,create_unix,create_windows,daemon_unix,oci_linux,names}.go,
#   moby volume/local/local.go, volume/service/{store,errors}.go,
#   moby vendor/github.com/moby/sys/mount/flags_unix.go (MergeTmpfsOptions),
#   docker/cli opts/mount.go, cli/compose/loader/volume.go, cli/command/container/{opts,run}.go,
#   Go encoding/csv, strconv, docker/go-units v0.5.0, runc 1.1.5, Linux mm/shmem.c.
# Every function raises DockerError with Docker's own text, without the "docker: " /
# "Error response from daemon: " framing and without a trailing dot.

from __future__ import annotations

from simulator.docker.mounts.gotext import go_clean, go_csv_record, go_quote  # noqa: F401
from simulator.docker.mounts.requests import (CliVolume, MountRequest, MountStartError, TmpfsOptions, run_exit_code, tmpfs_capacity)  # noqa: F401
from simulator.docker.mounts.modes import (CONSISTENCY_MODES, COPY_MODES, LABEL_MODES, MODE_GROUPS, PROPAGATION_MODES, RW_MODES, mode_propagation, mode_read_write, valid_mount_mode)  # noqa: F401
from simulator.docker.mounts.linux import (BIND_RECURSIVE, ROOT_TARGET, cli_bind_spec, cli_parse_volume, config_volume, parse_mount_flag, parse_volume_flag, parse_volume_spec, validate_mount)  # noqa: F401
from simulator.docker.mounts.tmpfs import (MOUNT_FLAG_BITS, MPOL_MODES, PROPAGATION_FLAGS, SETS_FLAG, TMPFS_DATA_KEYS, TMPFS_DEFAULTS, TMPFS_KERNEL_CHECKS, check_tmpfs_at_start, check_tmpfs_target, merge_tmpfs_options, parse_tmpfs_flag, parse_tmpfs_options)  # noqa: F401
from simulator.docker.mounts.names import (RESTRICTED_NAME, RESTRICTED_NAME_CHARS, inherit_mount, parse_volumes_from, validate_container_name, validate_volume_name)  # noqa: F401
from simulator.docker.mounts.windows import (ANONYMOUS_SUBPATH, HostIsDir, WIN_DESTINATION, WIN_HOST_DIR, WIN_RESERVED_NAME, WIN_SPLIT, WIN_VOLUME_NAME, check_tmpfs_target_windows, parse_volume_flag_windows, parse_volume_spec_windows, validate_mount_windows, validate_volume_name_windows)  # noqa: F401
