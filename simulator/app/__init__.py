"""The `layer-lab` command: the course (lab, voila, course copy, grade) and the simulator's verbs (run, draw, ...)."""
