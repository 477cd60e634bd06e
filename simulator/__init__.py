"""Layer Lab: a simulator of how a Docker container sees its files."""
from simulator.messages import get_language, set_language

__all__ = ["get_language", "set_language"]
