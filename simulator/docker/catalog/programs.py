"""What a catalog image's entrypoint does to storage when its container starts.

The official images' entrypoints are bash scripts the simulated BusyBox cannot run (and the
catalog does not ship their text). What they do to files is modelled here, one function per
image, from the scripts named in each catalog file; the server they start then keeps running
until `docker stop` (the result's `code` is None). A command that is not the image's server
(`docker run postgres ls /`) is what the entrypoints `exec "$@"`: it runs as it is.

Left out, said once here: the servers' own output (only the entrypoints' own lines are
logged), and what the servers write while running beyond the files named below. The mysql
and mariadb entrypoints stamp their lines with `date`; the simulator prints the catalog's
fixed clock (catalog.CATALOG_NOW) there, so the same scenario gives the same output.
"""
from __future__ import annotations

from dataclasses import dataclass

from simulator.fs import paths
from simulator.fs import Blob
from simulator.fs import Cred
from simulator.errors import FsError

ROOT = Cred(0, 0, (0,))
STAMP = "2026-12-01 00:00:00+00:00"      # catalog.CATALOG_NOW as `date --rfc-3339=seconds` prints it


@dataclass
class Outcome:
    code: int | None = None          # None: the server keeps running
    out: str = ""
    err: str = ""
    exec_argv: list | None = None    # the entrypoint exec's these arguments instead


def start(program: str, engine, c, ns, argv: list, env: dict, cred: Cred) -> Outcome | None:
    """Run the image's entrypoint on `argv` (the container's full command). None: not the
    image's own entrypoint (a command that replaced it); the caller runs argv as it is."""
    entrypoint = list(c.image.entrypoint or [])
    if entrypoint:
        if argv[:len(entrypoint)] != entrypoint:
            return None
        args = argv[len(entrypoint):]
    else:
        args = list(argv)
    handler = PROGRAMS.get(program)
    if handler is None:
        return None
    return handler(ns, args, env, cred, c)


# ---- helpers: what the scripts do, through the container's namespace (so narration sees it) ----
def _mkdir_p(ns, path: str, cred: Cred, mode: int = 0o755) -> None:
    for q in paths.prefixes(path):
        if ns.find(q) is None:
            ns.mkdir(q, mode, cred=cred)


def _chown_not_owned(ns, top: str, uid: int, gid: int | None = None) -> None:
    """`find TOP \\! -user UID -exec chown UID[:GID] {} +` (symbolic links left alone)."""
    stack = [top]
    while stack:
        p = stack.pop()
        try:
            st = ns.lstat(p)
        except FsError:
            continue
        e = st.entry
        if e.kind != "symlink" and e.uid != uid:
            ns.chown(p, uid, e.gid if gid is None else gid)
        if e.kind == "dir":
            stack.extend(paths.join(p, n) for n in ns.listdir(p))


def _size(ns, path: str) -> int:
    e = ns.find(path)
    return e.size if e is not None and e.kind == "file" else 0


def _write(ns, path: str, data, cred: Cred, mode: int = 0o600) -> None:
    blob = data if isinstance(data, Blob) else Blob.of(data)
    ns.write(path, blob, cred=cred, create_mode=mode)


# ---- postgres (docker-library/postgres docker-entrypoint.sh, 16 and 18) ----------------------
PG_NO_PASSWORD = """Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
"""
PG_OLD_DATA = """Error: in 18+, these Docker images are configured to store database data in a
       format which is compatible with "pg_ctlcluster" (specifically, using
       major-version-specific directory names).  This better reflects how
       PostgreSQL itself works, and how upgrades are to be performed.

       See also https://github.com/docker-library/postgres/pull/1259

       Counter to that, there appears to be PostgreSQL data in:
         {dirs}

       This is usually the result of upgrading the Docker image without
       upgrading the underlying database using "pg_upgrade" (which requires both
       versions).

       The suggested container configuration for 18+ is to place a single mount
       at /var/lib/postgresql which will then place PostgreSQL data in a
       subdirectory, allowing usage of "pg_upgrade --link" without mount point
       boundary issues.

       See https://github.com/docker-library/postgres/issues/37 for a (long)
       discussion around this process, and suggestions for how to do so.
"""
PG_INIT_DONE = "\nPostgreSQL init process complete; ready for start up.\n\n"
PG_EXISTS = "\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n"
# initdb's data directory (PostgreSQL docs, "Database File Layout"): 0700 directories and 0600
# files of the postgres user. PG_VERSION, pg_control's 8192 bytes, the 16 MiB first WAL
# segment and postgresql.auto.conf's text are exact; the databases' and configuration files'
# sizes are approximate (about 7.5 MB per database of a fresh cluster).
PG_DIRS = ("base", "base/1", "base/4", "base/5", "global", "pg_commit_ts", "pg_dynshmem", "pg_logical",
           "pg_multixact", "pg_notify", "pg_replslot", "pg_serial", "pg_snapshots", "pg_stat", "pg_stat_tmp",
           "pg_subtrans", "pg_tblspc", "pg_twophase", "pg_wal", "pg_xact")
