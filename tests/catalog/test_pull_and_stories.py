"""docker pull / images / rmi / tag / image inspect on the catalog, `docker run` of an image not
pulled yet, and one storage story per catalog image with a volume."""
import pytest

from simulator.docker import catalog
from simulator.run.session import Session


def run(session, command, code=0):
    r = session.run(command)
    assert r.exit_code == code, (command, r.stdout, r.stderr)
    return r


def volumes_of(session, name):
    c = session.engine.containers[name]
    return {m.path: session.engine.volumes[m.name] for m in c.mounts if m.type == "volume"}


def root_of(volume):
    e = volume.fs.tree.get("/")
    return format(e.mode, "04o"), e.uid, e.gid


def test_pull_prints_one_line_per_layer_the_digest_and_the_status():
    s = Session()
    r = run(s, "docker pull nginx")
    nginx = catalog.lookup("nginx")
    assert r.stdout == ("Using default tag: latest\nlatest: Pulling from library/nginx\n"
                        + "".join(f"{layer.digest[7:19]}: Pull complete\n" for layer in nginx.layers)
                        + f"Digest: {nginx.digest}\nStatus: Downloaded newer image for nginx:latest\n"
                        "docker.io/library/nginx:latest\n")
    again = run(s, "docker pull nginx:latest")
    assert again.stdout == (f"latest: Pulling from library/nginx\nDigest: {nginx.digest}\n"
                            "Status: Image is up to date for nginx:latest\ndocker.io/library/nginx:latest\n")
    assert run(s, "docker pull -q nginx").stdout == "docker.io/library/nginx:latest\n"


def test_a_shared_base_layer_already_exists_and_is_stored_once():
    s = Session()
    run(s, "docker pull redis")
    r = run(s, "docker pull postgres:16")
    lines = r.stdout.splitlines()
    assert lines[1] == "6b37362b3da7: Already exists"
    assert lines.count("6b37362b3da7: Already exists") == 1 and "Pull complete" in lines[2]
    redis, pg = s.engine.images["redis"], s.engine.images["postgres:16"]
    assert redis.layers[0] is pg.layers[0]


def test_an_image_the_catalog_lacks_gets_dockers_error_then_the_simulators_note():
    s = Session()
    r = run(s, "docker pull nosuchimage", code=1)
    assert r.stdout == "Using default tag: latest\n"
    first, note = r.stderr.splitlines()
    assert first == ("Error response from daemon: pull access denied for nosuchimage, repository does not exist "
                     "or may require 'docker login': denied: requested access to the resource is denied")
    assert note.startswith("(Layer Lab) ") and "nginx" in note and "postgres" in note
    r = run(s, "docker run -d nosuchimage", code=125)
    lines = r.stderr.splitlines()
    assert lines[0] == "Unable to find image 'nosuchimage:latest' locally"
    assert lines[1].startswith("docker: Error response from daemon: pull access denied for nosuchimage,")
    assert lines[1].endswith("requested access to the resource is denied.")
    assert lines[2] == "See 'docker run --help'."
    assert lines[3].startswith("(Layer Lab) ")
    assert s.engine.containers == {} and s.engine.images == {}


def test_run_pulls_a_catalog_image_first_on_stderr():
    s = Session()
    r = run(s, "docker run -d --name web nginx")
    assert r.stderr.startswith("Unable to find image 'nginx:latest' locally\nlatest: Pulling from library/nginx\n")
    assert r.stderr.endswith("Status: Downloaded newer image for nginx:latest\n")
    assert r.stdout == s.engine.containers["web"].id + "\n"
    assert s.engine.containers["web"].running           # a server keeps running
    second = run(s, "docker run -d --name web2 nginx")
    assert second.stderr == ""


