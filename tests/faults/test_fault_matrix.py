"""Every cell of the fault matrix, sync and async, over real HTTP to the local Orchestrator.

A cell injects one fault, makes one call with a fresh client and checks: the exception
class and ``error_id`` (or the result), how many requests the server received, that a side
effect happened at most once, that ``save_project`` left no file behind, and that no key
shows in the error. The expectations live in ``fault_matrix.py``; ``make faults`` prints them.
Then, once per client kind: 100 faults in a row on one client, and its pool still works.
"""

from __future__ import annotations

import asyncio
import gc
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fault_matrix import EXPECTED, PENDING, cells
from fault_runner import (
    ENVELOPES,
    PROMPT,
    Cell,
    Lab,
    Observation,
    call_async,
    call_sync,
    client_kwargs,
    lab_client_kwargs,
    observing,
    prepare,
)
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError


def _params(mode: str) -> list[Any]:
    params = []
    for fault, kind in cells():
        marks = []
        if (fault, kind) in PENDING:
            marks.append(pytest.mark.xfail(reason=PENDING[fault, kind], strict=True))
        params.append(pytest.param(fault, kind, id=f"{fault}-{kind}-{mode}", marks=marks))
    return params


# Faults whose answer carries Retry-After: never waited for longer than the call's timeout.
RETRY_AFTER_FAULTS = ("empty_503", "429_seconds", "429_date", "429_beyond_timeout")


def check(cell: Cell, observation: Observation) -> None:
    """Everything a cell asserts, sync and async alike."""
    error = observation.error
    if error is not None and not isinstance(error, SkytellsError):
        raise AssertionError(f"a raw {type(error).__name__} escaped the SDK") from error
    assert observation.outcome == EXPECTED[cell.fault, cell.kind]

    effects = observation.outcome.side_effects
    assert effects is None or effects <= 1, "a side effect happened more than once"
    if cell.kind == "save":
        if error is None:
            assert observation.leftovers == [cell.target.name]
            with zipfile.ZipFile(cell.target) as archive:
                assert archive.testzip() is None
        else:
            assert observation.leftovers == [], "save_project left a file behind"
    elif cell.kind == "stream" and error is None:
        stream, operations = observation.result
        assert operations, "a good stream yields operations"
        assert stream.malformed_lines == (1 if cell.fault == "stream_malformed" else 0)

    if cell.fault in RETRY_AFTER_FAULTS:
        timeout = cell.timeout
        assert isinstance(timeout, float)
        assert all(delay <= timeout for delay in observation.sleeps), "waited past the timeout"
        if observation.outcome.requests == 2 and cell.fault in ("empty_503", "429_seconds"):
            assert observation.sleeps == [1.0], "Retry-After: 1 was not honoured"

    if isinstance(error, SkytellsError):
        server = cell.lab.server
        shown = f"{error} {error!r} {error.details}"
        assert server.api_key not in shown
        assert server.session_token not in shown
        if cell.fault in ENVELOPES:
            assert error.message == ENVELOPES[cell.fault][1], "the server's message was lost"
        if cell.fault == "500_error_object":
            assert error.request_id == "req_42"
        if cell.fault == "stream_error_event":
            assert error.message == "Model overloaded"


@pytest.mark.parametrize(("fault", "kind"), _params("sync"))
def test_sync(fault: str, kind: str, fault_lab: Lab, tmp_path: Path) -> None:
    cell = prepare(fault, kind, "sync", fault_lab, tmp_path)
    with observing(cell) as observation, Skytells(**client_kwargs(cell)) as client:
        observation.result = call_sync(client, cell)
    check(cell, observation)


@pytest.mark.parametrize(("fault", "kind"), _params("async"))
async def test_async(fault: str, kind: str, fault_lab: Lab, tmp_path: Path) -> None:
    cell = prepare(fault, kind, "async", fault_lab, tmp_path)
    with observing(cell) as observation:
        async with AsyncSkytells(**client_kwargs(cell)) as client:
            observation.result = await call_async(client, cell)
    check(cell, observation)


# A hundred faults on one client whose pool holds 100 connections: a single connection not
# given back per fault would leave the next call waiting for the pool until it times out.
POOL_FAULTS = (
    ("reset_before", "get"),
    ("reset_mid_body", "save"),
    ("reset_mid_stream", "stream"),
    ("html_502", "download"),
    ("stream_error_event", "stream"),
    ("invalid_json_2xx", "get"),
    ("truncated_zip", "save"),
    ("stream_no_complete", "stream"),
    ("500_error_object", "save"),
    ("wrong_type_2xx", "stream"),
)
POOL_ROUNDS = 100


