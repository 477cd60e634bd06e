"""The two ways the kernel runner refuses a scenario: outside its subset, or invalid per the spec."""


class Unsupported(Exception):
    """The scenario uses something the kernel runner does not emulate; a test skips it."""


class ScenarioInvalid(Exception):
    """The scenario breaks the spec (scenarios.md section 2); the simulator must reject it too."""
