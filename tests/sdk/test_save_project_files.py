"""save_project and the file system: symlinks written through, one typed error on a full disk
and no temporary file left, names near the length limit, the mode a plain write gives."""

from __future__ import annotations

import asyncio
import errno
import gzip
import io
import itertools
import os
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_support import Recorder, mock_async_client, mock_client, ok, raw
from skytells_orchestrator import SkytellsError
from skytells_orchestrator import _download as download_module

FILES = {"package.json": '{"name": "flow"}', "src/index.ts": "export const x = 1;\n"}
ZIP_HEADERS = {"content-type": "application/zip"}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in FILES.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _files_client() -> Any:
    return mock_client(Recorder(ok({"success": True, "files": FILES})))


def _entries(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


@pytest.fixture
def umask() -> Iterator[int]:
    chosen = 0o027
    previous = os.umask(chosen)
    yield chosen
    os.umask(previous)


# ------------------------------------------------------------------ symlinks


def test_a_symlink_at_the_target_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real" / "project.zip"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.zip"
    link.symlink_to(real)
    assert _files_client().orchestrator.workflows.save_project("wf_1", link) == link
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    with zipfile.ZipFile(real) as archive:
        assert sorted(archive.namelist()) == sorted(FILES)
    assert _entries(tmp_path) == ["link.zip", "real"]
    assert _entries(real.parent) == ["project.zip"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    real = tmp_path / "made.zip"
    link = tmp_path / "link.zip"
    link.symlink_to(real)
    _files_client().orchestrator.workflows.save_project("wf_1", link)
    assert link.is_symlink()
    assert zipfile.is_zipfile(real)


async def test_async_symlink_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.zip"
    real.write_bytes(b"old")
    link = tmp_path / "link.zip"
    link.symlink_to(real)
    client = mock_async_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    await client.orchestrator.workflows.save_project("wf_1", link)
    assert link.is_symlink()
    assert real.read_bytes() == _zip()


def test_a_symlink_to_a_folder_is_refused_before_sending(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "link.zip"
    link.symlink_to(folder)
    recorder = Recorder(ok({"success": True, "files": FILES}))
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.workflows.save_project("wf_1", link)
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0
    assert link.is_symlink()


def test_a_missing_folder_is_refused_before_sending(tmp_path: Path) -> None:
    recorder = Recorder(ok({"success": True, "files": FILES}))
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.workflows.save_project("wf_1", tmp_path / "no" / "p.zip")
    assert recorder.calls == 0


# ------------------------------------------------------------------ a full disk


class FullDiskFile:
    """A file whose every write fails as on a full disk; closing it fails again (its buffer
    cannot be flushed), as a real buffered file does."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        fileno: int = self._real.fileno()
        return fileno

    def close(self) -> None:
        self._real.close()
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> FullDiskFile:
        return FullDiskFile(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(download_module.os, "fdopen", fdopen)


@pytest.mark.parametrize("zip_body", [True, False])
@pytest.mark.usefixtures("full_disk")
def test_a_full_disk_ends_in_one_typed_error_and_no_temp_file(
    tmp_path: Path, zip_body: bool
) -> None:
    reply = (
        raw(200, _zip(), headers=ZIP_HEADERS) if zip_body else ok({"success": True, "files": FILES})
    )
    target = tmp_path / "p.zip"
    with pytest.raises(SkytellsError) as caught:
        mock_client(Recorder(reply)).orchestrator.workflows.save_project("wf_1", target)
    assert caught.value.error_id == "SDK_ERROR"
    assert "No space left" in caught.value.message
    # The cause is the write; no second error from closing was chained or raised.
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__context__ is caught.value.__cause__
    assert _entries(tmp_path) == []


@pytest.mark.usefixtures("full_disk")
async def test_async_full_disk_leaves_nothing(tmp_path: Path) -> None:
    client = mock_async_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    with pytest.raises(SkytellsError):
        await client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert _entries(tmp_path) == []


# ------------------------------------------------------------------ names


@pytest.mark.parametrize("name", ["p" * 251 + ".zip", "é" * 125 + ".zip"])
def test_a_name_near_the_length_limit_is_saved(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    assert len(os.fsencode(name)) <= 255
    _files_client().orchestrator.workflows.save_project("wf_1", target)
    assert zipfile.is_zipfile(target)
    assert _entries(tmp_path) == [name]


# ------------------------------------------------------------------ modes


def test_a_new_file_gets_the_mode_a_plain_write_gives(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "p.zip"
    _files_client().orchestrator.workflows.save_project("wf_1", target)
    plain = tmp_path / "plain"
    plain.write_bytes(b"x")
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: int, mode: int) -> None:
    target = tmp_path / "p.zip"
    target.write_bytes(b"old")
    target.chmod(mode)
    _files_client().orchestrator.workflows.save_project("wf_1", target)
    assert zipfile.is_zipfile(target)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_replaced_file_behind_a_symlink_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    real = tmp_path / "real.zip"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.zip"
    link.symlink_to(real)
    _files_client().orchestrator.workflows.save_project("wf_1", link)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# ------------------------------------------------------------------ getting it onto the disk


def _big_zip(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("project/data.bin", os.urandom(size))
    return buffer.getvalue()


def test_what_arrives_is_sent_to_the_disk_as_the_download_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(download_module, "_WRITE_BACK_EVERY", 10_000)
    monkeypatch.setattr(
        download_module,
        "_write_back",
        lambda fd, offset, length, advice: calls.append((offset, length)),
    )
    body = _big_zip(60_000)
    chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    client = mock_client(Recorder(raw(200, iter(chunks), headers=ZIP_HEADERS)))
    client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert (tmp_path / "p.zip").read_bytes() == body
    # Consecutive ranges from the start, each at least the interval, covering all but the end.
    assert calls[0][0] == 0
    for (offset, length), (next_offset, _) in itertools.pairwise(calls):
        assert next_offset == offset + length
        assert length >= 10_000
    assert len(body) - sum(length for _, length in calls) < 10_000


def test_a_refused_write_back_request_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(fd: int, offset: int, length: int, advice: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(download_module, "_WRITE_BACK_EVERY", 1000)
    monkeypatch.setattr(download_module, "_write_back", refuse)
    body = _big_zip(20_000)
    client = mock_client(Recorder(raw(200, body, headers=ZIP_HEADERS)))
    client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert (tmp_path / "p.zip").read_bytes() == body


def test_the_zip_is_checked_while_fsync_waits_on_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each side waits for the other to have started: done one after the other, this fails.
    both = threading.Barrier(2, timeout=10)
    real_fsync, real_check = os.fsync, download_module.check_zip

    def fsync(fd: int) -> None:
        both.wait()
        real_fsync(fd)

    def check(archive: Any) -> None:
        both.wait()
        real_check(archive)

    monkeypatch.setattr(download_module.os, "fsync", fsync)
    monkeypatch.setattr(download_module, "check_zip", check)
    client = mock_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert zipfile.ZipFile(tmp_path / "p.zip").testzip() is None


@pytest.mark.parametrize("body", ["zip", "files json"])
def test_a_failing_fsync_is_one_typed_error_and_leaves_nothing(
    body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(download_module.os, "fsync", fail)
    target = tmp_path / "p.zip"
    target.write_bytes(b"precious")
    client = (
        mock_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
        if body == "zip"
        else _files_client()
    )
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", target)
    assert caught.value.error_id == "SDK_ERROR"
    assert "Input/output error" in caught.value.message
    assert target.read_bytes() == b"precious"
    assert _entries(tmp_path) == ["p.zip"]


# ------------------------------------------------------------------ progress


def test_progress_is_reported_after_each_chunk_up_to_the_whole_answer(tmp_path: Path) -> None:
    body = _big_zip(30_000)
    chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    seen: list[tuple[int, int | None]] = []

    def reply(request: Any) -> Any:
        headers = {**ZIP_HEADERS, "content-length": str(len(body))}
        return httpx.Response(200, content=iter(chunks), headers=headers)

    client = mock_client(Recorder(reply))
    client.orchestrator.workflows.save_project(
        "wf_1", tmp_path / "p.zip", on_progress=lambda done, total: seen.append((done, total))
    )
    assert len(seen) == len(chunks)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (len(body), len(body))


async def test_async_progress_without_a_content_length(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    body = _zip()
    client = mock_async_client(Recorder(raw(200, body, headers=ZIP_HEADERS)))
    await client.orchestrator.workflows.save_project(
        "wf_1", tmp_path / "p.zip", on_progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1][0] == len(body)


def test_a_progress_callback_that_raises_stops_the_download_and_saves_nothing(
    tmp_path: Path,
) -> None:
    class Stop(Exception):
        pass

    def stop(done: int, total: int | None) -> None:
        raise Stop

    target = tmp_path / "p.zip"
    target.write_bytes(b"precious")
    client = mock_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    with pytest.raises(Stop):
        client.orchestrator.workflows.save_project("wf_1", target, on_progress=stop)
    assert target.read_bytes() == b"precious"
    assert _entries(tmp_path) == ["p.zip"]


@pytest.mark.parametrize("wrong", ["print", 3, object()])
def test_a_progress_that_is_not_callable_is_refused_before_sending(
    wrong: object, tmp_path: Path
) -> None:
    recorder = Recorder(raw(200, _zip(), headers=ZIP_HEADERS))
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.workflows.save_project(
            "wf_1",
            tmp_path / "p.zip",
            on_progress=wrong,  # type: ignore[arg-type]
        )
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0
    assert _entries(tmp_path) == []


def test_a_compressed_answer_reports_no_total(tmp_path: Path) -> None:
    body = _zip()
    packed = gzip.compress(body)

    def reply(request: Any) -> Any:
        headers = {
            **ZIP_HEADERS,
            "content-encoding": "gzip",
            "content-length": str(len(packed)),
        }
        return httpx.Response(200, content=packed, headers=headers)

    seen: list[tuple[int, int | None]] = []
    mock_client(Recorder(reply)).orchestrator.workflows.save_project(
        "wf_1", tmp_path / "p.zip", on_progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(body), None)
    assert (tmp_path / "p.zip").read_bytes() == body


async def test_async_save_project_keeps_the_event_loop_free_while_it_publishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fsync waits until a task on the event loop has run: were publishing done on the
    # loop itself, that task could not run and the wait would time out.
    loop_ran = threading.Event()
    waited: list[bool] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        waited.append(loop_ran.wait(5))
        real_fsync(fd)

    async def tick() -> None:
        await asyncio.sleep(0.01)
        loop_ran.set()

    monkeypatch.setattr(download_module.os, "fsync", fsync)
    client = mock_async_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    ticker = asyncio.ensure_future(tick())
    saved = await client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    await ticker
    assert waited == [True]
    assert zipfile.ZipFile(saved).testzip() is None


async def test_async_save_project_that_fails_to_publish_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(download_module.os, "fsync", fail)
    client = mock_async_client(Recorder(raw(200, _zip(), headers=ZIP_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert caught.value.error_id == "SDK_ERROR"
    assert _entries(tmp_path) == []
