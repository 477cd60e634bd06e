"""The applets of issue 11's everyday tools, by name (merged into APPLETS)."""
from __future__ import annotations

from simulator.shell.applets import columns, finding, grep, mounts, sedmain, sortuniq, sysinfo, text, xargs

TOOLS = {
    "head": text.head, "tail": text.tail, "wc": text.wc, "tee": text.tee,
    "basename": text.basename, "dirname": text.dirname, "seq": text.seq,
    "grep": grep.grep, "egrep": grep.grep, "fgrep": grep.grep,
    "sed": sedmain.sed,
    "find": finding.find, "xargs": xargs.xargs,
    "readlink": sysinfo.readlink, "realpath": sysinfo.realpath, "md5sum": sysinfo.md5sum,
    "sha256sum": sysinfo.sha256sum, "cmp": sysinfo.cmp, "hostname": sysinfo.hostname, "date": sysinfo.date,
    "printenv": sysinfo.printenv,
    "df": mounts.df, "du": mounts.du, "mount": mounts.mount, "umount": mounts.umount,
    "cut": columns.cut, "tr": columns.tr, "sort": sortuniq.sort, "uniq": sortuniq.uniq,
}
