"""docker build (BuildKit) against the real engine's recording, and the build rules as tables."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator.fs.layer import describe_layer
from simulator.run.scenario import load_file, load_text
from simulator.run.session import Session
from simulator.run import statedoc

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "simulator" / "course" / "data" / "scenarios" / "20-dockerfile-volume.yaml"
RECORDING = ROOT / "tests" / "docker_recordings" / "build-commit-compose" / "20-dockerfile-volume.json"


def normalise(text: str) -> str:
    """What differs between two real builds: timings, IDs, byte counts; and the oracle's shell path."""
    text = re.sub(r"(#\d+ )\d+\.\d+ ", r"\g<1>0.000 ", text)
    text = re.sub(r"DONE \d+\.\d+s", "DONE 0.0s", text)
    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:ID", text)
    text = re.sub(r"transferring (dockerfile|context): \d+B", r"transferring \1: NB", text)
    return text.replace("/.oracle/bin/sh", "/bin/sh")


@pytest.fixture(scope="module")
def recorded():
    return json.loads(RECORDING.read_text())


@pytest.fixture(scope="module")
def simulated():
    session = Session(load_file(str(SCENARIO)))
    session.run_all()
    return session


def test_first_build_prints_what_buildkit_prints(recorded, simulated):
    real, sim = recorded["steps"][0], simulated.records[0]
    assert (sim.exit_code, sim.stdout) == (real["exit_code"], real["stdout"]) == (0, "")
    assert normalise(sim.stderr) == normalise(real["stderr"])


def test_a_cached_rebuild_prints_cached_for_every_step(recorded, simulated):
    real, sim = recorded["steps"][5], simulated.records[5]

    def lines(text):
        # the real engine runs (and numbers) the cached steps in a racy order: compare sets
        return {re.sub(r"^#\d+ ", "#N ", ln) for ln in normalise(text).splitlines()}
    assert lines(sim.stderr) == lines(real["stderr"])
    assert sim.stderr.count("CACHED") == 5
    assert "exporting layers done" in sim.stderr


def test_the_layers_are_the_ones_the_engine_made(recorded, simulated):
    real = recorded["state"]["images"]["web"]["layers"]
    sim = statedoc.state(simulated.engine)["images"]["web"]["layers"]
    assert [normalise(layer["created_by"]) for layer in real] == [layer["created_by"] for layer in sim]
    assert [layer["files"] for layer in real] == [layer["files"] for layer in sim]


def test_history_rows_match_except_times_and_the_oracle_base(recorded, simulated):
    def rows(text):
        out = []
        for line in text.splitlines()[1:]:
            if "oracle base" in line:
                continue
            image = "<missing>" if line[:15].strip() == "<missing>" else "ID"
            out.append((image, normalise(line[40:88]).rstrip(), line[88:98].strip(), line[98:].strip()))
        return out
    sim, real = rows(simulated.records[1].stdout), rows(recorded["steps"][1]["stdout"])
    assert [(r[0], r[2], r[3]) for r in sim] == [(r[0], r[2], r[3]) for r in real]
    for s, r in zip(sim, real):
        # the oracle's shell path is longer, so its RUN rows are cut earlier
        assert s[1] == r[1] or (r[1].endswith("\u2026") and s[1].startswith(r[1][:-1]))
    header = "IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT"
    assert simulated.records[1].stdout.splitlines()[0] == header


@pytest.mark.parametrize("index", [3, 4], ids=["anonymous-volume", "named-volume"])
def test_changes_after_volume_are_in_the_image_and_in_new_volumes(recorded, simulated, index):
    real, sim = recorded["steps"][index], simulated.records[index]
    assert (sim.exit_code, sim.stdout, sim.stderr) == (real["exit_code"], real["stdout"], real["stderr"])


def test_the_legacy_builder_difference_is_an_event(simulated):
    events = [e for e in simulated.records[0].events if e["type"] == "volume-build-change"]
    assert [(e["volume"], e["paths"], e["kept"]) for e in events] == [("/data", ["/data/after.txt"], True)]
    assert "discarded" in events[0]["legacy_builder"]


def test_image_ls_lists_the_built_image_first(simulated):
    lines = simulated.records[2].stdout.splitlines()
    assert lines[0] == "REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE"
    assert [ln.split()[0] for ln in lines[1:]] == ["web", "app"]


