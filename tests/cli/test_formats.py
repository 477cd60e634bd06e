"""--format on docker's lists and inspect, as the real docker 26.1.5 CLI printed it on this
project's engine for the same commands (outputs copied here with the simulator's ids and
its clock: everything happened "Less than a second ago")."""
from __future__ import annotations

import pytest

from simulator.run.scenario import load_file
from simulator.run.session import Session

SCENARIO = """
images:
  base:
    layers:
      - files: {/bin/sh: "x", /data/f: "hi\\n"}
    volumes: [/data]
steps: []
"""


@pytest.fixture
def session(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO)
    s = Session(load_file(str(p)))
    for cmd in ["docker run -d --name c1 --label a=b -v v1:/data -v /home/h:/h --tmpfs /t "
                "--mount type=volume,src=v2,dst=/m base",
                "docker run --name c2 --label x=1 -v v1:/data base sh -c 'exit 3'",
                "docker create --name c3 base"]:
        s.run(cmd)
    return s


def run(session, cmd):
    r = session.run(cmd)
    return r.exit_code, r.stdout, r.stderr


def test_table_with_a_label_header_and_tabs(session):
    code, out, _ = run(session, "docker ps --format 'table {{.Names}}\\t{{.Status}}\\t{{.Label \"a\"}}\\t{{.Mounts}}'")
    assert code == 0
    assert out == ("NAMES     STATUS                  a         MOUNTS\n"
                   "c1        Up Less than a second   b         v1,/home/h,v2\n")


def test_ps_json_is_every_method(session):
    code, out, _ = run(session, "docker ps --format json")
    assert out.startswith('{"Command":"\\"\\"","CreatedAt":"2024-01-01 00:00:00 +0000 UTC","ID":"')
    assert '"Labels":"a=b","LocalVolumes":"2","Mounts":"v1,/home/h,v2","Names":"c1","Networks":"bridge",' \
           '"Ports":"","RunningFor":"Less than a second ago","Size":"0B","State":"running",' \
           '"Status":"Up Less than a second"}' in out


def test_ps_filters(session):
    names = lambda args: run(session, f"docker ps {args} --format '{{{{.Names}}}}'")[1].split()
    assert names("--filter status=exited") == ["c2"]
    assert names("--filter exited=3") == []                # exited alone does not list stopped ones
    assert names("-a --filter exited=3") == ["c2"]
    assert names("-a --filter name=^c2$") == ["c2"]
    assert names("-a --filter ancestor=base") == ["c3", "c2", "c1"]
    assert names("-a --filter ancestor=nope") == []
    assert names("-a --filter volume=v1") == ["c2", "c1"]
    assert names("-a --filter volume=/data") == ["c3", "c2", "c1"]
    assert names("-a --filter label=x=1") == ["c2"]
    assert names("-a --filter label=x --filter label=a") == []
    assert names("-a --filter before=c2") == ["c1"]
    assert names("-a --filter since=c2") == ["c3"]
    assert names("-n 1") == ["c3"] and names("-l") == ["c3"]
    assert names("-a --filter status=created --filter status=exited") == ["c3", "c2"]


@pytest.mark.parametrize("args,code,err", [
    ("--filter foo=bar", 1, "Error response from daemon: invalid filter 'foo'\n"),
    ("--filter status=bogus", 1, "Error response from daemon: invalid filter 'status=bogus'\n"),
    ("-a --filter exited=x", 1, "Error response from daemon: invalid filter 'exited=x': strconv.Atoi: parsing \"x\": "
                                "invalid syntax\n"),
    ("-a --filter before=nope", 1, "Error response from daemon: No such container: nope\n"),
    ("-a --filter health=x", 1, "Error response from daemon: unrecognized filter value for health: x\n"),
    ("-a --filter is-task=x", 1, "Error response from daemon: invalid filter 'is-task=[x]'\n"),
    ("--filter bad", 125, "invalid argument \"bad\" for \"-f, --filter\" flag: bad format of filter (expected "
                          "name=value)\nSee 'docker ps --help'.\n"),
    ("-n x", 125, "invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n"
                  "See 'docker ps --help'.\n"),
    ("--format '{{.Foo'", 1, "failed to parse template: template: :1: unclosed action\n"),
    ("--format '{{.Foo}}'", 1, "failed to execute template: template: :1:2: executing \"\" at <.Foo>: can't evaluate "
                               "field Foo in type *formatter.ContainerContext\n"),
])
def test_ps_errors(session, args, code, err):
    assert run(session, f"docker ps {args}") == (code, "", err)


def test_ps_quiet_ignores_a_custom_format_with_a_warning(session):
    code, out, err = run(session, "docker ps -q --format '{{.Names}}'")
    assert (code, len(out.split()), err) == (0, 1, "WARNING: Ignoring custom format, because both --format and "
                                                   "--quiet are set.\n")


def test_ps_raw_and_size_from_the_format(session):
    code, out, _ = run(session, "docker ps -a --format raw")
    assert "\nlabels: x=1\nports:\n\n" in out and out.count("container_id: ") == 3
    out = run(session, "docker ps -a --format '{{.Names}}:{{.Size}}'")[1]
    assert "c3:0B (virtual " in out                           # .Size in the format asks for sizes


