"""Deterministic ids: 64 hex digits from the scenario's seed and a counter, never from a clock."""
from __future__ import annotations

import hashlib


class IdGenerator:
    def __init__(self, seed: int | str = 0):
        self.seed = seed
        self.counter = 0

    def next(self, kind: str) -> str:
        """A fresh id. Like moby's stringid.GenerateRandomID, one whose first 12 characters
        are all digits is skipped, so a short id never looks like a number."""
        while True:
            self.counter += 1
            h = hashlib.sha256(f"layer-lab:{self.seed}:{kind}:{self.counter}".encode()).hexdigest()
            if not h[:12].isdigit():
                return h
