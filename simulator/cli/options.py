"""Command-line flags the way the docker CLI (cobra/pflag) reads them: short, long, combined, `=`."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.errors import DockerError

GO_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
GO_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


@dataclass(frozen=True)
class Flag:
    names: tuple            # ("-d", "--detach")
    key: str
    takes_value: bool = False
    repeat: bool = False    # a list (-v, -e, --mount ...)


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    args: list = field(default_factory=list)

    def get(self, key, default=None):
        return self.values.get(key, default)


def flag_error(message: str, command: str) -> DockerError:
    return DockerError(f"{message}\nSee 'docker {command} --help'.", origin="cli", exit_code=125)


def parse(argv: list[str], flags: list[Flag], command: str, interspersed: bool = False) -> Parsed:
    """Flags before the first positional argument (docker run/exec stop there: the rest is
    the container's command). With `interspersed`, flags may follow arguments (docker rm)."""
    by_name = {n: f for f in flags for n in f.names}
    out = Parsed()
    i = 0

    def store(f: Flag, value):
        if f.repeat:
            out.values.setdefault(f.key, []).append(value)
        else:
            out.values[f.key] = value

    while i < len(argv):
        a = argv[i]
        if a == "--":
            out.args.extend(argv[i + 1:])
            break
        if not a.startswith("-") or a == "-":
            if not interspersed:
                out.args.extend(argv[i:])
                break
            out.args.append(a)
            i += 1
            continue
        if a.startswith("--"):
            name, eq, value = a.partition("=")
            f = by_name.get(name)
            if f is None:
                raise flag_error(f"unknown flag: {name}", command)
            if f.takes_value:
                if not eq:
                    if i + 1 >= len(argv):
                        raise flag_error(f"flag needs an argument: {name[2:]}", command)
                    i += 1
                    value = argv[i]
                store(f, value)
            else:
                if eq:
                    if value not in GO_TRUE | GO_FALSE:
                        raise flag_error(f'invalid argument "{value}" for "{name}" flag: '
                                         f'strconv.ParseBool: parsing "{value}": invalid syntax', command)
                    store(f, value in GO_TRUE)
                else:
                    store(f, True)
            i += 1
            continue
        letters = a[1:]
        j = 0
        while j < len(letters):
            f = by_name.get("-" + letters[j])
            if f is None:
                raise flag_error(f"unknown shorthand flag: '{letters[j]}' in {a}", command)
            if f.takes_value:
                value = letters[j + 1:]
                if value.startswith("="):
                    value = value[1:]
                if not value:
                    if i + 1 >= len(argv):
                        raise flag_error(f"flag needs an argument: '{letters[j]}' in -{letters[j]}", command)
                    i += 1
                    value = argv[i]
                store(f, value)
                break
            store(f, True)
            j += 1
        i += 1
    return out


def usage_error(command: str, requirement: str, usage: str, summary: str) -> DockerError:
    """`"docker X" requires ...` as the CLI prints it, exit 1."""
    return DockerError(f'"docker {command}" {requirement}.\nSee \'docker {command} --help\'.\n\n'
                       f"Usage:  docker {usage}\n\n{summary}", origin="cli", exit_code=1)
