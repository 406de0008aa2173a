"""Defaults shared by the CLI and the library; no imports, so `mrplans --help` starts fast."""

DEFAULT_URL = "sqlite:///output/plans.db"
DEFAULT_PORT = 8001  # mrplans browse (Datasette)