def test_a_rebuild_with_the_same_inputs_is_the_same_image(simulated):
    assert simulated.engine.dangling_images() == []
    ids = re.findall(r"writing image (sha256:\w+)", simulated.records[0].stderr + simulated.records[5].stderr)
    assert len(ids) == 2 and ids[0] == ids[1]


# ---- the layer each instruction makes (what the real engine's diff directories held) -------------
BASE = """
images:
  base:
    layers:
      - files:
          /bin/sh: {content: "", mode: "0755"}
          /bin/touch: {content: "", mode: "0755"}
          /app/sub/keep.txt: "k\\n"
%s
host:
  /home/user/conf/app.conf: "port=80\\n"
dockerfiles:
  img: |
    FROM base
%s
"""


def build_layers(lines: str, extra_image: str = "") -> list[dict]:
    text = BASE % (extra_image, "\n".join("    " + ln for ln in lines.strip().splitlines()))
    session = Session(load_text(text))
    record = session.run("docker build -t img img")
    assert record.exit_code == 0, record.stderr
    image = session.engine.images["img"]
    return [describe_layer(layer)["files"] for layer in image.layers[1:]]


D = {"type": "dir", "mode": "0755"}
LAYER_CASES = [
    # (instructions, layers after FROM), each observed on Docker 26.1.5 with BuildKit
    ("RUN true", [{}]),                                   # no /etc in the image: nothing stays
    ("WORKDIR /app/sub", [{}]),                           # exists: an empty layer
    ("WORKDIR /new/dir", [{"/new": D, "/new/dir": D}]),
    ("RUN mkdir -p /etc && echo x > /etc/x\nRUN true",
     [{"/etc": D, "/etc/x": {"type": "file", "mode": "0644", "size": 2, "content": "x\n"}}, {"/etc": D}]),
    ("RUN rm -r /app/sub && mkdir /app/sub && rm /bin/touch",
     [{"/app": D, "/app/sub": {**D, "opaque": True}, "/bin": D, "/bin/touch": {"type": "whiteout"}}]),
    ("COPY /home/user/conf/ /conf/",
     [{"/conf": D, "/conf/app.conf": {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n"}}]),
    ("COPY /home/user/conf/app.conf /app/",
     [{"/app": D, "/app/app.conf": {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n"}}]),
    ("COPY /home/user/conf/app.conf /app/sub/keep.txt",
     [{"/app": D, "/app/sub": D,
       "/app/sub/keep.txt": {"type": "file", "mode": "0644", "size": 8, "content": "port=80\n"}}]),
    ("VOLUME /v\nENV A=b\nCMD echo hi\nUSER 0", []),        # config only: no layer
]


@pytest.mark.parametrize("lines,expected", LAYER_CASES, ids=[c[0].splitlines()[0] for c in LAYER_CASES])
def test_each_instruction_makes_the_layer_the_engine_made(lines, expected):
    assert build_layers(lines) == expected


def test_workdir_made_under_user_belongs_to_that_user():
    # no /etc/passwd is needed for a numeric USER here (a RUN would need one)
    layers = build_layers("USER 1000\nWORKDIR /app/sub2")
    assert layers == [{"/app": D, "/app/sub2": {**D, "uid": 1000, "gid": 1000}}]


def test_config_instructions_set_the_image_config():
    session = Session(load_text(BASE % ("", "    VOLUME /a /b\n    VOLUME [\"/c\"]\n    WORKDIR rel\n"
                                              "    WORKDIR sub\n    ENV A b\n    CMD echo hi")))
    assert session.run("docker build -t img img").exit_code == 0
    image = session.engine.images["img"]
    assert (image.volumes, image.workdir, image.cmd, image.env) == (
        ("/a", "/b", "/c"), "/rel/sub", ["/bin/sh", "-c", "echo hi"], ("A=b",))
    rows = [r["created_by"] for r in session.engine.image_history(image)[1:]]
    assert rows == ["VOLUME [/a /b]", "VOLUME [/c]", "WORKDIR /rel", "WORKDIR /rel/sub", "ENV A=b",
                    'CMD ["/bin/sh" "-c" "echo hi"]']


# ---- errors: BuildKit's texts (recorded on the real engine), and nothing is created ---------------
ERRORS = [
    ("FOO bar", 2, "ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: FOO "
                   "(did you mean FROM?)"),
    ("RUN cat /nope", 2, 'ERROR: failed to solve: process "/bin/sh -c cat /nope" did not complete '
                         "successfully: exit code: 1"),
    ("RUN mkdir -p /etc && echo root:x:0:0::/root:/bin/sh > /etc/passwd\nUSER nobody\nRUN true", 4,
     'ERROR: failed to solve: process "/bin/sh -c true" did not complete successfully: unable to find user '
     "nobody: no matching entries in passwd file"),
    ("USER 1000\nRUN true", 3, 'ERROR: failed to solve: process "/bin/sh -c true" did not complete '
                               "successfully: unable to find user 1000: invalid argument"),
]


@pytest.mark.parametrize("lines,line,last", ERRORS, ids=[e[0].split()[0] + "-" + str(i) for i, e in enumerate(ERRORS)])
def test_build_errors_end_with_buildkits_message(lines, line, last):
    session = Session(load_text(BASE % ("", "\n".join("    " + ln for ln in lines.splitlines()))))
    before = set(session.engine.images)
    record = session.run("docker build -t img img")
    assert record.exit_code == 1
    err = record.stderr.splitlines()
    assert err[-1] == last
    assert f"Dockerfile:{line}" in err
    assert f"{line:>4} | >>> {lines.splitlines()[line - 2]}" in err
    assert set(session.engine.images) == before


def test_a_failing_run_shows_its_output_in_the_vertex_and_the_summary():
    session = Session(load_text(BASE % ("", "    RUN cat /nope")))
    err = session.run("docker build -t img img").stderr
    # the BusyBox message, with BuildKit's timestamp column, as on the real engine
    assert "#5 0.000 cat: can't open '/nope': No such file or directory\n" in err
    assert "------\n > [2/2] RUN cat /nope:\n0.000 cat: can't open '/nope': No such file or directory\n------\n" in err
    assert "   1 |     FROM base\n   2 | >>> RUN cat /nope\n   3 |     \n" in err


def test_copy_of_a_missing_host_file():
    session = Session(load_text(BASE % ("", "    COPY /home/user/nope /x")))
    err = session.run("docker build -t img img").stderr.splitlines()
    assert re.fullmatch(r'ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of '
                        r'ref [0-9a-f-]{36}::[0-9a-z]{25}: "/home/user/nope": not found', err[-1])


def test_from_an_unknown_image():
    session = Session(load_text((BASE % ("", "")).replace("FROM base", "FROM nosuch")))
    err = session.run("docker build -t img img").stderr.splitlines()
    assert err[-1].startswith("ERROR: failed to solve: nosuch: failed to resolve source metadata for "
                              "docker.io/library/nosuch:latest: ")
    assert " > [internal] load metadata for docker.io/library/nosuch:latest:" in err


@pytest.mark.parametrize("argv,code,text", [
    ("docker build -t img", 1, '"docker buildx build" requires exactly 1 argument.'),
    ("docker build -t img nosuch", 1, 'ERROR: unable to prepare context: path "nosuch" not found'),
    ("docker build -t Img img", 1, 'ERROR: invalid tag "Img": repository name must be lowercase'),
], ids=["no-context", "unknown-dockerfile", "bad-tag"])
def test_command_line_errors(argv, code, text):
    session = Session(load_text(BASE % ("", "")))
    record = session.run(argv)
    assert (record.exit_code, record.stderr.splitlines()[0]) == (code, text)


def test_quiet_prints_only_the_image_id():
    session = Session(load_text(BASE % ("", "    RUN true")))
    record = session.run("docker build -q -t img img")
    assert record.stderr == "" and re.fullmatch(r"sha256:[0-9a-f]{64}\n", record.stdout)
    assert record.stdout.strip() == session.engine.images["img"].id


def test_no_cache_runs_every_step_again():
    session = Session(load_text(BASE % ("", "    RUN echo hi")))
    session.run("docker build -t img img")
    assert "CACHED" in session.run("docker build -t img img").stderr
    again = session.run("docker build --no-cache -t img img").stderr
    assert "CACHED" not in again and "#5 0.000 hi" in again


def test_a_copy_that_cannot_land_fails_its_step():
    session = Session(load_text(BASE % ("", "    COPY /home/user/conf/app.conf /bin/sh/x")))
    record = session.run("docker build -t img img")
    err = record.stderr.splitlines()
    assert record.exit_code == 1 and " > [2/2] COPY /home/user/conf/app.conf /bin/sh/x:" in err
    assert err[-1] == "ERROR: failed to solve: /bin/sh: not a directory"
    assert "img" not in session.engine.images
