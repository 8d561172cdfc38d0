"""Every public call documents itself in the one style the reference renders (Google).

For the methods of the sub-resources and the clients, the authoring classes and the functions
of ``skytells_orchestrator.__all__``: a docstring whose first line is a sentence of its own;
an ``Args:`` section naming every parameter; a ``Returns:`` section when something is
returned; a ``Raises:`` section naming only real error classes of the package, for every call
that can raise one. The docstrings are read with griffe's Google parser, the one the site uses,
and any warning it gives (an entry it cannot read, a confusing indentation) fails the test.

The errors every request can raise (a status error, no answer, a closed client, a bad id, an
unreadable answer) are said once, in the errors guide and the clients' docstrings: a
sub-resource method links that shared list and lists under ``Raises:`` only its own errors.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import griffe
import pytest
import skytells_orchestrator
from skytells_orchestrator import (
    AsyncOrchestrator,
    AsyncSkytells,
    Orchestrator,
    Skytells,
    SkytellsError,
    WorkflowDraft,
)

# Client members that cannot raise: reading an option, or closing (safe to call twice).
CANNOT_RAISE = frozenset({"base_url", "timeout", "max_retries", "close", "aclose"})

# The shared list of the errors every request can raise (errors guide, clients' docstrings).
SHARED_LINK = "][errors-every-call-can-raise]"
# Errors of every request: a sub-resource method links the shared list instead of naming them.
SHARED_CLASSES = frozenset({"APIStatusError", "APIConnectionError", "APITimeoutError"})
SHARED_WORDS = ("CLIENT_CLOSED", "EVENT_LOOP_MISMATCH", "unreadable answer", "The errors of")


def _sub_resource_classes() -> list[type]:
    # The holders make their sub-resources in __init__; no request is sent, so a stand-in
    # requester is enough to list them.
    return sorted(
        {
            type(resource)
            for holder in (Orchestrator, AsyncOrchestrator)
            for resource in vars(holder(requester=None)).values()  # type: ignore[arg-type]
        },
        key=lambda cls: cls.__qualname__,
    )


def _public_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public functions and properties defined on ``cls`` or a base of the package."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("skytells_orchestrator"):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            if inspect.isfunction(value):
                yield name, value
            elif isinstance(value, property):
                yield name, value.fget
            elif hasattr(value, "func") and hasattr(value, "attrname"):  # cached_property
                yield name, value.func


def _targets() -> list[tuple[str, Callable[..., Any], bool | str, bool]]:
    """(name, function, may raise, is a property) for every call the reference documents.

    "may raise" is ``"request"`` for the sub-resource methods, which link the shared list.
    """
    targets: list[tuple[str, Callable[..., Any], bool | str, bool]] = []
    for cls in _sub_resource_classes():
        for name, function in _public_members(cls):
            targets.append((f"{cls.__qualname__}.{name}", function, "request", False))
    for cls in (Skytells, AsyncSkytells):
        for name, function in _public_members(cls):
            is_property = not inspect.isfunction(getattr(cls, name))
            targets.append(
                (f"{cls.__qualname__}.{name}", function, name not in CANNOT_RAISE, is_property)
            )
    for name, function in _public_members(WorkflowDraft):
        # Drafts are plain data: applying, checking and copying them raises nothing typed.
        targets.append((f"WorkflowDraft.{name}", function, False, False))
    for name in skytells_orchestrator.__all__:
        value = getattr(skytells_orchestrator, name)
        if inspect.isfunction(value):
            targets.append((name, value, True, False))
    return targets


def _sections(text: str, caplog: pytest.LogCaptureFixture) -> dict[str, Any]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="griffe"):
        parsed = griffe.Docstring(text).parse("google", warn_missing_types=False)
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == [], warnings
    return {section.kind.value: section.value for section in parsed}


def _parameters(function: Callable[..., Any]) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]


def _returns_something(function: Callable[..., Any]) -> bool:
    annotation = inspect.signature(function).return_annotation
    return annotation not in ("None", None, inspect.Signature.empty)


def problems_of(
    function: Callable[..., Any],
    *,
    may_raise: bool | str,
    is_property: bool = False,
    parameters: list[str] | None = None,
    caplog: pytest.LogCaptureFixture,
) -> list[str]:
    """What is missing from one docstring (empty when it follows the style)."""
    text = inspect.getdoc(function)
    if not text:
        return ["no docstring"]
    lines = text.splitlines()
    found: list[str] = []
    summary = lines[0].strip()
    if not (summary[:1].isupper() and summary.endswith(".")):
        found.append(f"first line is not a sentence: {summary!r}")
    if len(lines) > 1 and lines[1].strip():
        found.append("the first sentence runs over more than one line")
    sections = _sections(text, caplog)
    wanted = _parameters(function) if parameters is None else parameters
    documented = [parameter.name.lstrip("*") for parameter in sections.get("parameters", [])]
    missing = [name for name in wanted if name not in documented]
    if missing:
        found.append(f"Args: does not name {missing}")
    if not is_property and _returns_something(function) and "returns" not in sections:
        found.append("no Returns: section")
    raises = sections.get("raises", [])
    raised = [str(item.annotation) for item in raises]
    if may_raise == "request":
        if text.count(SHARED_LINK) != 1:
            found.append("does not link the shared list of errors once")
        for item in raises:
            if str(item.annotation) in SHARED_CLASSES:
                found.append(f"Raises: names {item.annotation}, an error of every call")
            found.extend(
                f"Raises: {item.annotation} repeats {word!r} from the shared list"
                for word in SHARED_WORDS
                if word in item.description
            )
    elif may_raise and not raised:
        found.append("no Raises: section")
    if may_raise:
        for name in raised:
            error = getattr(skytells_orchestrator, name, None)
            if not (isinstance(error, type) and issubclass(error, SkytellsError)):
                found.append(f"Raises: names {name!r}, not an error class of the package")
    return found


@pytest.mark.parametrize(
    ("name", "function", "may_raise", "is_property"),
    _targets(),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_public_call_is_documented(
    name: str,
    function: Callable[..., Any],
    may_raise: bool | str,
    is_property: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert problems_of(function, may_raise=may_raise, is_property=is_property, caplog=caplog) == []


@pytest.mark.parametrize("cls", [Skytells, AsyncSkytells], ids=lambda cls: cls.__name__)
def test_client_documents_every_constructor_argument(
    cls: type, caplog: pytest.LogCaptureFixture
) -> None:
    # The reference merges __init__ into the class: the class docstring holds its arguments.
    wanted = _parameters(cls.__init__)  # type: ignore[misc]
    assert len(wanted) >= 10
    found = problems_of(cls, may_raise=True, is_property=True, parameters=wanted, caplog=caplog)
    assert found == []


def test_every_sub_resource_and_client_method_is_checked() -> None:
    names = {target[0] for target in _targets()}
    assert len(_sub_resource_classes()) == 14
    assert {"Workflows.create", "AsyncWorkflows.save_project", "AsyncAi.generate_workflow"} <= names
    assert {"Skytells.with_options", "AsyncSkytells.aclose", "Skytells.orchestrator"} <= names
    assert {"validate_workflow", "check_input", "input_schema"} <= names


def test_the_check_finds_what_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    def undocumented(workflow_id: str) -> str:
        return workflow_id

    def loose(workflow_id: str, *, timeout: float) -> str:
        """the workflow,
        as text

        Args:
            workflow_id: The id.

        Raises:
            ValueError: Never.
        """
        return workflow_id

    assert problems_of(undocumented, may_raise=True, caplog=caplog) == ["no docstring"]
    assert problems_of(loose, may_raise=True, caplog=caplog) == [
        "first line is not a sentence: 'the workflow,'",
        "the first sentence runs over more than one line",
        "Args: does not name ['timeout']",
        "no Returns: section",
        "Raises: names 'ValueError', not an error class of the package",
    ]


def test_an_async_twin_points_at_a_real_sync_method() -> None:
    classes = {cls.__qualname__: cls for cls in _sub_resource_classes()}
    pointers = {
        name: re.findall(r"Raises what `(\w+)\.(\w+)` raises", inspect.getdoc(function) or "")
        for name, function, _, _ in _targets()
        if name.startswith("Async") and "." in name
    }
    assert sum(map(len, pointers.values())) >= 25
    for name, found in pointers.items():
        for owner, method in found:
            assert owner == name.split(".")[0].removeprefix("Async"), name
            assert method == name.split(".")[1], name
            assert inspect.isfunction(getattr(classes[owner], method, None)), name


def test_a_method_repeating_the_shared_errors_fails(caplog: pytest.LogCaptureFixture) -> None:
    def copied(workflow_id: str) -> None:
        """Delete a workflow.

        Args:
            workflow_id: The id.

        Raises:
            NotFoundError: No such workflow.
            SkytellsError: ``SDK_ERROR`` for a bad id; ``CLIENT_CLOSED`` on a closed client.
            APIStatusError: Another refusal (a subclass per status).
            APIConnectionError: No answer arrived.
        """

    def own(workflow_id: str) -> None:
        """Delete a workflow.

        Args:
            workflow_id: The id.

        Raises:
            NotFoundError: No such workflow.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """

    assert problems_of(copied, may_raise="request", caplog=caplog) == [
        "does not link the shared list of errors once",
        "Raises: SkytellsError repeats 'CLIENT_CLOSED' from the shared list",
        "Raises: names APIStatusError, an error of every call",
        "Raises: names APIConnectionError, an error of every call",
    ]
    assert problems_of(own, may_raise="request", caplog=caplog) == []


def test_an_entry_griffe_cannot_read_fails(caplog: pytest.LogCaptureFixture) -> None:
    def broken(workflow_id: str) -> None:
        """Do something.

        Args:
            workflow_id the id, without its colon
        """

    with pytest.raises(AssertionError, match="Failed to get 'name: description' pair"):
        problems_of(broken, may_raise=False, caplog=caplog)