def test_images_tag_rmi_and_inspect():
    s = Session()
    run(s, "docker pull postgres:16")
    run(s, "docker tag postgres:16 mydb:v1")
    table = run(s, "docker images").stdout.splitlines()
    assert table[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    rows = [line.split() for line in table[1:]]
    assert ["postgres", "16"] in [r[:2] for r in rows] and ["mydb", "v1"] in [r[:2] for r in rows]
    assert {r[2] for r in rows} == {"1b3c642526f8"}
    assert run(s, "docker images postgres").stdout.count("\n") == 2
    doc = run(s, "docker image inspect -f '{{json .RepoTags}} {{.Config.Entrypoint}} {{.Config.StopSignal}}'"
                 " postgres:16").stdout
    assert doc == '["mydb:v1","postgres:16"] [docker-entrypoint.sh] SIGINT\n'
    assert run(s, "docker rmi mydb:v1").stdout == "Untagged: mydb:v1\n"
    out = run(s, "docker rmi postgres:16").stdout.splitlines()
    assert out[:2] == ["Untagged: postgres:16", f"Untagged: postgres@{catalog.lookup('postgres:16').digest}"]
    assert out[2] == "Deleted: sha256:1b3c642526f8d274b12bdcd93b90aeb7e68a1f59eb20613adb96ed561c01d98c"
    assert len(out) == 3 + 14                                # every layer went with it
    assert s.engine.images == {}


# ---- one storage story per image with a volume --------------------------------------------------
def test_postgres_16_leaves_one_anonymous_volume_at_its_data_dir_owned_by_999():
    s = Session()
    run(s, "docker run -d --name db postgres:16")
    c = s.engine.containers["db"]
    assert not c.running and c.exit_code == 1               # no POSTGRES_PASSWORD: the entrypoint stops
    assert "superuser password is not specified" in c.logs
    vols = volumes_of(s, "db")
    assert list(vols) == ["/var/lib/postgresql/data"] and len(s.engine.volumes) == 1
    v = vols["/var/lib/postgresql/data"]
    assert v.anonymous and root_of(v) == ("0700", 999, 999)  # filled from the image (1777), then chmod 700


def test_postgres_16_with_a_password_initialises_its_data_in_the_volume_as_999():
    s = Session()
    run(s, "docker run -d --name db -e POSTGRES_PASSWORD=secret postgres:16")
    assert s.engine.containers["db"].running
    v = volumes_of(s, "db")["/var/lib/postgresql/data"]
    pg_version = v.fs.tree.get("/PG_VERSION")
    assert pg_version.blob.to_bytes() == b"16\n" and (pg_version.uid, pg_version.mode) == (999, 0o600)
    assert v.fs.tree.get("/pg_wal").uid == 999
    run(s, "docker rm -f db")
    run(s, f"docker run -d --name db2 -e POSTGRES_PASSWORD=x -v {v.name}:/var/lib/postgresql/data postgres:16")
    assert "Skipping initialization" in s.engine.containers["db2"].logs


def test_postgres_18_keeps_its_data_below_var_lib_postgresql_and_refuses_the_old_path():
    s = Session()
    run(s, "docker run -d --name new -e POSTGRES_PASSWORD=x postgres")
    v = volumes_of(s, "new")["/var/lib/postgresql"]
    assert v.fs.tree.get("/18/docker/PG_VERSION").blob.to_bytes() == b"18\n"
    assert (v.fs.tree.get("/18").uid, v.fs.tree.get("/18/docker").uid) == (0, 999)   # chown of $PGDATA only
    run(s, "docker run -d --name old -e POSTGRES_PASSWORD=x -v pgdata:/var/lib/postgresql/data postgres")
    c = s.engine.containers["old"]
    assert not c.running and c.exit_code == 1
    assert "Error: in 18+, these Docker images are configured" in c.logs
    assert "/var/lib/postgresql/data (unused mount/volume)" in c.logs
    assert sorted(volumes_of(s, "old")) == ["/var/lib/postgresql", "/var/lib/postgresql/data"]


@pytest.mark.parametrize("image,path,env", [("mysql", "/var/lib/mysql", "MYSQL_ROOT_PASSWORD"),
                                            ("mariadb", "/var/lib/mysql", "MARIADB_ROOT_PASSWORD")])
def test_mysql_and_mariadb_need_a_password_and_own_their_volume(image, path, env):
    s = Session()
    run(s, f"docker run -d --name d1 {image}")
    c = s.engine.containers["d1"]
    assert c.exit_code == 1 and "[ERROR] [Entrypoint]: Database is uninitialized" in c.logs
    v = volumes_of(s, "d1")[path]
    assert v.anonymous and root_of(v)[1:] == (999, 999)
    run(s, f"docker run -d --name d2 -e {env}=x {image}")
    assert s.engine.containers["d2"].running
    assert volumes_of(s, "d2")[path].fs.tree.get("/mysql").uid == 999


def test_mongo_leaves_two_anonymous_volumes():
    s = Session()
    run(s, "docker run -d --name mg mongo")
    vols = volumes_of(s, "mg")
    assert sorted(vols) == ["/data/configdb", "/data/db"] and all(v.anonymous for v in vols.values())
    assert all(root_of(v)[1] == 999 for v in vols.values())
    assert vols["/data/db"].fs.tree.get("/WiredTiger.lock").blob.to_bytes() == b"WiredTiger lock file\n"


def test_wordpress_copies_itself_into_its_volume_as_www_data():
    s = Session()
    run(s, "docker run -d --name wp wordpress")
    v = volumes_of(s, "wp")["/var/www/html"]
    htaccess = v.fs.tree.get("/.htaccess")
    assert htaccess is not None and (htaccess.uid, htaccess.gid) == (33, 33)
    assert "WordPress not found in /var/www/html - copying now..." in s.engine.containers["wp"].logs


def test_registry_keeps_its_blobs_in_a_volume():
    s = Session()
    run(s, "docker run -d --name reg registry")
    assert list(volumes_of(s, "reg")) == ["/var/lib/registry"] and s.engine.containers["reg"].running


def test_nginx_serves_its_web_root_and_a_bind_mount_hides_it():
    s = Session()
    s.run("mkdir -p /site && echo hello > /site/index.html")
    run(s, "docker run -d --name web -v /site:/usr/share/nginx/html nginx")
    assert run(s, "docker exec web cat /usr/share/nginx/html/index.html").stdout == "hello\n"
    assert "Welcome to nginx!" in run(s, "docker run --rm nginx cat /usr/share/nginx/html/index.html").stdout
    assert run(s, "docker diff web").stdout.splitlines()[:2] == ["C /run", "A /run/nginx.pid"]


def test_redis_data_dir_is_owned_by_999_and_a_command_replaces_the_server():
    s = Session()
    run(s, "docker run -d --name rd redis")
    assert s.engine.containers["rd"].running and volumes_of(s, "rd") == {}
    out = run(s, "docker run --rm redis ls -ld /data").stdout
    assert out.split()[2:4] == ["redis", "redis"]


@pytest.mark.parametrize("image", ["node", "python"])
def test_an_interpreter_without_a_terminal_exits_at_once(image):
    s = Session()
    r = run(s, f"docker run --name it1 {image}")
    assert r.stdout == "" and s.engine.containers["it1"].exit_code == 0 and not s.engine.containers["it1"].running
    assert run(s, f"docker run --rm {image} cat /etc/passwd").stdout.startswith("root:x:0:0:")


def test_image_subcommands_usage_and_ages():
    s = Session()
    assert run(s, "docker image pull redis").stdout.endswith("docker.io/library/redis:latest\n")
    rows = run(s, "docker history redis").stdout.splitlines()[1:]
    assert rows and all(r.split()[1:3] == ["2", "months"] for r in rows)     # catalog clock: 2026-12-01
    assert run(s, "docker images redis").stdout.splitlines()[1].split()[3:6] == ["2", "months", "ago"]
    r = run(s, "docker pull", code=1)
    assert r.stderr.startswith('"docker pull" requires exactly 1 argument.')
    assert run(s, "docker pull NGINX", code=1).stderr == ("invalid reference format: repository name (NGINX) "
                                                          "must be lowercase\n")
    assert run(s, "docker image tag redis cache:1").exit_code == 0 and "cache:1" in s.engine.images
