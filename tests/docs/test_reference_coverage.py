"""Every public name has an entry in the API reference (``docs/reference/``).

The entries are mkdocstrings directives (``::: dotted.name``) rendered from the docstrings and
type hints when the site is built; these tests make sure none is missing, so a name added to
``__all__`` without a reference entry fails here rather than going undocumented.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import skytells_orchestrator
import skytells_orchestrator.local
from skytells_orchestrator import AsyncOrchestrator, Orchestrator

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"
DIRECTIVE = re.compile(r"^:::\s+(?P<name>[\w.]+)\s*$", re.MULTILINE)


def _documented() -> set[str]:
    return {
        match.group("name")
        for page in REFERENCE.glob("*.md")
        for match in DIRECTIVE.finditer(page.read_text("utf-8"))
    }


def test_every_name_of_the_package_is_in_the_reference() -> None:
    documented = _documented()
    missing = [
        name
        for name in skytells_orchestrator.__all__
        if f"skytells_orchestrator.{name}" not in documented
    ]
    assert missing == []


def test_every_name_of_the_local_server_is_in_the_reference() -> None:
    documented = _documented()
    missing = [
        name
        for name in skytells_orchestrator.local.__all__
        if f"skytells_orchestrator.local.{name}" not in documented
    ]
    assert missing == []


def test_every_sub_resource_class_is_in_the_reference() -> None:
    documented = _documented()
    # The holders make their sub-resources in __init__; no request is sent, so a stand-in
    # requester is enough to list them.
    classes = {
        type(resource)
        for holder in (Orchestrator, AsyncOrchestrator)
        for resource in vars(holder(requester=None)).values()  # type: ignore[arg-type]
    }
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if f"{cls.__module__}.{cls.__qualname__}" not in documented
    )
    assert len(classes) >= 14 and missing == []


def test_every_directive_names_something_that_exists() -> None:
    """A stale entry (a renamed or removed name) is caught here as well as by ``make docs``."""
    for dotted in sorted(_documented()):
        module_name, _, attribute = dotted.rpartition(".")
        try:
            module = importlib.import_module(dotted)
        except ImportError:
            module = importlib.import_module(module_name)
            assert hasattr(module, attribute), dotted
        else:
            assert module is not None
