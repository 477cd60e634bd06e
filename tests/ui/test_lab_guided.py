"""Guided controls write the real command line: one row per action and target, and the refusals."""
from __future__ import annotations

import shlex

import pytest

from simulator.ui.guided import ACTIONS, HOST, GuidedError, guided_command, quote_word

IMG = {"name": "web2", "image": "app"}

COMMANDS = [
    # (id, action, target, path, keyword args, command)
    ("write", "write", "web", "/etc/app.conf", {"arg": "port=81"}, "docker exec web sh -c 'echo port=81 > /etc/app.conf'"),
    ("append-words", "append", "web", "/etc/motd", {"arg": "hello world"},
     "docker exec web sh -c 'echo \"hello world\" >> /etc/motd'"),
    ("append-quote", "append", "web", "/etc/motd", {"arg": "it's"}, 'docker exec web sh -c "echo \\"it\'s\\" >> /etc/motd"'),
    ("append-dollar", "append", "web", "/etc/motd", {"arg": "$HOME"}, "docker exec web sh -c 'echo \"\\$HOME\" >> /etc/motd'"),
    ("delete-file", "delete", "web", "/etc/motd", {}, "docker exec web rm /etc/motd"),
    ("delete-dir", "delete", "web", "/srv/www", {"is_dir": True}, "docker exec web rm -r /srv/www"),
    ("mkdir", "mkdir", "web", "/srv/new", {}, "docker exec web mkdir /srv/new"),
    ("rename", "rename", "web", "/srv/www", {"arg": "/srv/site"}, "docker exec web mv /srv/www /srv/site"),
    ("chmod", "chmod", "web", "/etc/app.conf", {"arg": "600"}, "docker exec web chmod 600 /etc/app.conf"),
    ("space-in-path", "delete", "web", "/srv/my file", {}, 'docker exec web rm "/srv/my file"'),
    ("volume", "mount-volume", "web", "/srv/www", {"arg": "site", **IMG}, "docker run -d --name web2 -v site:/srv/www app"),
    ("bind", "mount-bind", "web", "/srv/www", {"arg": "/home/student/site", **IMG},
     "docker run -d --name web2 -v /home/student/site:/srv/www app"),
    ("tmpfs", "mount-tmpfs", "web", "/tmp", IMG, "docker run -d --name web2 --tmpfs /tmp app"),
    ("run", "run", "web", "", IMG, "docker run -d --name web2 app"),
    ("start", "start", "web", "", {}, "docker start web"),
    ("stop", "stop", "web", "", {}, "docker stop web"),
    ("rm", "rm", "web", "", {}, "docker rm web"),
    ("commit", "commit", "web", "", {"arg": "snapshot"}, "docker commit web snapshot"),
    ("host-append", "append", HOST, "/home/student/notes.txt", {"arg": "x"}, "echo x >> /home/student/notes.txt"),
    ("host-delete", "delete", HOST, "/home/student/site", {"is_dir": True}, "rm -r /home/student/site"),
    ("host-rename", "rename", HOST, "/home/student/notes.txt", {"arg": "/home/student/old.txt"},
     "mv /home/student/notes.txt /home/student/old.txt"),
]


@pytest.mark.parametrize("action,target,path,kwargs,command", [r[1:] for r in COMMANDS], ids=[r[0] for r in COMMANDS])
def test_each_action_writes_the_real_command(action, target, path, kwargs, command):
    assert guided_command(action, target, path, **kwargs) == command


TRICKY = ["it's", 'a "b" c', "$HOME and `x`", "back\\slash", "bang!", "it's bang!", "it's $HOME `x` \\ \"q\"", "",
          "  spaces  ", "tab\there"]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_the_simulated_shell_writes_exactly_the_text(text):
    from simulator.run import statedoc
    from simulator.ui import LabController
    lab = LabController()
    lab.guided("write", path="/etc/motd", arg=text)
    assert statedoc.state(lab.engine)["containers"]["web"]["upper"]["/etc/motd"]["content"] == text + "\n"
    lab.guided("write", target=HOST, path="/home/student/notes.txt", arg=text)
    assert statedoc.state(lab.engine)["host"]["/home/student/notes.txt"]["content"] == text + "\n"


def test_the_quoted_text_comes_back_unchanged_through_two_shells():
    text = "it's \"quoted\" $HOME `x` \\ !"
    cmd = guided_command("append", "web", "/f", arg=text)
    script = shlex.split(cmd)[-1]
    assert shlex.split(script) == ["echo", text, ">>", "/f"]


REFUSED = [
    # (id, action, target, path, kwargs, words in the message)
    ("unknown-action", "explode", "web", "/x", {}, "unknown action 'explode' (allowed: write, append"),
    ("no-target", "write", "", "/x", {}, "needs a target"),
    ("no-path", "delete", "web", "", {}, "delete needs a path"),
    ("relative-path", "delete", "web", "etc/motd", {}, "absolute path"),
    ("two-lines", "append", "web", "/x", {"arg": "a\nb"}, "append takes one line"),
    ("container-only-on-host", "stop", HOST, "", {}, "works on a container, not on the host"),
    ("mount-on-host", "mount-tmpfs", HOST, "/tmp", IMG, "works on a container"),
    ("bad-container-name", "stop", "we b", "", {}, "invalid container name"),
    ("bad-volume-name", "mount-volume", "web", "/d", {"arg": "a b", **IMG}, "invalid volume name"),
    ("relative-bind", "mount-bind", "web", "/d", {"arg": "site", **IMG}, "host path must be absolute"),
    ("no-new-name", "run", "web", "", {"image": "app"}, "needs a name"),
    ("bad-image-name", "commit", "web", "", {"arg": "Snap Shot"}, "invalid image name"),
    ("no-mode", "chmod", "web", "/x", {}, "chmod needs a mode"),
    ("rename-nowhere", "rename", "web", "/x", {"arg": ""}, "rename needs a new path"),
]


@pytest.mark.parametrize("action,target,path,kwargs,words", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refusals_name_the_bad_value(action, target, path, kwargs, words):
    with pytest.raises(GuidedError, match=None) as e:
        guided_command(action, target, path, **kwargs)
    assert words in str(e.value)


def test_every_action_is_in_a_row_of_the_table():
    assert {r[1] for r in COMMANDS} == set(ACTIONS)


@pytest.mark.parametrize("word,quoted", [("/etc/app.conf", "/etc/app.conf"), ("a b", '"a b"'), ("$x", '"\\$x"'), ("wow!", "'wow!'"),
                                         ("", '""')])
def test_words_are_quoted_as_a_person_would(word, quoted):
    assert quote_word(word) == quoted
