"""The catalog's data: every image loads, its config is the one its file records, its history
and layers agree, shared layers are one object, and nothing is read at import time."""
import re
import subprocess
import sys
from importlib import resources

import pytest
import yaml

from simulator.docker import catalog
from simulator.docker.catalog.load import docker_created_by, load_repository
from simulator.cli.humanize import human_duration

DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
EXPECTED = {"alpine", "busybox", "debian", "httpd", "mariadb", "mongo", "mysql", "nginx", "node", "postgres",
            "python", "redis", "registry", "ubuntu", "wordpress"}


def raw(repository):
    text = resources.files("simulator.docker.catalog").joinpath(f"{repository}.yaml").read_text()
    return yaml.safe_load(text)


def tag_specs():
    for repository in sorted(EXPECTED):
        for tag, spec in raw(repository)["tags"].items():
            yield repository, str(tag), spec


def test_the_catalog_has_the_official_images_the_course_uses():
    assert EXPECTED <= set(catalog.repositories())


@pytest.mark.parametrize("repository,tag,spec", list(tag_specs()), ids=lambda v: v if isinstance(v, str) else "")
def test_each_image_loads_with_the_config_and_layers_its_file_records(repository, tag, spec):
    image = catalog.lookup(f"{repository}:{tag}")
    assert image is not None and image.tag == tag
    config = spec.get("config") or {}
    for key in ("Entrypoint", "Cmd", "Env", "WorkingDir", "User", "Volumes", "ExposedPorts", "StopSignal", "Labels"):
        given = config.get(key)
        if given is not None:
            assert image.config[key] == given, key
    assert DIGEST.match(image.digest) and DIGEST.match(image.image_id)
    assert len(image.layers) == sum(1 for row in spec["history"] if "L" in row) == len(spec["layers"])
    assert [layer.digest for layer in image.layers] == [layer["digest"] for layer in spec["layers"]]
    assert all(DIGEST.match(layer.digest) for layer in image.layers)
    assert len(image.history) == len(spec["history"])
    assert spec["sources"] and set(spec["sources"]) <= set(raw(repository)["sources"])
    # the ENV rows of the history and the config agree (the config is the sum of the ENV rows)
    for row in spec["history"]:
        text = row.get("E", "")
        if text.startswith("ENV ") and "=" in text and " " not in text[4:].split("=", 1)[0]:
            name = text[4:].split("=", 1)[0]
            assert any(e.startswith(name + "=") for e in image.config["Env"]), name


def test_volumes_and_data_directories_are_the_dockerfiles():
    pg16, pg18 = catalog.lookup("postgres:16"), catalog.lookup("postgres:18")
    assert pg16.config["Volumes"] == ["/var/lib/postgresql/data"]
    assert "PGDATA=/var/lib/postgresql/data" in pg16.config["Env"]
    assert pg18.config["Volumes"] == ["/var/lib/postgresql"]                # docker-library/postgres#1259
    assert "PGDATA=/var/lib/postgresql/18/docker" in pg18.config["Env"]
    assert catalog.lookup("postgres") is pg18                               # latest is 18
    top = pg16.layers[11].entries["/var/lib/postgresql/data"]
    assert (top.mode, top.uid, top.gid) == (0o1777, 999, 999)
    assert catalog.lookup("mongo").config["Volumes"] == ["/data/db", "/data/configdb"]
    assert catalog.lookup("mysql").config["Volumes"] == ["/var/lib/mysql"]
    assert catalog.lookup("wordpress").config["Volumes"] == ["/var/www/html"]
    assert catalog.lookup("redis").config["Volumes"] == []                  # this build has none


def test_a_base_layer_two_images_name_is_one_layer():
    pg, redis, httpd = catalog.lookup("postgres:16"), catalog.lookup("redis"), catalog.lookup("httpd")
    assert pg.layers[0] is redis.layers[0] is httpd.layers[0]
    assert catalog.lookup("mariadb").layers[0] is catalog.lookup("mongo").layers[0]
    assert pg.layers[0].size == redis.layers[0].size


def test_sizes_follow_the_published_compressed_sizes_and_ratio():
    nginx = catalog.lookup("nginx")
    # repo-info: 161.33 MB on disk for this image ID (within the rounding of the ratio)
    assert abs(sum(layer.size for layer in nginx.layers) - 161_330_000) < 500_000
    assert nginx.layers[1].compressed == 33325076


def test_users_added_by_the_build_are_in_etc_passwd():
    pg = catalog.lookup("postgres:16")
    text = pg.layers[1].entries["/etc/passwd"].blob.to_bytes().decode()
    assert text.startswith("root:x:0:0:root:/root:/bin/bash\n")
    assert text.endswith("postgres:x:999:999::/var/lib/postgresql:/bin/bash\n")
    maria = catalog.lookup("mariadb").layers[1]
    assert "ubuntu:" not in maria.entries["/etc/passwd"].blob.to_bytes().decode()
    assert maria.entries["/home/ubuntu"].kind == "whiteout"


@pytest.mark.parametrize("text,args,legacy,want", [
    ("RUN mkdir /data # buildkit", "", False, "RUN /bin/sh -c mkdir /data # buildkit"),
    ("RUN mkdir /d # buildkit", "A=1 B=x y", False, "RUN |2 A=1 B=x y /bin/sh -c mkdir /d # buildkit"),
    ("RUN # debian.sh --arch 'amd64'", "", False, "# debian.sh --arch 'amd64'"),
    ("ENV A=1", "", False, "ENV A=1"),
    ("CMD [\"/bin/bash\"]", "", True, "/bin/sh -c #(nop)  CMD [\"/bin/bash\"]"),
    ("ADD file:abc in / ", "", True, "/bin/sh -c #(nop) ADD file:abc in / "),
])
def test_history_rows_get_the_prefixes_docker_stores(text, args, legacy, want):
    assert docker_created_by(text, args, legacy) == want


@pytest.mark.parametrize("seconds,want", [(0.5, "Less than a second"), (1, "1 second"), (59, "59 seconds"),
                                          (60, "About a minute"), (3599, "59 minutes"), (3600, "About an hour"),
                                          (47 * 3600, "47 hours"), (3 * 86400, "3 days"), (20 * 86400, "2 weeks"),
                                          (77 * 86400, "2 months"), (800 * 86400, "2 years")])
def test_ages_read_as_go_units_prints_them(seconds, want):
    assert human_duration(seconds) == want


def test_unknown_names_and_tags():
    assert catalog.lookup("nosuchimage") is None
    assert catalog.lookup("postgres:15") is None
    assert catalog.split_ref("docker.io/library/nginx:1.31") == ("nginx", "1.31")
    assert load_repository("nosuchimage") == {}


def test_the_catalog_adds_nothing_to_import_time():
    code = ("import simulator.run.session, simulator.cli.dispatch\n"
            "from simulator.docker.catalog import load\n"
            "print(load.load_repository.cache_info().currsize, len(load._BUILT))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0"]
