"""Fuzzing with a fixed seed, bounded to a few seconds (issue 12): random and mutated commands
through a Session and the lab, mutated scenario files through load_text, the lab's Load box
and exercises.check_file. Nothing may escape as an exception, every command ends (within its
work budget), output stays bounded, and a command or file refused as malformed changes nothing."""
from __future__ import annotations

import json
import random

import pytest

from simulator.course import exercises as X
from simulator.course.files import scenarios_dir
from simulator.errors import ScenarioError
from simulator.run import statedoc
from simulator.run.scenario import load_text
from simulator.run.session import Session
from simulator.shell.budget import MAX_STRING, STOPPED_STATUS
from simulator.ui import LabController

SEED = 20261205
START = """
images:
  app:
    layers:
      - files:
          /etc/app.conf: "port=80\\n"
          /srv/www/index.html: "<h1>hi</h1>\\n"
          /bin/start: {content: "echo started\\n", mode: "0755"}
    volumes: [/data]
host:
  /home/u/site/index.html: "host\\n"
steps:
  - docker run -d --name web -v /home/u/site:/site app
"""

WORDS = ["echo", "cat", "ls", "-l", "-R", "-a", "touch", "rm", "-rf", "mkdir", "-p", "cp", "-r", "mv", "ln", "-s",
         "chmod", "755", "stat", "truncate", "-s", "1G", "printf", "'%s\\n'", "'%99999999d'", "test", "[", "]",
         "-f", "-d", "!", "true", "false", "cd", "export", "X=1", "set", "-e", "eval", ".", "sh", "-c", "exit",
         "/etc/app.conf", "/data", "/site/x", "/tmp", "*", "/*", "/e*/*", "?", "[a-z]*", "~", "$X", "${X:-y}",
         "${X##*a*a*b}", "$((1<<70))", "$((2**63))", "$((5/0))", "$(echo x)", "`pwd`", "\"a b\"", "'q'", "\\",
         "a\\ b", "..", "/..", "../../..", "/dev/null", "/dev/zero", "$?", "$#", "$@", "{", "}"]
OPERATORS = [";", "&&", "||", "|", ">", ">>", "<", "2>&1", "&", "(", ")", "\n"]
COMPOUND = ["for i in 1 2 3; do {}; done", "if {}; then {}; else {}; fi", "( {} )", "{{ {}; }}",
            "x=$(({}))", "eval '{}'", "i=0; while [ $i -lt 5 ]; do {}; i=$((i+1)); done"]
ENDLESS = ["while true; do {}; done", "until false; do {}; done"]      # each ends by its budget
DOCKER = ["docker run --rm app {}", "docker exec web {}", "docker exec web sh -c '{}'", "docker run -d app",
          "docker run --name w2 -v vol:/data --tmpfs /run app {}", "docker rm -f w2", "docker stop web",
          "docker start web", "docker volume rm vol", "docker ps -a", "docker diff web", "docker inspect web",
          "docker run -v /../..:/x app ls /x", "docker run --mount type=bind,src=/nope,dst=/x app",
          "docker commit web snap", "docker rm -f web", "docker volume prune -f", "docker run -w rel app pwd"]


def random_command(rng: random.Random) -> str:
    words = [rng.choice(WORDS + OPERATORS) if rng.random() < 0.2 else rng.choice(WORDS)
             for _ in range(rng.randint(1, 8))]
    text = " ".join(words)
    if rng.random() < 0.3:
        shapes = ENDLESS if rng.random() < 0.05 else COMPOUND
        text = rng.choice(shapes).replace("{}", text, 1).replace("{}", rng.choice(WORDS))
    if rng.random() < 0.4:
        text = rng.choice(DOCKER).replace("{}", text.replace("'", ""), 1)
    return mutate(rng, text) if rng.random() < 0.3 else text


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(chars) + 1)
        what = rng.random()
        if what < 0.4:
            chars.insert(k, rng.choice("'\"\\$`(){}[]*?;&|<>#\n\t \x00\x1b\u202e-=/.~!0"))
        elif what < 0.7 and chars:
            del chars[min(k, len(chars) - 1)]
        elif chars:
            j = rng.randrange(len(chars))
            chars[j:j] = chars[j:j + rng.randint(1, 12)]
    return "".join(chars)


