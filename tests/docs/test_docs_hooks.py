"""The documentation hooks on their own, without building the site (``tests/site`` reads the
built pages): the fault matrix split per call, and the reference's presentation of the
clients (``docs/hooks/fault_matrix.py``, ``docs/hooks/reference_presentation.py``)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import griffe
import pytest
from doc_snippets import ROOT

HOOKS = ROOT / "docs" / "hooks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fault_matrix = _load("fault_matrix")

MATRIX = """intro
<!-- fault-matrix:start -->
| Fault | GET | POST |
|---|---|---|
| Refused | `APIConnectionError`, 3 attempts | `APIConnectionError`, no write |
| Cut stream | n/a | `StreamError` |
<!-- fault-matrix:end -->
"""


def test_the_matrix_becomes_one_table_per_call_without_what_does_not_apply() -> None:
    assert fault_matrix.by_call(MATRIX) == (
        "### GET\n\n| Fault | Outcome |\n|---|---|\n"
        "| Refused | `APIConnectionError`, 3 attempts |\n\n"
        "### POST\n\n| Fault | Outcome |\n|---|---|\n"
        "| Refused | `APIConnectionError`, no write |\n| Cut stream | `StreamError` |\n"
    )


def test_the_readme_matrix_splits_into_every_call_kind() -> None:
    page = fault_matrix.by_call((ROOT / "README.md").read_text("utf-8"))
    assert page.count("### ") == 6 and "n/a" not in page


@pytest.mark.parametrize(
    "readme",
    [
        "no markers at all",
        MATRIX.replace("| Cut stream | n/a | `StreamError` |", "| Cut stream | n/a |"),
    ],
)
def test_a_broken_matrix_fails_the_build(readme: str) -> None:
    with pytest.raises(ValueError):
        fault_matrix.by_call(readme)


def test_the_page_marker_is_replaced_only_where_it_is() -> None:
    assert fault_matrix.on_page_markdown("# Other\n", page=None) == "# Other\n"
    filled = fault_matrix.on_page_markdown(f"# R\n\n{fault_matrix.MARKER}\n", page=None)
    assert fault_matrix.MARKER not in filled and "| Fault | Outcome |" in filled


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    extensions = griffe.load_extensions(
        f"{HOOKS / 'reference_presentation.py'}:ReferencePresentation"
    )
    loaded = griffe.load(
        "skytells_orchestrator",
        search_paths=[str(ROOT / "overlay"), str(ROOT / "generated")],
        extensions=extensions,
    )
    assert isinstance(loaded, griffe.Module)
    return loaded


@pytest.mark.parametrize(
    ("client", "http_client"),
    [("Skytells", "httpx.Client | None"), ("AsyncSkytells", "httpx.AsyncClient | None")],
)
def test_a_client_shows_its_own_types_members_and_defaults(
    package: griffe.Module, client: str, http_client: str
) -> None:
    cls = package[client].final_target
    assert cls.bases == []  # the private generic base is not shown
    init = cls.members["__init__"].parameters
    assert str(init["http_client"].annotation) == http_client  # not the type variable H
    assert str(init["timeout"].default) == "60.0"  # not DEFAULT_TIMEOUT
    with_options = cls.members["with_options"].parameters
    assert str(with_options["timeout"].annotation) == "float | httpx.Timeout"  # no _NotGiven
    assert str(with_options["timeout"].default) == "NOT_GIVEN"  # a name without a literal value
    assert {"base_url", "timeout", "max_retries"} <= set(cls.members)


def test_the_private_base_itself_is_left_as_written(package: griffe.Module) -> None:
    base = package["_client._ClientBase"]
    assert str(base.members["__init__"].parameters["http_client"].annotation) == "H | None"
