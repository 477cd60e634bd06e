"""Hard links with overlayfs' rules as Docker mounts it (index=off), each rule as the kernel
showed it (tests/conformance/cases/14_hard_links.yaml runs the same on the real kernel):
one inode with two names inside the writable layer; ln of an image file copies it up
first; a copy-up breaks the link between two names of one image inode; a link to another
mount is EXDEV; link counts as `ls -l` and `stat` show them; rm of one name keeps the other."""
from __future__ import annotations

import itertools

import pytest

from shell_helpers import add_volume, container, sh
from simulator.fs import Blob, Dir, File, ImageView, Layer, Mount, Namespace, OverlayFS, Tree
from simulator.render.narrate import narrate


def box(image=None):
    events = []
    ns, ov = container(image or {"/etc/app.conf": "port=80\n", "/srv/data.txt": "v1\n"}, sink=events)
    ns.clock = itertools.count(1).__next__      # the engine's clock: a tick per change
    ns.mounts["/"].fs.clock = ns.clock
    return ns, ov, events


def test_a_link_inside_the_writable_layer_is_one_file_with_two_names():
    ns, ov, events = box()
    out, err, rc = sh(ns, "echo one > /new; ln /new /new2; echo two >> /new2; cat /new; stat -c '%n %h' /new /new2")
    assert (out, err, rc) == ("one\ntwo\n/new 2\n/new2 2\n", "", 0)
    assert ov.upper.get("/new").ino == ov.upper.get("/new2").ino
    link = [e for e in events if e["type"] == "hard-link"]
    assert link == [{"type": "hard-link", "container": "web", "path": "/new2", "where": "upper", "to": "/new", "links": 2}]


def test_rm_of_one_name_keeps_the_other():
    ns, ov, _ = box()
    assert sh(ns, "echo x > /a; ln /a /b; rm /a; cat /b; stat -c %h /b") == ("x\n1\n", "", 0)


def test_linking_an_image_file_copies_it_up_first():
    ns, ov, events = box()
    assert sh(ns, "ln /etc/app.conf /etc/app.link; stat -c %h /etc/app.conf /etc/app.link") == ("2\n2\n", "", 0)
    kinds = [(e["type"], e["path"]) for e in events if e["type"] in ("copy-up", "hard-link")]
    assert kinds == [("copy-up", "/etc"), ("copy-up", "/etc/app.conf"), ("hard-link", "/etc/app.link")]
    assert sh(ns, "echo port=81 > /etc/app.link; cat /etc/app.conf") == ("port=81\n", "", 0)


def test_ls_l_shows_the_link_count():
    ns, _, _ = box()
    out = sh(ns, "echo x > /a; ln /a /b; ls -l /a /b")[0]
    assert [line.split()[1] for line in out.splitlines()] == ["2", "2"]


@pytest.mark.parametrize("script, err", [
    ("ln /srv/data.txt /data/x", "ln: /data/x: Invalid cross-device link\n"),
    ("ln /etc /etc2", "ln: /etc2: Operation not permitted\n"),
    ("echo x > /a; ln /a /a", "ln: /a: File exists\n"),
    ("ln /nope /q", "ln: /nope: No such file or directory\n"),
])
def test_what_the_kernel_refuses(script, err):
    ns, ov, _ = box()
    add_volume(ns, "/data")
    before = dict(ov.upper.entries)
    out, got, rc = sh(ns, script)
    assert (got, rc) == (err, 1)
    if "echo" not in script:
        assert dict(ov.upper.entries) == before


def test_a_dangling_symlink_may_be_linked():
    ns, _, _ = box()
    out, err, rc = sh(ns, "ln -s nowhere /sl; ln /sl /sl2; readlink /sl2")
    assert (out, err, rc) == ("nowhere\n", "", 0)


def test_sed_i_breaks_a_hard_link():
    ns, _, _ = box()
    out = sh(ns, "ln /srv/data.txt /srv/keep; sed -i s/v1/v2/ /srv/data.txt; cat /srv/keep /srv/data.txt; "
                 "stat -c %h /srv/keep /srv/data.txt")
    assert out == ("v1\nv2\n1\n1\n", "", 0)


