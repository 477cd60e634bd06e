"""The docker command line: option parsing, mount syntax and Docker's output shapes."""
from simulator.cli.procs import Waiting, advance

__all__ = ["Waiting", "advance"]
