"""Project downloads, code and logs: every wire shape, and atomic saving to disk."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sdk_support import (
    NOW,
    AsyncFailingStream,
    FailingStream,
    Recorder,
    execution_json,
    log_entry_json,
    mock_async_client,
    mock_client,
    ok,
    raw,
)
from skytells_orchestrator import (
    APIConnectionError,
    AsyncSkytells,
    Execution,
    InternalServerError,
    NotFoundError,
    Skytells,
    SkytellsError,
)
from skytells_orchestrator.local import LocalOrchestrator

FILES = {
    "package.json": '{"name": "flow"}',
    "src/index.ts": "export const x = 1;\n",
    "README.md": "# Flow\n",
}
ZIP_HEADERS = {"content-type": "application/zip"}


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


# ------------------------------------------------------------------ download_project


def test_files_json_becomes_a_zip() -> None:
    client = mock_client(Recorder(ok({"success": True, "files": FILES})))
    data = client.orchestrator.workflows.download_project("wf_1")
    assert data.startswith(b"PK\x03\x04")
    assert _unzip(data) == FILES


def test_zip_body_passed_through_unchanged() -> None:
    archive = _zip(FILES)
    client = mock_client(Recorder(raw(200, archive, headers=ZIP_HEADERS)))
    assert client.orchestrator.workflows.download_project("wf_1") == archive


async def test_async_both_download_shapes() -> None:
    archive = _zip(FILES)
    client = mock_async_client(
        Recorder(ok({"success": True, "files": FILES}), raw(200, archive, headers=ZIP_HEADERS))
    )
    assert _unzip(await client.orchestrator.workflows.download_project("wf_1")) == FILES
    assert await client.orchestrator.workflows.download_project("wf_1") == archive


def test_local_server_download_is_a_valid_zip(client: Skytells) -> None:
    created = client.orchestrator.workflows.create(name="Zipped")
    files = _unzip(client.orchestrator.workflows.download_project(created.id))
    assert files
    assert all(not name.startswith(("/", "..")) for name in files)


@pytest.mark.parametrize(
    "path", ["../x", "/etc/x", "a/../../x", "..", "C:/evil", "..\\win", "", "\\\\server\\share"]
)
def test_unsafe_paths_in_files_refused(path: str) -> None:
    client = mock_client(
        Recorder(ok({"success": True, "files": {"ok.txt": "fine", path: "pwned"}}))
    )
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.download_project("wf_1")
    assert caught.value.error_id == "INVALID_JSON"


@pytest.mark.parametrize(
    "reply",
    [
        ok({"success": True, "files": ["a.txt"]}),
        ok({"success": True, "files": {"a.txt": 1}}),
        ok({"success": True}),
        raw(200, b"not a zip", headers=ZIP_HEADERS),
        raw(200, b"", headers=ZIP_HEADERS),
        raw(200, b"<html>login</html>", headers={"content-type": "text/html"}),
    ],
    ids=["files list", "non-text content", "no files", "not a zip", "empty zip", "html"],
)
def test_download_of_the_wrong_shape_is_invalid_json(reply: Callable[..., httpx.Response]) -> None:
    client = mock_client(Recorder(reply))
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.download_project("wf_1")
    assert caught.value.error_id == "INVALID_JSON"


def test_success_false_keeps_the_message() -> None:
    for status in (200, 500):
        client = mock_client(
            Recorder(ok({"success": False, "error": "Build failed"}, status=status)), max_retries=0
        )
        with pytest.raises(SkytellsError) as caught:
            client.orchestrator.workflows.download_project("wf_1")
        assert caught.value.message == "Build failed"
        assert caught.value.error_id == "INTERNAL_ERROR"


def test_download_cut_mid_body_is_retried_as_a_get(
    server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    created = client.orchestrator.workflows.create(name="Retried download")
    server.faults.drop_connection(after_bytes=20, path=f"/api/workflows/{created.id}/download")
    assert _unzip(client.orchestrator.workflows.download_project(created.id))
    assert server.requests.count("GET", f"/api/workflows/{created.id}/download") == 2


# ------------------------------------------------------------------ save_project


def test_save_project_writes_the_zip(tmp_path: Path, client: Skytells) -> None:
    created = client.orchestrator.workflows.create(name="Saved")
    target = tmp_path / "project.zip"
    result = client.orchestrator.workflows.save_project(created.id, target)
    assert result == target
    assert _unzip(target.read_bytes()) == _unzip(
        client.orchestrator.workflows.download_project(created.id)
    )
    assert _leftovers(tmp_path) == ["project.zip"]


def test_save_project_zip_body_written_byte_for_byte(tmp_path: Path) -> None:
    archive = _zip(FILES)
    client = mock_client(Recorder(raw(200, archive, headers=ZIP_HEADERS)))
    target = tmp_path / "p.zip"
    assert client.orchestrator.workflows.save_project("wf_1", str(target)) == target
    assert target.read_bytes() == archive
    assert _leftovers(tmp_path) == ["p.zip"]


def test_save_project_replaces_an_existing_file_on_success(tmp_path: Path) -> None:
    target = tmp_path / "p.zip"
    target.write_bytes(b"old")
    client = mock_client(Recorder(ok({"success": True, "files": FILES})))
    client.orchestrator.workflows.save_project("wf_1", target)
    assert _unzip(target.read_bytes()) == FILES
    assert _leftovers(tmp_path) == ["p.zip"]


async def test_async_save_project(tmp_path: Path, aclient: AsyncSkytells) -> None:
    created = await aclient.orchestrator.workflows.create(name="Async saved")
    target = tmp_path / "a.zip"
    assert await aclient.orchestrator.workflows.save_project(created.id, target) == target
    assert _unzip(target.read_bytes())
    assert _leftovers(tmp_path) == ["a.zip"]


def _cut_zip(request: httpx.Request) -> httpx.Response:
    archive = _zip(FILES)
    return httpx.Response(
        200, headers=ZIP_HEADERS, stream=FailingStream([archive[:30]], httpx.ReadError("reset"))
    )


SAVE_FAILURES: list[tuple[str, Callable[..., httpx.Response], type[SkytellsError], str]] = [
    ("404", ok({"error": "Workflow not found"}, status=404), NotFoundError, "NOT_FOUND"),
    (
        "500 success false",
        ok({"success": False, "error": "boom"}, status=500),
        InternalServerError,
        "INTERNAL_ERROR",
    ),
    ("cut mid zip", _cut_zip, APIConnectionError, "NETWORK_ERROR"),
    (
        "html",
        raw(200, "<html>login</html>", headers={"content-type": "text/html"}),
        SkytellsError,
        "INVALID_JSON",
    ),
    ("empty zip", raw(200, b"", headers=ZIP_HEADERS), SkytellsError, "INVALID_JSON"),
    (
        "bad json",
        raw(200, '{"success": tr', headers={"content-type": "application/json"}),
        SkytellsError,
        "INVALID_JSON",
    ),
    (
        "unsafe path",
        ok({"success": True, "files": {"../evil": "x"}}),
        SkytellsError,
        "INVALID_JSON",
    ),
    (
        "200 success false",
        ok({"success": False, "error": "Build failed"}),
        SkytellsError,
        "INTERNAL_ERROR",
    ),
]


@pytest.mark.parametrize(
    ("reply", "cls", "error_id"), [c[1:] for c in SAVE_FAILURES], ids=[c[0] for c in SAVE_FAILURES]
)
@pytest.mark.parametrize("existing", [False, True], ids=["no file", "existing file"])
def test_failed_save_leaves_no_file_and_no_temp(
    tmp_path: Path,
    reply: Callable[..., httpx.Response],
    cls: type[SkytellsError],
    error_id: str,
    existing: bool,
) -> None:
    target = tmp_path / "project.zip"
    if existing:
        target.write_bytes(b"precious")
    client = mock_client(Recorder(reply), max_retries=0)
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    assert isinstance(caught.value, cls)
    assert caught.value.error_id == error_id
    if existing:
        assert target.read_bytes() == b"precious"
        assert _leftovers(tmp_path) == ["project.zip"]
    else:
        assert _leftovers(tmp_path) == []


async def test_async_failed_save_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "project.zip"
    target.write_bytes(b"precious")
    archive = _zip(FILES)

    def cut(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers=ZIP_HEADERS,
            stream=AsyncFailingStream([archive[:40]], httpx.ReadError("reset")),
        )

    client = mock_async_client(Recorder(cut))
    with pytest.raises(APIConnectionError):
        await client.orchestrator.workflows.save_project("wf_1", target)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == ["project.zip"]
    client_404 = mock_async_client(Recorder(ok({"error": "Workflow not found"}, status=404)))
    with pytest.raises(NotFoundError):
        await client_404.orchestrator.workflows.save_project("wf_1", tmp_path / "other.zip")
    assert _leftovers(tmp_path) == ["project.zip"]


def test_truncated_zip_is_not_returned_by_download_project() -> None:
    archive = _zip(FILES)
    client = mock_client(Recorder(raw(200, archive[: len(archive) // 2], headers=ZIP_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.download_project("wf_1")
    assert caught.value.error_id == "INVALID_JSON"


def test_truncated_zip_is_not_saved(tmp_path: Path) -> None:
    archive = _zip(FILES)
    target = tmp_path / "project.zip"
    target.write_bytes(b"precious")
    client = mock_client(Recorder(raw(200, archive[: len(archive) // 2], headers=ZIP_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    assert caught.value.error_id == "INVALID_JSON"
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == ["project.zip"]


def _deflated_zip_with(damage: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("src/index.ts", "export const x = 1;\n" * 200)
    data = bytearray(buffer.getvalue())
    if damage == "deflate data that does not inflate":
        start = 30 + len("src/index.ts")
        data[start : start + 8] = b"\xff" * 8
    else:  # the encrypted flag, in the local and the central header
        data[6] |= 1
        data[data.index(b"PK\x01\x02") + 8] |= 1
    return bytes(data)


@pytest.mark.parametrize("damage", ["deflate data that does not inflate", "encrypted"])
def test_a_zip_that_cannot_be_checked_is_a_typed_error_and_nothing_is_saved(
    damage: str, tmp_path: Path
) -> None:
    # zipfile itself raises zlib.error and RuntimeError for these: never raw to the caller.
    body = _deflated_zip_with(damage)
    client = mock_client(Recorder(raw(200, body, headers=ZIP_HEADERS)))
    target = tmp_path / "project.zip"
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    assert caught.value.error_id == "INVALID_JSON"
    assert _leftovers(tmp_path) == []
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.download_project("wf_1")
    assert caught.value.error_id == "INVALID_JSON"


@pytest.mark.parametrize("content_type", ["text/plain", None])
def test_save_project_accepts_what_download_project_accepts(
    tmp_path: Path, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    body = json.dumps({"success": True, "files": FILES})
    client = mock_client(Recorder(raw(200, body, headers=headers)))
    assert _unzip(client.orchestrator.workflows.download_project("wf_1")) == FILES
    target = tmp_path / "p.zip"
    client.orchestrator.workflows.save_project("wf_1", target)
    assert _unzip(target.read_bytes()) == FILES


def test_save_project_cut_mid_body_is_sent_again_and_saved_whole(
    tmp_path: Path, server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    created = client.orchestrator.workflows.create(name="Dropped once")
    path = f"/api/workflows/{created.id}/download"
    target = tmp_path / "project.zip"
    target.write_bytes(b"precious")
    seen: list[int] = []
    server.faults.drop_connection(after_bytes=50, path=path)
    saved = client.orchestrator.workflows.save_project(
        created.id, target, on_progress=lambda received, total: seen.append(received)
    )
    assert saved == target
    assert _unzip(target.read_bytes()) == _unzip(
        client.orchestrator.workflows.download_project(created.id)
    )
    assert server.requests.count("GET", path) == 3  # the cut answer, the saved one, the check
    assert len(sleeps) == 1
    assert _leftovers(tmp_path) == ["project.zip"]
    assert seen[0] <= 50 < seen[-1]  # the cut answer's bytes, then the new answer's from 0


def test_save_project_cut_on_its_last_attempt_leaves_the_file_alone(
    tmp_path: Path, server: LocalOrchestrator, client: Skytells
) -> None:
    created = client.orchestrator.workflows.create(name="Dropped")
    target = tmp_path / "project.zip"
    target.write_bytes(b"precious")
    server.faults.drop_connection(after_bytes=50, path=f"/api/workflows/{created.id}/download")
    with pytest.raises(APIConnectionError):
        client.with_options(max_retries=0).orchestrator.workflows.save_project(created.id, target)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == ["project.zip"]


async def test_async_save_project_cut_mid_body_is_sent_again(
    tmp_path: Path, server: LocalOrchestrator, aclient: AsyncSkytells, sleeps: list[float]
) -> None:
    created = await aclient.orchestrator.workflows.create(name="Dropped once")
    path = f"/api/workflows/{created.id}/download"
    server.faults.drop_connection(after_bytes=50, path=path)
    target = await aclient.orchestrator.workflows.save_project(created.id, tmp_path / "p.zip")
    assert _unzip(target.read_bytes())
    assert server.requests.count("GET", path) == 2
    assert _leftovers(tmp_path) == ["p.zip"]


def test_404_on_the_local_server_leaves_nothing(tmp_path: Path, client: Skytells) -> None:
    with pytest.raises(NotFoundError):
        client.orchestrator.workflows.save_project("missing", tmp_path / "p.zip")
    assert _leftovers(tmp_path) == []


def test_unwritable_directory_is_an_sdk_error(tmp_path: Path) -> None:
    recorder = Recorder(ok({"success": True, "files": FILES}))
    client = mock_client(recorder)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", blocker / "p.zip")
    assert caught.value.error_id == "SDK_ERROR"
    with pytest.raises(SkytellsError):
        client.orchestrator.workflows.save_project("wf_1", tmp_path / "missing-dir" / "p.zip")
    assert _leftovers(tmp_path) == ["a-file"]


def test_failure_to_publish_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    target = tmp_path / "p.zip"
    target.write_bytes(b"precious")
    client = mock_client(Recorder(ok({"success": True, "files": FILES})))
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    monkeypatch.undo()
    assert caught.value.error_id == "SDK_ERROR"
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == ["p.zip"]


def test_target_that_is_a_directory_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside.txt").write_text("keep")
    client = mock_client(Recorder(ok({"success": True, "files": FILES})))
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    assert caught.value.error_id == "SDK_ERROR"
    assert _leftovers(tmp_path) == ["taken"]
    assert (target / "inside.txt").read_text() == "keep"


# ------------------------------------------------------------------ get_code


def test_get_code_from_json() -> None:
    client = mock_client(Recorder(ok({"code": "export default 1;\n", "workflowName": "Flow"})))
    assert client.orchestrator.workflows.get_code("wf_1") == "export default 1;\n"


def test_get_code_from_plain_text() -> None:
    source = 'const greeting = "héllo";\n'
    client = mock_client(
        Recorder(raw(200, source.encode(), headers={"content-type": "text/plain; charset=utf-8"}))
    )
    assert client.orchestrator.workflows.get_code("wf_1") == source


async def test_async_get_code_both_shapes() -> None:
    client = mock_async_client(
        Recorder(
            ok({"code": "a", "workflowName": "F"}),
            raw(200, "b", headers={"content-type": "text/plain"}),
        )
    )
    assert await client.orchestrator.workflows.get_code("wf_1") == "a"
    assert await client.orchestrator.workflows.get_code("wf_1") == "b"


def test_get_code_on_the_local_server_is_source_not_json(client: Skytells) -> None:
    created = client.orchestrator.workflows.create(name="Coded")
    code = client.orchestrator.workflows.get_code(created.id)
    assert isinstance(code, str) and code
    with pytest.raises(json.JSONDecodeError):
        json.loads(code)


# ------------------------------------------------------------------ get_logs


def test_get_logs_from_the_upstream_object() -> None:
    body = {
        "execution": execution_json(workflow={"id": "wf_1"}),
        "logs": [log_entry_json(), log_entry_json(id="log_2")],
    }
    logs = mock_client(Recorder(ok(body))).orchestrator.executions.get_logs("ex_1")
    assert [entry.id for entry in logs] == ["log_1", "log_2"]


def test_get_logs_from_a_bare_array() -> None:
    logs = mock_client(Recorder(ok([log_entry_json()]))).orchestrator.executions.get_logs("ex_1")
    assert [entry.node_id for entry in logs] == ["n1"]


async def test_async_get_logs_both_shapes() -> None:
    client = mock_async_client(
        Recorder(ok({"execution": execution_json(), "logs": []}), ok([log_entry_json()]))
    )
    assert await client.orchestrator.executions.get_logs("ex_1") == []
    assert len(await client.orchestrator.executions.get_logs("ex_1")) == 1


# ------------------------------------------------------------------ executions.get


def test_get_reads_the_execution_of_the_logs_answer() -> None:
    body = {
        "execution": execution_json(
            status="error",
            output={"sent": False},
            error="Step failed",
            completedAt=NOW,
            duration="120",
            workflow={"id": "wf_1", "name": "Signup"},
        ),
        "logs": [log_entry_json()],
    }
    recorder = Recorder(ok(body))
    run = mock_client(recorder).orchestrator.executions.get("ex_1")
    assert isinstance(run, Execution)
    assert recorder.last.url.path == "/api/workflows/executions/ex_1/logs"
    assert (run.id, run.workflow_id, run.status, run.output, run.error, run.duration) == (
        "ex_1",
        "wf_1",
        "error",
        {"sent": False},
        "Step failed",
        "120",
    )
    assert run.additional_properties["workflow"] == {"id": "wf_1", "name": "Signup"}


def test_get_refuses_the_bare_array_form_without_guessing() -> None:
    recorder = Recorder(ok([log_entry_json()]))
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.executions.get("ex_1")
    assert type(caught.value) is SkytellsError
    assert caught.value.error_id == "NOT_PROVIDED_BY_SERVER"
    assert "does not provide the execution" in caught.value.message


@pytest.mark.parametrize(
    "body", [{"logs": []}, {"execution": None, "logs": []}, {"execution": {"id": "ex_1"}}, "x"]
)
async def test_async_get_of_an_answer_without_a_readable_execution(body: object) -> None:
    client = mock_async_client(Recorder(ok(body)))
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.executions.get("ex_1")
    assert caught.value.error_id == "INVALID_JSON"


async def test_async_get_and_the_bare_array() -> None:
    client = mock_async_client(
        Recorder(ok({"execution": execution_json(output=[1, 2]), "logs": []}), ok([]))
    )
    assert (await client.orchestrator.executions.get("ex_1")).output == [1, 2]
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.executions.get("ex_1")
    assert caught.value.error_id == "NOT_PROVIDED_BY_SERVER"


def test_execute_and_wait_on_a_server_without_the_execution() -> None:
    recorder = Recorder(
        ok({"executionId": "ex_1", "status": "running"}),
        ok({"status": "success", "nodeStatuses": []}),
        ok([log_entry_json()]),
    )
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.webhooks.execute_and_wait("wf_1", poll_interval=0.01)
    assert caught.value.error_id == "NOT_PROVIDED_BY_SERVER"
    assert [r.url.path for r in recorder.requests] == [
        "/api/workflows/wf_1/webhook",
        "/api/workflows/executions/ex_1/status",
        "/api/workflows/executions/ex_1/logs",
    ]
