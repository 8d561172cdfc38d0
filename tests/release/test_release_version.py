"""The version has one source, `_version.py`; everything else that states it agrees."""

from __future__ import annotations

import re

import skytells_orchestrator
import yaml
from packaging.version import Version
from release_support import REPO_ROOT, VERSION


def test_version_file_is_the_package_version() -> None:
    assert skytells_orchestrator.__version__ == VERSION
    assert str(Version(VERSION)) == VERSION, "use the normalized PEP 440 form"


def test_hatch_reads_the_version_from_version_file() -> None:
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "overlay/skytells_orchestrator/_version.py"' in pyproject


def test_openapi_info_version_matches() -> None:
    spec = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    assert str(spec["info"]["version"]) == VERSION, (
        "bump info.version in openapi.yaml together with _version.py"
    )


def test_changelog_has_a_section_for_the_version() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[Unreleased\]$", changelog, re.MULTILINE)
    heading = rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$"
    assert re.search(heading, changelog, re.MULTILINE), f"CHANGELOG.md has no [{VERSION}] section"
