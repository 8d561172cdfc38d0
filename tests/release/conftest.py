"""Fixtures of the release tests (defined in release_support.py, which the tests also import)."""

from release_support import built_dist, package_index

__all__ = ["built_dist", "package_index"]