def test_du_counts_a_file_with_two_names_once():
    ns, _, _ = box()
    out = sh(ns, "dd if=/dev/zero of=/big bs=1k count=8 2>/dev/null; ln /big /big2; du /big /big2; du -l /big /big2")
    assert out == ("8\t/big\n8\t/big\n8\t/big2\n", "", 0)


def image_with_linked_pair():
    """An image layer whose /etc/a and /etc/b are one inode (a tar hard link)."""
    shared = File(Blob.of("one\n"), ino=7)
    layer = Layer({"/etc": Dir(), "/etc/a": shared, "/etc/b": shared})
    events = []
    ov = OverlayFS(ImageView([layer]), Tree(), "app", None)
    ns = Namespace(Mount("/", ov, label="upper"), owner="web", sink=events, clock=itertools.count(100).__next__)
    return ns, ov, events


def test_copy_up_breaks_the_link_between_two_names_of_one_image_inode():
    ns, ov, events = image_with_linked_pair()
    assert sh(ns, "stat -c %h /etc/a /etc/b") == ("2\n2\n", "", 0)
    assert sh(ns, "echo two >> /etc/a; cat /etc/b; stat -c %h /etc/a /etc/b") == ("one\n1\n2\n", "", 0)
    broken = [e for e in events if e["type"] == "link-broken"]
    assert broken == [{"type": "link-broken", "container": "web", "path": "/etc/a", "others": ["/etc/b"]}]
    assert "still named /etc/b" in narrate(broken[0]) and "index=off" in narrate(broken[0])


def test_linking_the_other_name_gives_a_new_upper_inode():
    ns, ov, _ = image_with_linked_pair()
    out = sh(ns, "echo two >> /etc/a; ln /etc/b /etc/c; stat -c %h /etc/a /etc/b /etc/c; echo three >> /etc/c; cat /etc/b /etc/a")
    assert out == ("1\n2\n2\none\nthree\none\ntwo\n", "", 0)
    assert ov.upper.get("/etc/a").ino != ov.upper.get("/etc/b").ino


def test_the_narration_says_what_a_hard_link_is_in_both_languages():
    from simulator.messages import Catalog
    event = {"type": "hard-link", "container": "web", "path": "/b", "where": "upper", "to": "/a", "links": 2}
    assert narrate(event, Catalog("en")) == ("web: /b is now a second name of /a in the writable layer: one file "
                                             "with 2 names (a hard link), so a write through either name shows "
                                             "through every name.")
    assert "하드 링크" in narrate(event, Catalog("ko"))


def test_a_scenario_image_can_hold_a_hard_link_and_the_copy_up_breaks_it():
    from simulator.run.scenario import from_dict
    from simulator.run.session import Session
    s = Session(from_dict({"seed": 1, "images": {"app": {"layers": [{"files": {
        "/etc/a": "one\n", "/etc/b": {"hardlink": "/etc/a"}}}]}}}))
    runs = [s.run(c) for c in ("docker run -d --name web app sleep 100",
                               "docker exec web sh -c 'stat -c %h /etc/a /etc/b; echo two >> /etc/a; cat /etc/b; "
                               "stat -c %h /etc/a /etc/b'", "docker diff web")]
    assert runs[1].stdout == "2\n2\none\n1\n2\n"
    assert runs[2].stdout == "C /etc\nC /etc/a\n"
    assert any(e["type"] == "link-broken" and e["others"] == ["/etc/b"] for e in runs[1].events)


@pytest.mark.parametrize("spec, message", [
    ({"/etc/b": {"hardlink": "/etc/a"}}, "hardlink: /etc/a must be a file this layer declares"),
    ({"/etc/a": "x", "/etc/b": {"hardlink": "etc/a"}}, "hardlink must be an absolute, normalised path"),
    ({"/etc/a": "x", "/etc/b": {"hardlink": "/etc/a", "mode": "0600"}}, "a hard link has only `hardlink:`"),
    ({"/etc/d/": {}, "/etc/b": {"hardlink": "/etc/d"}}, "hardlink: /etc/d must be a file this layer declares"),
])
def test_a_bad_hard_link_in_a_scenario_is_refused(spec, message):
    from simulator.errors import ScenarioError
    from simulator.run.scenario import from_dict
    with pytest.raises(ScenarioError) as e:
        from_dict({"images": {"app": {"layers": [{"files": spec}]}}})
    assert message in str(e.value)
