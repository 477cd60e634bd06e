"""/dev and /proc as a container sees them (shell/kernelview.py): devices and kernel views with
the kernel's behaviour, the container's mounts with Docker 26's options (recorded in a real
container: tests/docker_recordings/kernel_views/containers.txt), never files of a layer."""
from __future__ import annotations

import pytest

from shell_helpers import add_tmpfs, add_volume, container, sh
from simulator.run.scenario import from_dict
from simulator.run.session import Session

IMAGE = {"app": {"layers": [{"files": {"/etc/app.conf": "port=80\n", "/bin/": {}}}]}}


def run(*steps):
    s = Session(from_dict({"seed": 1, "images": IMAGE}))
    return s, [s.run(step) for step in steps]


def test_dev_lists_the_devices_docker_makes():
    ns, _ = container({})
    out, err, rc = sh(ns, "ls /dev; ls -l /dev/null /dev/full /dev/tty /dev/stdin")
    assert out.split("\n")[:14] == ["fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr",
                                    "stdin", "stdout", "tty", "urandom", "zero"]
    assert "crw-rw-rw-    1 root     root        1,   3 Jan  1 00:00 /dev/null\n" in out
    assert "crw-rw-rw-    1 root     root        1,   7 Jan  1 00:00 /dev/full\n" in out
    assert "crw-rw-rw-    1 root     root        5,   0 Jan  1 00:00 /dev/tty\n" in out
    assert "lrwxrwxrwx    1 root     root            15 Jan  1 00:00 /dev/stdin -> /proc/self/fd/0\n" in out


@pytest.mark.parametrize("script, want", [
    ("echo hi > /dev/full; echo $?", ("1\n", "sh: write error: No space left on device\n")),
    ("cat /etc/app.conf > /dev/full; echo $?", ("1\n", "cat: write error: No space left on device\n")),
    ("echo x > /dev/tty; echo $?", ("1\n", "sh: can't create /dev/tty: No such device or address\n")),
    ("cat /dev/tty", ("", "cat: can't open '/dev/tty': No such device or address\n")),
    ("echo gone > /dev/null; echo gone > /dev/random; cat /dev/null; echo $?", ("0\n", "")),
    ("head -c 5 /dev/zero | wc -c; head -c 3 /dev/full | wc -c", ("5\n3\n", "")),
    ("cat /dev/zero", ("", "cat: /dev/zero never ends; the simulator refuses to read all of it\n")),
    ("wc -c < /dev/urandom", ("", "sh: /dev/urandom never ends; the simulator refuses to read all of it\n")),
    ("stat -c '%F %t,%T %s %h' /dev/null /dev/zero", ("character special file 1,3 0 1\n"
                                                      "character special file 1,5 0 1\n", "")),
])
def test_devices_behave_as_the_kernels(script, want):
    ns, _ = container({"/etc/app.conf": "port=80\n"})
    out, err, _ = sh(ns, script)
    assert (out, err) == want


def test_urandom_is_a_deterministic_stream():
    ns, _ = container({})
    first = sh(ns, "head -c 8 /dev/urandom; head -c 8 /dev/urandom")[0]
    again = sh(container({})[0], "head -c 16 /dev/urandom")[0]
    assert len(first.encode("utf-8", "surrogateescape")) >= 16 and first == again


