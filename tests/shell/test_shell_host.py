"""run_argv, the Process contract, and host-side cases the differential test cannot set
up (mounts, a clock, odd namespaces)."""
from __future__ import annotations

import pytest

from simulator.fs.namespace import Cred
from simulator.shell import Process, run_script
from shell_helpers import add_tmpfs, add_volume, container, exe, host, sh, visible

FILES = {"/w/f": "hello\n", "/w/d": "/", "/w/lnk": {"link": "f"}}


# id, argv, stdout, stderr, status
ARGV_CASES = [
    ("path-selects-applet", ["/bin/ls", "/w"], "d\nf\nlnk\n", "", 0),
    ("plain-name", ["cat", "/w/f"], "hello\n", "", 0),
    ("applet-error", ["/bin/cat", "/w/nope"], "", "cat: can't open '/w/nope': No such file or directory\n", 1),
    ("sh-c", ["/bin/sh", "-c", "echo $0 $1; exit 3", "zero", "one"], "zero one\n", "", 3),
    ("sh-names-itself-by-argv0", ["/bin/sh", "-c", "nosuch"], "", "/bin/sh: nosuch: not found\n", 127),
    ("sh-syntax", ["sh", "-c", "echo 'x"], "", "sh: syntax error: unterminated quoted string\n", 2),
    ("busybox-multicall", ["busybox", "echo", "hi"], "hi\n", "", 0),
    ("unknown-program", ["/usr/bin/python3", "x"], "",
     'exec: "/usr/bin/python3": executable file not found in $PATH\n', 127),
    ("env-runs-command", ["env", "-i", "A=1", "env"], "A=1\n", "", 0),
    ("usage", ["mkdir"], "", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n"
     "Usage: mkdir [-m MODE] [-p] DIRECTORY...\n\nCreate DIRECTORY\n\n\t-m MODE\tMode\n"
     "\t-p\tNo error if exists; make parent directories as needed\n", 1),
    ("bad-option", ["rm", "-x", "f"], "", None, 1),
]


@pytest.mark.parametrize("argv,out,err,status", [c[1:] for c in ARGV_CASES], ids=[c[0] for c in ARGV_CASES])
def test_run_argv(argv, out, err, status):
    got = exe(host(FILES), argv, "/w")
    assert got[0] == out and got[2] == status
    if err is None:
        assert got[1].startswith("rm: invalid option -- 'x'\nBusyBox v1.35.0")
    else:
        assert got[1] == err


def test_process_keeps_its_cwd_env_and_accumulates_output():
    ns = host(FILES)
    p = Process(ns, cwd="/w", env={"HOME": "/root", "A": "1"})
    assert run_script("cd d; export B=2; echo $A; pwd", p) == 0
    assert run_script("pwd; echo ${B-unset}; nosuch", p) == 127
    assert p.cwd == "/w" and p.env == {"HOME": "/root", "A": "1"}
    assert p.stdout == "1\n/w/d\n/w\nunset\n"
    assert p.stderr == "sh: nosuch: not found\n"


def test_run_script_arg0_for_docker_run_lines():
    p = Process(host(FILES), cwd="/w")
    assert run_script("nosuch", p, arg0="/bin/sh") == 127
    assert p.stderr == "/bin/sh: nosuch: not found\n"


def test_umask_and_credentials_of_new_files():
    ns = host(FILES)
    p = Process(ns, cred=Cred(33, 33, (33,)), cwd="/w", umask=0o027)
    run_script("mkdir /tmp; chmod 1777 /tmp", Process(ns))
    assert run_script("touch /tmp/a; mkdir /tmp/b; echo x > /tmp/c; cp /w/f /tmp/e", p) == 0
    assert visible(ns, "/tmp") == {"/tmp/a": "file 0640 '' 33:33", "/tmp/b": "dir 0750 33:33",
                                   "/tmp/c": "file 0640 'x\\n' 33:33", "/tmp/e": "file 0640 'hello\\n' 33:33"}
    assert p.stdout == p.stderr == ""