PG_AUTO_CONF = "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n"


def postgres(ns, args, env, cred, c) -> Outcome:
    if args and args[0].startswith("-"):
        args = ["postgres"] + args
    if not args or args[0] != "postgres" or any(a in ("--help", "--describe-config", "-V", "--version")
                                                 for a in args[1:]):
        return Outcome(exec_argv=args)
    pgdata = env.get("PGDATA", "/var/lib/postgresql/data")
    major = env.get("PG_MAJOR", "")
    exists = _size(ns, paths.join(pgdata, "PG_VERSION")) > 0
    old = []
    if not exists and pgdata == f"/var/lib/postgresql/{major}/docker":
        candidates = ["/var/lib/postgresql", "/var/lib/postgresql/data"]
        top = ns.find("/var/lib/postgresql")
        if top is not None and top.kind == "dir":
            candidates += [f"/var/lib/postgresql/{n}/docker" for n in sorted(ns.listdir("/var/lib/postgresql"))]
        old = [d for d in candidates if _size(ns, paths.join(d, "PG_VERSION")) > 0]
        if not old and major.isdigit() and int(major) >= 18 and ns.is_mount_point("/var/lib/postgresql/data"):
            old = ["/var/lib/postgresql/data (unused mount/volume)"]
    # docker_create_db_directories, as the container's user (root by default)
    _mkdir_p(ns, pgdata, cred)
    try:
        ns.chmod(pgdata, 0o700, cred=cred)
    except FsError:
        pass
    try:
        _mkdir_p(ns, "/var/run/postgresql", cred)
        ns.chmod("/var/run/postgresql", 0o3775, cred=cred)
    except FsError:
        pass
    if cred.uid == 0:
        _chown_not_owned(ns, pgdata, 999)
        _chown_not_owned(ns, "/var/run/postgresql", 999)
        cred = Cred(999, 999, (999,))          # exec gosu postgres
    if exists:
        return Outcome(None, PG_EXISTS)
    if not env.get("POSTGRES_PASSWORD") and env.get("POSTGRES_HOST_AUTH_METHOD") != "trust":
        return Outcome(1, "", PG_NO_PASSWORD)
    if old:
        return Outcome(1, "", PG_OLD_DATA.format(dirs=" ".join(old)))
    _initdb(ns, pgdata, major, cred)
    return Outcome(None, PG_INIT_DONE)


def _initdb(ns, pgdata: str, major: str, cred: Cred) -> None:
    for d in PG_DIRS:
        ns.mkdir(paths.join(pgdata, d), 0o700, cred=cred)
    _write(ns, paths.join(pgdata, "PG_VERSION"), f"{major}\n", cred)
    for oid in ("1", "4", "5"):
        _write(ns, paths.join(pgdata, f"base/{oid}/.unlisted-files"), Blob.zeros(7_500_000), cred)
    _write(ns, paths.join(pgdata, "global/pg_control"), Blob.zeros(8192), cred)
    _write(ns, paths.join(pgdata, "pg_wal/000000010000000000000001"), Blob.zeros(16 * 1024 * 1024), cred)
    _write(ns, paths.join(pgdata, "postgresql.auto.conf"), PG_AUTO_CONF, cred)
    _write(ns, paths.join(pgdata, "postgresql.conf"), Blob.zeros(30_000), cred)
    _write(ns, paths.join(pgdata, "pg_hba.conf"), Blob.zeros(5_700), cred)
    _write(ns, paths.join(pgdata, "pg_ident.conf"), Blob.zeros(2_700), cred)
    _write(ns, paths.join(pgdata, "postmaster.pid"), Blob.zeros(100), cred)


