"""A local emulator of the Spectro Cloud Palette REST API.

It serves the subset of ``/v1`` that the ``spectrocloud.palette`` collection uses, with the same shapes,
status codes, scopes, pagination and rate limits as the real service (see README.md, "Fidelity choices"),
plus an admin API under ``/__emulator__`` that tests use to inspect state and inject faults.
"""

__version__ = "0.1.0"