def test_proc_mounts_lists_the_containers_mounts_with_dockers_options():
    ns, _ = container({})
    add_tmpfs(ns, "/cache", 1 << 20)
    add_tmpfs(ns, "/run/t")
    add_volume(ns, "/data")
    ns.mounts["/data"].read_only = True
    out = sh(ns, "cat /proc/mounts")[0].split("\n")
    assert out[0].startswith("overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/")
    assert "upperdir=/var/lib/docker/overlay2/" in out[0] and out[0].endswith("/work 0 0")
    assert out[1:3] == ["proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                        "tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0"]
    assert "tmpfs /cache tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k 0 0" in out
    assert "tmpfs /run/t tmpfs rw,nosuid,nodev,noexec,relatime 0 0" in out
    assert "/dev/vda /data ext4 ro,relatime,discard,resv_strict,resuid=65534,resgid=65534 0 0" in out
    assert out.index("/dev/vda /data ext4 ro,relatime,discard,resv_strict,resuid=65534,resgid=65534 0 0") < out.index("tmpfs /run/t tmpfs rw,nosuid,nodev,noexec,relatime 0 0")


def test_mount_lists_and_refuses_to_mount_or_unmount():
    ns, _ = container({})
    add_tmpfs(ns, "/run/t")
    out, err, rc = sh(ns, "mount | grep /run/t; mount -t tmpfs tmpfs /mnt; echo $?; umount /run/t; echo $?")
    assert out == "tmpfs on /run/t type tmpfs (rw,nosuid,nodev,noexec,relatime)\n1\n1\n"
    assert err == "mount: permission denied (are you root?)\numount: can't unmount /run/t: Operation not permitted\n"


def test_df_shows_each_mounts_size():
    ns, _ = container({})
    fs = add_tmpfs(ns, "/cache", 1 << 20)
    sh(ns, "dd if=/dev/zero of=/cache/f bs=1k count=100 2>/dev/null")
    assert fs.used() == 102400
    out = sh(ns, "df -h /cache; df /cache")[0]
    assert out == ("Filesystem                Size      Used Available Use% Mounted on\n"
                   "tmpfs                     1.0M    100.0K    924.0K  10% /cache\n"
                   "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
                   "tmpfs                     1024       100       924  10% /cache\n")


def test_proc_self_and_mounts_are_links():
    ns, _ = container({})
    out = sh(ns, "readlink /proc/self; readlink /proc/mounts; ls /proc/1; wc -l < /proc/self/mounts")
    assert out == ("1\nself/mounts\nmountinfo\nmounts\n25\n", "", 0)


def test_dev_and_proc_are_never_files_of_a_layer():
    s, r = run("docker run --name tt app sh -c 'cat /dev/null > /f; ls /dev /proc > /dev/null; "
               "echo x > /dev/null; cat /proc/mounts > /m'", "docker diff tt")
    assert r[0].exit_code == 0, r[0].stderr
    assert sorted(r[1].stdout.split("\n")) == ["", "A /f", "A /m"]


@pytest.mark.parametrize("script, want", [
    ("echo x | tee /dev/full; echo $?", ("x\n1\n", "tee: /dev/full: I/O error\n")),
    ("dd if=/etc/app.conf of=/dev/full; echo $?",
     ("1\n", "dd: error writing '/dev/full': No space left on device\n0+1 records in\n0+0 records out\n")),
    ("printf x > /dev/full; echo $?", ("1\n", "")),
    ("touch /dev/null; echo $?", ("0\n", "")),
    ("echo q > /proc/newfile; echo $?", ("1\n", "sh: can't create /proc/newfile: nonexistent directory\n")),
    ("stat -c '%s %h %b' /proc /dev", ("0 3 0\n320 5 0\n", "")),
])
def test_writes_to_devices_as_the_real_container_answers(script, want):
    ns, _ = container({"/etc/app.conf": "port=80\n"})
    assert sh(ns, script)[:2] == want


def test_a_change_under_dev_is_refused_in_one_line():
    ns, ov = container({})
    out, err, rc = sh(ns, "mkdir /dev/x; rm /dev/null; echo y > /dev/newfile")
    assert err.count("the simulator's /dev holds Docker's devices only") == 3
    assert err.startswith("mkdir: /dev/x: in a real container /dev is a small tmpfs")
    assert len(ov.upper) == 1 and sh(ns, "ls /dev | wc -l")[0] == "14\n"


def test_random_bytes_keep_their_value_through_files_and_pipes_and_print_safely():
    import hashlib
    from simulator.shell.kernelview import KernelView
    ns, ov = container({})
    want = KernelView(ns).random(8)
    out, err, rc = sh(ns, "head -c 8 /dev/urandom > /f; wc -c /f; dd if=/dev/urandom of=/g bs=4 count=2 2>/dev/null; "
                          "wc -c /g; head -c 8 /dev/urandom | md5sum; head -c 4 /dev/urandom; sed p /f > /dev/null")
    assert ov.upper.get("/f").blob.to_bytes() == want
    lines = out.split("\n")
    assert lines[:3] == ["8 /f", "8 /g", hashlib.md5(KernelView(ns).random(24)[16:]).hexdigest() + "  -"]
    out.encode("utf-8")                      # what reaches the terminal is valid text