# ---- nginx (nginxinc/docker-nginx docker-entrypoint.sh; nginx at start) ----------------------
def nginx(ns, args, env, cred, c) -> Outcome:
    if not args or args[0] not in ("nginx", "nginx-debug"):
        return Outcome(exec_argv=args)
    me = "/docker-entrypoint.sh"
    log = []
    quiet = bool(env.get("NGINX_ENTRYPOINT_QUIET_LOGS"))
    files = []
    if ns.find("/docker-entrypoint.d") is not None:
        files = sorted(n for n in ns.listdir("/docker-entrypoint.d")
                       if ns.stat(paths.join("/docker-entrypoint.d", n)).entry.kind == "file")
    if files:
        log.append(f"{me}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration")
        log.append(f"{me}: Looking for shell scripts in /docker-entrypoint.d/")
        for n in files:
            p = f"/docker-entrypoint.d/{n}"
            executable = ns.stat(p).entry.mode & 0o111
            if n.endswith(".envsh"):
                log.append(f"{me}: Sourcing {p}" if executable else f"{me}: Ignoring {p}, not executable")
            elif n.endswith(".sh"):
                log.append(f"{me}: Launching {p}" if executable else f"{me}: Ignoring {p}, not executable")
            else:
                log.append(f"{me}: Ignoring {p}")
        log.append(f"{me}: Configuration complete; ready for start up")
    else:
        log.append(f"{me}: No files found in /docker-entrypoint.d/, skipping configuration")
    # nginx itself: the package's temp directories (0700, the worker user nginx) and its pid file
    for d in ("client_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
        p = f"/var/cache/nginx/{d}"
        if ns.find(p) is None:
            _mkdir_p(ns, "/var/cache/nginx", ROOT)
            ns.mkdir(p, 0o700, cred=ROOT)
            ns.chown(p, 101, 0)
    _write(ns, "/run/nginx.pid", "1\n", ROOT, 0o644)
    return Outcome(None, "" if quiet else "".join(line + "\n" for line in log))


# ---- httpd (docker-library/httpd httpd-foreground) ------------------------------------------
def httpd(ns, args, env, cred, c) -> Outcome:
    if args[:1] != ["httpd-foreground"]:
        return Outcome(exec_argv=args)
    pid = "/usr/local/apache2/logs/httpd.pid"
    if ns.find(pid) is not None:
        ns.unlink(pid, cred=cred)
    _write(ns, pid, "1\n", cred, 0o644)
    return Outcome(None)


# ---- redis (docker-library/redis docker-entrypoint.sh) --------------------------------------
def redis(ns, args, env, cred, c) -> Outcome:
    if args and (args[0].startswith("-") or args[0].endswith(".conf")):
        args = ["redis-server"] + args
    if not args or args[0] != "redis-server":
        return Outcome(exec_argv=args)
    if cred.uid == 0:
        _chown_not_owned(ns, c.workdir or "/data", 999)
    return Outcome(None)


# ---- databases that refuse to start without a password ------------------------------------------
def _mysql_like(ns, args, env, cred, c, server: str, datadir: str, needs: tuple, error: str, run_dirs) -> Outcome:
    if args and args[0].startswith("-"):
        args = [server] + args
    if not args or args[0] != server:
        return Outcome(exec_argv=args)
    _mkdir_p(ns, datadir, cred)
    if cred.uid == 0:
        _chown_not_owned(ns, datadir, 999, 999)
        for d in run_dirs:
            if ns.find(d) is not None:
                _chown_not_owned(ns, d, 999, 999)
        cred = Cred(999, 999, (999,))
    if ns.find(paths.join(datadir, "mysql")) is not None:
        return Outcome(None)
    if not any(env.get(v) for v in needs):
        return Outcome(1, "", f"{STAMP} [ERROR] [Entrypoint]: {error}\n")
    ns.mkdir(paths.join(datadir, "mysql"), 0o750, cred=cred)
    _write(ns, paths.join(datadir, "mysql/.unlisted-files"), Blob.zeros(25_000_000), cred, 0o640)
    return Outcome(None, f"{STAMP} [Note] [Entrypoint]: Initializing database files\n")


MYSQL_ERROR = ("Database is uninitialized and password option is not specified\n"
               "    You need to specify one of the following as an environment variable:\n"
               "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD")
MARIADB_ERROR = ("Database is uninitialized and password option is not specified\n\tYou need to specify one of "
                 "MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and "
                 "MARIADB_RANDOM_ROOT_PASSWORD")


def mysql(ns, args, env, cred, c) -> Outcome:
    return _mysql_like(ns, args, env, cred, c, "mysqld", "/var/lib/mysql",
                       ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"),
                       MYSQL_ERROR, ("/var/run/mysqld",))


def mariadb(ns, args, env, cred, c) -> Outcome:
    return _mysql_like(ns, args, env, cred, c, "mariadbd", "/var/lib/mysql",
                       ("MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_HASH", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
                        "MARIADB_RANDOM_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD",
                        "MYSQL_RANDOM_ROOT_PASSWORD"), MARIADB_ERROR, ("/run/mysqld",))


# ---- mongo (docker-library/mongo docker-entrypoint.sh; mongod at start) ----------------------
def mongo(ns, args, env, cred, c) -> Outcome:
    if args and args[0].startswith("-"):
        args = ["mongod"] + args
    if not args or args[0] != "mongod":
        return Outcome(exec_argv=args)
    if cred.uid == 0:
        for d in ("/data/configdb", "/data/db"):
            if ns.find(d) is not None:
                _chown_not_owned(ns, d, 999)
        cred = Cred(999, 999, (999,))
    # mongod's lock files in its dbpath (WiredTiger.lock's text is WiredTiger's own)
    _write(ns, "/data/db/mongod.lock", "1\n", cred)
    _write(ns, "/data/db/WiredTiger.lock", "WiredTiger lock file\n", cred)
    return Outcome(None)


# ---- wordpress (docker-library/wordpress docker-entrypoint.sh) -------------------------------
WP_COPYING = "WordPress not found in {pwd} - copying now...\n"
WP_NOT_EMPTY = "WARNING: {pwd} is not empty! (copying anyhow)\n"
WP_DONE = "Complete! WordPress has been successfully copied to {pwd}\n"


def wordpress(ns, args, env, cred, c) -> Outcome:
    if not args or not (args[0].startswith("apache2") or args[0] == "php-fpm"):
        return Outcome(exec_argv=args)
    pwd = c.workdir or "/var/www/html"
    uid, gid = (33, 33) if cred.uid == 0 else (cred.uid, cred.gid)
    if ns.find(paths.join(pwd, "index.php")) is not None or \
            ns.find(paths.join(pwd, "wp-includes/version.php")) is not None:
        return Outcome(None)
    top = ns.stat(pwd).entry
    if cred.uid == 0 and (top.uid, top.gid) == (0, 0):
        ns.chown(pwd, uid, gid)
    err = WP_COPYING.format(pwd=pwd)
    if any(n != "wp-content" for n in ns.listdir(pwd)):
        err += WP_NOT_EMPTY.format(pwd=pwd)
    # tar --create --directory /usr/src/wordpress --owner U --group G . | tar --extract
    stack = ["/usr/src/wordpress"]
    while stack:
        src = stack.pop()
        for n in sorted(ns.listdir(src)):
            s = paths.join(src, n)
            d = paths.join(pwd, paths.relative_to(s, "/usr/src/wordpress"))
            e = ns.lstat(s).entry
            if e.kind == "dir":
                if ns.find(d) is None:
                    ns.mkdir(d, e.mode, cred=cred)
                    if cred.uid == 0:
                        ns.chown(d, uid, gid)
                stack.append(s)
            elif e.kind == "file" and ns.find(d) is None:
                _write(ns, d, e.blob, cred, e.mode)
                if cred.uid == 0:
                    ns.chown(d, uid, gid)
    return Outcome(None, "", err + WP_DONE.format(pwd=pwd))


def registry(ns, args, env, cred, c) -> Outcome:
    if args and (args[0].endswith((".yaml", ".yml")) or args[0] in ("serve", "garbage-collect", "help")
                 or args[0].startswith("-")):
        return Outcome(None)
    return Outcome(exec_argv=args)


def interpreter(name: str):
    """node and python3 with no program: a REPL whose standard input is closed (no `-it`):
    it reads nothing and exits 0, printing nothing. Anything else runs as given (the
    simulator does not run Node.js or Python programs)."""
    def run(ns, args, env, cred, c) -> Outcome:
        if args == [name]:
            return Outcome(0)
        return Outcome(exec_argv=args)
    return run


PROGRAMS = {"postgres": postgres, "nginx": nginx, "httpd": httpd, "redis": redis, "mysql": mysql,
            "mariadb": mariadb, "mongo": mongo, "wordpress": wordpress, "registry": registry,
            "node": interpreter("node"), "python": interpreter("python3")}