def state(engine) -> str:
    return json.dumps(statedoc.document("", [], engine)["state"], sort_keys=True)


def refused_before_running(record) -> bool:
    """A command refused as malformed before anything ran: it must change nothing."""
    err = record.stderr
    return record.exit_code == 2 and "syntax error" in err.split("\n")[0] and "sh:" in err[:4] \
        or record.exit_code == 125 and ("flag" in err or "invalid reference format" in err)


def test_random_commands_through_a_session():
    rng = random.Random(SEED)
    session = Session(load_text(START))
    session.run_all()
    for _ in range(150):
        command = random_command(rng)
        before = state(session.engine)
        record = session.run(command)                         # must not raise
        assert isinstance(record.exit_code, int) and 0 <= record.exit_code < 256, command
        assert len(record.stdout) + len(record.stderr) <= 2 * MAX_STRING
        if record.exit_code == STOPPED_STATUS and "steps of work" in record.stderr:
            assert record.stderr.count("the simulator stopped this command") == 1
        if refused_before_running(record):
            assert state(session.engine) == before, command


def test_random_commands_through_the_lab():
    rng = random.Random(SEED + 1)
    lab = LabController(None)
    lab.load(START)
    for _ in range(80):
        command = random_command(rng)
        lab.run_command(command)
        assert lab.last_error == "", (command, lab.last_error)
        if rng.random() < 0.1:
            lab.back()
        if rng.random() < 0.05:
            lab.jump(rng.randrange(lab.step.number + 1))
    lab.diagram()
    assert lab.last_error == ""


def shipped_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(scenarios_dir().glob("*.yaml"))][:6] + [START]


def mutated_files(rng: random.Random, n: int) -> list[str]:
    texts = shipped_texts()
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        lines = text.splitlines()
        what = rng.random()
        if what < 0.3 and lines:
            k = rng.randrange(len(lines))
            lines.insert(k, lines[rng.randrange(len(lines))])             # a duplicated line (keys!)
        elif what < 0.5 and lines:
            del lines[rng.randrange(len(lines))]
        elif what < 0.6:
            lines.append(rng.choice(["x: &a [1,2,3]\ny: [*a,*a,*a]", "title: *nope", "seed: 1" + "0" * 30,
                                     "images: {'<b>': {layers: []}}", "steps: [[[[[]]]]]", "host: {/a: {mode: [7]}}",
                                     "platform: {a: 1}", "network_storage: [1, {}]", "title: \"\\ud800\""]))
        text = "\n".join(lines)
        out.append(mutate(rng, text) if rng.random() < 0.5 else text)
    return out


def test_mutated_scenario_files_through_every_door(tmp_path):
    rng = random.Random(SEED + 2)
    ex = X.load("02-goal-fresh-folder")
    lab = LabController(None)
    for i, text in enumerate(mutated_files(rng, 40)):
        try:
            scenario = load_text(text)
        except ScenarioError as e:
            assert "\n" not in e.render() or "invalid YAML" in e.render()
            before = (lab.step.number, state(lab.engine))
            assert lab.load(text) is False
            assert (lab.step.number, state(lab.engine)) == before and lab.last_error == ""
        else:
            session = Session(scenario)
            for step in scenario.steps[:6]:
                session.run(step)
            assert lab.load(text) is True and lab.last_error == ""
        path = tmp_path / f"hand-in-{i}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            X.check_file(ex, path)
        except ScenarioError:
            pass


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_are_refused_in_one_line(tmp_path, seed):
    rng = random.Random(SEED + 10 + seed)
    text = "".join(rng.choice("{}[]:,&*!|>-'\"\\\n #%@`?a1") for _ in range(rng.randint(1, 400)))
    try:
        load_text(text)
    except ScenarioError as e:
        assert e.message
