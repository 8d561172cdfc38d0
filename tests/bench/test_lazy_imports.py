"""Importing the package loads only what is used: the public names load on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest
import skytells_orchestrator

# What a program that only imports the package (or the client class) must not pay for.
HEAVY = (
    "skytells_orchestrator_client.models",
    "skytells_orchestrator.resources",
    "skytells_orchestrator._operations",
    "skytells_orchestrator._authoring",
    "skytells_orchestrator._streaming",
    "skytells_orchestrator._catalogue",
    "skytells_orchestrator._flow",
    "skytells_orchestrator.blocks",
    "asyncio",
    "anyio",
    "dateutil",
    "jsonschema",
    "starlette",
    "uvicorn",
)


def loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(output.split())


@pytest.mark.parametrize(
    "code",
    ["import skytells_orchestrator", "from skytells_orchestrator import Skytells, AsyncSkytells"],
)
def test_importing_loads_no_models_resources_or_event_loop(code: str) -> None:
    # What httpx loads by itself (some of its versions import anyio) is not ours to avoid.
    loaded = loaded_after(code) - loaded_after("import httpx")
    assert not {name for name in loaded if name.startswith(HEAVY)}


def test_a_client_loads_its_resources_on_first_use() -> None:
    loaded = loaded_after(
        "from skytells_orchestrator import Skytells\n"
        "client = Skytells(orchestrator_api_key='wfb_' + 'k' * 40)\n"
        "client.orchestrator.workflows\n"
    )
    assert "skytells_orchestrator.resources.workflows" in loaded
    assert "skytells_orchestrator_client.models" in loaded
    # A synchronous client never needs it (unless httpx itself loads it).
    assert "asyncio" not in loaded - loaded_after("import httpx")


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in skytells_orchestrator.__all__:
        assert getattr(skytells_orchestrator, name) is not None
    assert set(skytells_orchestrator.__all__) <= set(dir(skytells_orchestrator))
    namespace: dict[str, object] = {}
    exec("from skytells_orchestrator import *", namespace)
    assert set(skytells_orchestrator.__all__) <= set(namespace)


def test_public_names_are_the_objects_of_their_modules() -> None:
    from skytells_orchestrator._client import Skytells
    from skytells_orchestrator._errors import SkytellsError
    from skytells_orchestrator_client.models import Workflow

    assert skytells_orchestrator.Skytells is Skytells
    assert skytells_orchestrator.SkytellsError is SkytellsError
    assert skytells_orchestrator.Workflow is Workflow


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = skytells_orchestrator.Nope
    with pytest.raises(ImportError):
        exec("from skytells_orchestrator import Nope", {})
    assert not hasattr(skytells_orchestrator, "_client_typo")
