"""What `make build` produces: a checked sdist and wheel with the right files and metadata."""

from __future__ import annotations

import tarfile
import tomllib
import zipfile
from email.message import Message
from email.parser import Parser

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from release_support import REPO_ROOT, VERSION, BuiltDist

REQUIRED_FILES = [
    "skytells_orchestrator/__init__.py",
    "skytells_orchestrator/py.typed",
    # The catalogue of triggers and actions, read by blocks and by the local server.
    "skytells_orchestrator/catalogue.json",
    "skytells_orchestrator/blocks/_builders.py",
    "skytells_orchestrator_client/__init__.py",
    "skytells_orchestrator_client/py.typed",
]


@pytest.fixture(scope="module")
def wheel_names(built_dist: BuiltDist) -> list[str]:
    with zipfile.ZipFile(built_dist.wheel) as wheel:
        return wheel.namelist()


@pytest.fixture(scope="module")
def metadata(built_dist: BuiltDist) -> Message:
    with zipfile.ZipFile(built_dist.wheel) as wheel:
        text = wheel.read(f"skytells_orchestrator-{VERSION}.dist-info/METADATA").decode()
    return Parser().parsestr(text)


def test_build_names_the_current_version_and_passes_twine_check(built_dist: BuiltDist) -> None:
    assert built_dist.wheel.name == f"skytells_orchestrator-{VERSION}-py3-none-any.whl"
    assert built_dist.sdist.name == f"skytells_orchestrator-{VERSION}.tar.gz"
    checked = [line for line in built_dist.build_output.splitlines() if "PASSED" in line]
    assert any(built_dist.wheel.name in line for line in checked), built_dist.build_output
    assert any(built_dist.sdist.name in line for line in checked), built_dist.build_output


@pytest.mark.parametrize("name", REQUIRED_FILES)
def test_wheel_contains(wheel_names: list[str], name: str) -> None:
    assert name in wheel_names


def test_wheel_ships_only_the_two_packages(wheel_names: list[str]) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_names}
    assert tops == {
        "skytells_orchestrator",
        "skytells_orchestrator_client",
        f"skytells_orchestrator-{VERSION}.dist-info",
    }
    assert not [n for n in wheel_names if "tests/" in n or n.startswith("test")]


def test_wheel_metadata(metadata: Message) -> None:
    assert metadata["Name"] == "skytells-orchestrator"
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.11"
    base = {
        Requirement(req).name
        for req in metadata.get_all("Requires-Dist", [])
        if "extra ==" not in req
    }
    assert {"httpx", "attrs", "python-dateutil"} <= base
    assert {"server", "cli"} <= set(metadata.get_all("Provides-Extra", []))
    assert metadata["Description-Content-Type"] == "text/markdown"
    classifiers = metadata.get_all("Classifier", [])
    for version in ("3.11", "3.12", "3.13"):  # each one tested by `make test-all`
        assert f"Programming Language :: Python :: {version}" in classifiers
    labels = {url.split(",", 1)[0] for url in metadata.get_all("Project-URL", [])}
    assert {"Documentation", "Changelog", "Source", "Issues"} <= labels


def test_wheel_metadata_lists_no_development_tools(metadata: Message) -> None:
    """Test, lint and release tools are dependency groups: never in what users install."""
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    extras = project["optional-dependencies"].values()
    runtime = [*project["dependencies"], *(item for extra in extras for item in extra)]
    tools = {
        canonicalize_name(Requirement(item).name)
        for group in pyproject["dependency-groups"].values()
        for item in group
        if isinstance(item, str)
    } - {canonicalize_name(Requirement(item).name) for item in runtime}
    assert {"pytest", "ruff", "mypy", "twine"} <= tools
    listed = {canonicalize_name(Requirement(r).name) for r in metadata.get_all("Requires-Dist", [])}
    assert sorted(tools & listed) == []
    assert "dev" not in metadata.get_all("Provides-Extra", [])


def test_sdist_has_the_release_sources(built_dist: BuiltDist) -> None:
    prefix = f"skytells_orchestrator-{VERSION}/"
    with tarfile.open(built_dist.sdist) as sdist:
        names = {name.removeprefix(prefix) for name in sdist.getnames()}
    expected = [
        "PKG-INFO",
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "openapi.yaml",
        "overlay/skytells_orchestrator/_version.py",
        "overlay/skytells_orchestrator/py.typed",
        "generated/skytells_orchestrator_client/py.typed",
    ]
    assert [name for name in expected if name not in names] == []
