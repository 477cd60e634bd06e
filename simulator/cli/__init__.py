"""The docker command line: option parsing, Docker's output shapes and messages, and one handler
per command (run, exec, build, compose, volume, images, ...) over a simulator.docker Engine.

    result = run_docker(engine, ["volume", "ls"], run_command)   # Result(exit_code, stdout, stderr)
"""
from simulator.cli.dispatch import run_docker
from simulator.cli.humanize import human_size
from simulator.cli.images import find_image, image_ref
from simulator.cli.result import Result
from simulator.cli.saveload import held_diff_ids, image_from_loaded, register_loaded
from simulator.cli.procs import Waiting, advance
from simulator.cli.interactive import prompt as interactive_prompt, send as interactive_send

__all__ = ["Result", "find_image", "held_diff_ids", "human_size", "image_from_loaded", "image_ref", "register_loaded", "run_docker", "Waiting", "advance", "interactive_prompt", "interactive_send"]