def _pool_cell(index: int, fault_lab: Lab, tmp_path: Path, mode: str) -> Cell:
    fault, kind = POOL_FAULTS[index % len(POOL_FAULTS)]
    folder = tmp_path / str(index)
    folder.mkdir()
    return prepare(fault, kind, mode, fault_lab, folder)


def _normal_cells(fault_lab: Lab, tmp_path: Path, mode: str) -> list[Cell]:
    folder = tmp_path / "normal"
    folder.mkdir()
    return [Cell("none", kind, mode, fault_lab, folder) for kind in ("get", "stream", "save")]


def _check_normal(cell: Cell, result: Any) -> None:
    if cell.kind == "get":
        assert result.id == cell.lab.workflow_id
    elif cell.kind == "stream":
        _, operations = result
        assert operations
    else:
        assert result == cell.target
        assert zipfile.is_zipfile(cell.target)


def test_pool_survives_100_faults_sync(fault_lab: Lab, tmp_path: Path) -> None:
    with Skytells(**lab_client_kwargs(fault_lab)) as client:
        failing = client.with_options(max_retries=0)
        received = 0
        for index in range(POOL_ROUNDS):
            cell = _pool_cell(index, fault_lab, tmp_path, "sync")
            with pytest.raises(SkytellsError):
                call_sync(failing, cell)
            received += fault_lab.server.requests.count(path=cell.path)
            assert list(cell.tmp.iterdir()) == []
        assert received == POOL_ROUNDS
        fault_lab.server.faults.reset()
        for cell in _normal_cells(fault_lab, tmp_path, "sync"):
            _check_normal(cell, call_sync(client, cell))


async def test_pool_survives_100_faults_async(fault_lab: Lab, tmp_path: Path) -> None:
    async with AsyncSkytells(**lab_client_kwargs(fault_lab)) as client:
        failing = client.with_options(max_retries=0)
        received = 0
        for index in range(POOL_ROUNDS):
            cell = _pool_cell(index, fault_lab, tmp_path, "async")
            with pytest.raises(SkytellsError):
                await call_async(failing, cell)
            received += fault_lab.server.requests.count(path=cell.path)
            assert list(cell.tmp.iterdir()) == []
        assert received == POOL_ROUNDS
        fault_lab.server.faults.reset()
        for cell in _normal_cells(fault_lab, tmp_path, "async"):
            _check_normal(cell, await call_async(client, cell))


def _resource_warnings(caught: list[warnings.WarningMessage]) -> int:
    return sum(1 for item in caught if issubclass(item.category, ResourceWarning))


def _collect_now_and_then(index: int) -> None:
    # A stream and its reading generator refer to each other: the cycle collector frees them.
    if index % 20 == 19:
        gc.collect()


# A stream entered (its answer open), then dropped without close(): the collector must give
# its connection back, with a ResourceWarning as for files, or 100 of them drain the pool.
def test_pool_survives_100_dropped_streams_sync(fault_lab: Lab, tmp_path: Path) -> None:
    with Skytells(**lab_client_kwargs(fault_lab)) as client:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            for index in range(POOL_ROUNDS):
                stream = client.orchestrator.ai.generate_workflow(prompt=PROMPT)
                stream.__enter__()  # as a `with` block does
                del stream
                _collect_now_and_then(index)
        for cell in _normal_cells(fault_lab, tmp_path, "sync"):
            _check_normal(cell, call_sync(client, cell))
        assert _resource_warnings(caught) == POOL_ROUNDS


async def test_pool_survives_100_dropped_streams_async(fault_lab: Lab, tmp_path: Path) -> None:
    async with AsyncSkytells(**lab_client_kwargs(fault_lab)) as client:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            for index in range(POOL_ROUNDS):
                stream = client.orchestrator.ai.generate_workflow(prompt=PROMPT)
                await stream.__aenter__()  # as an `async with` block does
                del stream
                _collect_now_and_then(index)
                await asyncio.sleep(0)  # the loop runs what the collector scheduled
        for cell in _normal_cells(fault_lab, tmp_path, "async"):
            _check_normal(cell, await call_async(client, cell))
        assert _resource_warnings(caught) == POOL_ROUNDS