def test_inspect_framing(session):
    assert run(session, "docker inspect -f '{{.Foo' c1") == (64, "", "template parsing error: template: :1: "
                                                                       "unclosed action\n")
    assert run(session, "docker inspect -f '{{.Foo}}' c1 c1") == (
        1, "\n", 'template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"\n' * 2)
    assert run(session, "docker inspect -f '{{.Name}}' c1 nope") == (1, "/c1\n", "Error: No such object: nope\n")
    assert run(session, "docker volume inspect -f '{{.Foo}}' v1")[2] == (
        'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type '
        'volume.Volume\n')
    assert run(session, "docker volume inspect -f '{{.}}' v1")[1] == (
        "{<nil> 2024-01-01T00:00:00Z local map[] /var/lib/docker/volumes/v1/_data v1 map[] local map[] <nil>}\n")


def test_inspect_shapes(session):
    out = run(session, "docker inspect -f '{{.State}}|{{.HostConfig.Binds}}|{{.HostConfig.Tmpfs}}|{{.Config.Labels}}' c1")[1]
    assert out == ("{running true false false false false 1001 0  2024-01-01T00:00:00Z 0001-01-01T00:00:00Z <nil>}"
                   "|[v1:/data /home/h:/h]|map[/t:]|map[a:b]\n")
    out = run(session, "docker inspect -f '{{range .Mounts}}{{.Type}} {{.Source}};{{end}}' c1")[1]
    assert out == "volume /var/lib/docker/volumes/v1/_data;bind /home/h;volume /var/lib/docker/volumes/v2/_data;\n"
    assert run(session, "docker inspect -f '{{index .Config.Cmd 0}}|{{.State.ExitCode}}' c2")[1] == "sh|3\n"
    assert run(session, "docker inspect -f '{{.HostConfig.Mounts}}' c1")[1] == (
        "[{volume v2 /m false  <nil> <nil> <nil> <nil>}]\n")
    out = run(session, "docker container inspect -f '{{.Config.AttachStdout}} {{.ResolvConfPath}}' c3")[1]
    assert out == "true \n"                                # created in the foreground, never started


def test_volume_ls_formats(session):
    assert "v1 local\nv2 local\n" in run(session, "docker volume ls --format '{{.Name}} {{.Driver}}'")[1]
    out = run(session, "docker volume ls --filter name=v --format 'table {{.Name}}\\t{{.Mountpoint}}'")[1]
    assert out == ("VOLUME NAME   MOUNTPOINT\nv1            /var/lib/docker/volumes/v1/_data\n"
                   "v2            /var/lib/docker/volumes/v2/_data\n")
    assert run(session, "docker volume ls --format '{{.Nope}}'")[2] == (
        "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type "
        "*formatter.volumeContext\n")
    assert run(session, "docker volume ls -q --filter name=^v")[1] == "v1\nv2\n"


RECORDED = ["templates", "diskusage", "subpath-starts"]      # recordings whose `docker ps` steps print no time and no service command


@pytest.mark.parametrize("name", RECORDED)
def test_ps_steps_as_recorded(name):
    """tests/test_docker_recordings.py leaves `docker ps` out (times, the recorder's service
    command); these recordings' ps steps print neither, so they are compared too."""
    import json
    from pathlib import Path

    from test_docker_recordings import normalise, run as run_recording
    recording = Path(__file__).resolve().parent.parent / "docker_recordings" / f"{name}.json"
    real = json.loads(recording.read_text())
    ours = run_recording(recording)
    compared = 0
    for a, b in zip(real["steps"], ours["steps"], strict=True):
        if not a["command"].startswith("docker ps"):
            continue
        compared += 1
        assert (a["exit_code"], normalise(a["stdout"]), normalise(a["stderr"])) == \
               (b["exit_code"], normalise(b["stdout"]), normalise(b["stderr"])), a["command"]
    assert compared


def _volume_format(source: str, quiet: bool) -> str:
    """docker/cli NewVolumeFormat."""
    if source == "table":
        return "{{.Name}}" if quiet else "table {{.Driver}}\t{{.Name}}"
    if source == "raw":
        return "name: {{.Name}}" if quiet else "name: {{.Name}}\\ndriver: {{.Driver}}\\n"
    return source


def _formatter_cases():
    from gotemplate_data import load
    return load("docker_formatter.yaml")


@pytest.mark.parametrize("case", _formatter_cases()["cases"], ids=lambda c: c["format"] + ("-q" if c.get("quiet") else ""))
def test_docker_cli_volume_formatter_cases(case):
    from simulator.cli import formatter
    from simulator.cli.contexts import VOLUME_HEADER, volume_row
    from simulator.errors import DockerError
    docs = [dict({"Labels": None, "Mountpoint": "", "Scope": "", "Options": None}, **v)
            for v in _formatter_cases()["volumes"]]
    rows = [volume_row(d) for d in docs]
    fmt = _volume_format(case["format"], case.get("quiet", False))
    if "error" in case:
        with pytest.raises(DockerError) as e:
            formatter.write(fmt, rows, VOLUME_HEADER)
        assert e.value.message == case["error"]
    else:
        assert formatter.write(fmt, rows, VOLUME_HEADER) == case["output"]