def test_ls_shows_the_clock_as_2024_plus_ticks():
    ns = host(FILES)
    ns.clock = lambda: 86400 * 40 + 3600 * 5 + 60 * 7
    assert sh(ns, "touch /w/new; ls -l /w/new; stat -c '%Y %y' /w/new") == (
        "-rw-r--r--    1 root     root             0 Feb 10 05:07 /w/new\n"
        "1707541620 2024-02-10 05:07:00.000000000 +0000\n", "", 0)


# Mounts on a host-like namespace: id, script, stdout, stderr, status
MOUNT_CASES = [
    ("rmdir-mount-point", "rmdir /w/vol", "", "rmdir: '/w/vol': Device or resource busy\n", 1),
    ("rm-r-parent-of-mount", "rm -r /w; ls /w", "tmp\nvol\n", "rm: can't remove '/w/tmp': Device or resource busy\n"
     "rm: can't remove '/w/vol': Device or resource busy\n", 0),
    ("mv-file-across-mounts", "mv /w/f /w/vol/; ls /w /w/vol", "/w:\nd\nlnk\ntmp\nvol\n\n/w/vol:\nf\nv\n", "", 0),
    ("mv-dir-across-mounts", "mv /w/d /w/vol/d2; ls /w/vol", "d2\nv\n", "", 0),
    ("tmpfs-listing", "echo a > /w/tmp/a; mkdir /w/tmp/s; ls -la /w/tmp",
     "total 8\ndrwxrwxrwt    3 root     root            80 Jan  1 00:00 .\n"
     "drwxr-xr-x    5 root     root          4096 Jan  1 00:00 ..\n"
     "-rw-r--r--    1 root     root             2 Jan  1 00:00 a\n"
     "drwxr-xr-x    2 root     root            40 Jan  1 00:00 s\n", "", 0),
    ("cd-into-mount", "cd /w/vol && ls && pwd", "v\n/w/vol\n", "", 0),
]


@pytest.mark.parametrize("script,out,err,status", [c[1:] for c in MOUNT_CASES], ids=[c[0] for c in MOUNT_CASES])
def test_host_mounts(script, out, err, status):
    ns = host(FILES)
    add_volume(ns, "/w/vol", {"/v": "v\n"})
    add_tmpfs(ns, "/w/tmp", capacity=64 * 1024)
    assert sh(ns, script) == (out, err, status)


def test_non_root_permission_messages():
    ns = host({"/root": {"dir": True, "mode": 0o700}, "/root/s": "s", "/pub": {"dir": True, "mode": 0o777}})
    www = Cred(33, 33, (33,))
    assert sh(ns, "ls /root; touch /root/x; cat /root/s; cd /root; echo hi > /pub/mine; chown 0 /pub/mine; "
                  "chown 33:33 /pub/mine; ls -l /pub", "/", www) == (
        "total 4\n-rw-r--r--    1 www-data www-data         3 Jan  1 00:00 mine\n",
        "ls: can't open '/root': Permission denied\ntouch: /root/x: Permission denied\n"
        "cat: can't open '/root/s': Permission denied\nsh: cd: line 0: can't cd to /root: Permission denied\n"
        "chown: /pub/mine: Operation not permitted\n", 0)


def test_container_whoami_without_passwd_entry():
    ns, _ = container({"/app": "/"})
    assert sh(ns, "whoami; id", cred=Cred(1000, 1000, (1000,))) == (
        "uid=1000 gid=1000 groups=1000\n", "whoami: unknown uid 1000\n", 0)


def test_nothing_raises_on_odd_input():
    ns = host(FILES)
    for script in ["cat /w/d/..", "ls -l /w/lnk/", "cp -r /w /w/d", "mv /w /w/d/x", "rm -rf /", "cd ''",
                   "echo > ''", "ln -s a ''", "chmod 777 ''", "stat ''", "touch /w/f/x", "mkdir -p /w/f/x/y",
                   "cat < /w/d", "dd if=/w/f of=/w/d", "truncate -s 1 /w/d", "rmdir /", "mv / /x", "cp / /x",
                   "ls -R /", "printf", "test", "[", "exit 1 2"]:
        out, err, status = sh(ns, script, "/w")
        assert isinstance(status, int)
