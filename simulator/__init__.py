"""Layer Lab: a simulator of how a Docker container sees its files."""
