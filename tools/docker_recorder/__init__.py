"""Replay a scenario file on a real Docker engine and record the state document it ends in."""
