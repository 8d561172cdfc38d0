"""Python client for the Skytells Orchestrator."""

from ._version import __version__

__all__ = ["__version__"]
