"""Saving a project download to disk atomically: the file appears complete or not at all."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType

import httpx

from ._errors import invalid_json_error, sdk_error
from ._operations import ZIP_MAGIC, check_zip, is_json_body, project_zip
from ._request import PARSE_ERRORS

logger = logging.getLogger("skytells_orchestrator")

# The temporary file is ".<start of the name>.<random>.part": a name near the file system's
# limit (255 bytes) must still leave room for it, whatever the characters' UTF-8 length.
_TEMP_NAME_CHARS = 32
_TEMP_ATTEMPTS = 100
# Bytes written between two requests to the kernel to start writing them to the disk.
_WRITE_BACK_EVERY = 8 << 20
_write_back = getattr(os, "posix_fadvise", None)  # Linux and most Unixes


#: What ``save_project`` reports after each chunk: the bytes of the answer received so far,
#: and how many there are in all (None when the server did not say, or sent them compressed).
ProgressCallback = Callable[[int, "int | None"], object]


def check_progress(on_progress: object) -> ProgressCallback | None:
    """Check ``save_project``'s ``on_progress`` before anything is sent."""
    if on_progress is not None and not callable(on_progress):
        raise sdk_error(f"on_progress must be a callable or None, got {type(on_progress).__name__}")
    return on_progress


def project_target(path: object) -> Path:
    """Check ``save_project``'s path before anything is sent: a path, not a folder, in a
    folder that exists.

    >>> project_target("project.zip")
    PosixPath('project.zip')
    """
    if not isinstance(path, str | os.PathLike):
        raise sdk_error(f"path must be a str or an os.PathLike, got {type(path).__name__}")
    text = os.fsdecode(os.fspath(path))
    if not text:
        raise sdk_error("path must not be empty")
    target = Path(text)
    destination = _destination(target)
    if destination.is_dir():
        raise sdk_error(f"cannot write {target}: it is a folder")
    if not destination.parent.is_dir():
        raise sdk_error(f"cannot write {target}: the folder {destination.parent} does not exist")
    return target


def _destination(target: Path) -> Path:
    # A symlink is written through, like open(path, "w") does: the link stays a link.
    return Path(os.path.realpath(target)) if target.is_symlink() else target


# Temporary files of the downloads under way. SIGINT removes them by unwinding the stack
# (KeyboardInterrupt); SIGTERM and SIGHUP would end the process at once and leave them behind,
# so while there are some, those signals remove them first and then end the process as before.
_LIVE_TEMPS: set[Path] = set()
_CLEANUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
if hasattr(os, "register_at_fork"):
    # A forked child inherits the handler: it must never remove its parent's files.
    os.register_at_fork(after_in_child=_LIVE_TEMPS.clear)


def _remove_temps_and_die(signum: int, frame: FrameType | None) -> None:
    for temp in list(_LIVE_TEMPS):
        with contextlib.suppress(OSError):
            temp.unlink()
    _LIVE_TEMPS.clear()
    # What the signal would have done had it found no handler: end the process, with the
    # status a shell reports for it.
    signal.signal(signum, signal.SIG_DFL)
    signal.raise_signal(signum)


def _track(temp: Path) -> None:
    """Remove ``temp`` if SIGTERM or SIGHUP ends the process before it is published.

    The handler is set only from the main thread and only over the default action: a program
    that handles these signals itself keeps its own handler.
    """
    _LIVE_TEMPS.add(temp)
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in _CLEANUP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _remove_temps_and_die)


def _untrack(temp: Path) -> None:
    _LIVE_TEMPS.discard(temp)
    if _LIVE_TEMPS or threading.current_thread() is not threading.main_thread():
        # Off the main thread (the async save_project publishes on a worker thread) the
        # handler cannot be reset: with nothing to remove, it does what the default does.
        return
    for signum in _CLEANUP_SIGNALS:
        if signal.getsignal(signum) is _remove_temps_and_die:
            signal.signal(signum, signal.SIG_DFL)


def _create_temp(destination: Path) -> tuple[int, Path]:
    """A new file beside ``destination``, created with the mode a normal write gets (0o666
    less the umask), never over an existing file."""
    prefix = f".{destination.name[:_TEMP_NAME_CHARS]}."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMP_ATTEMPTS):
        temp = destination.parent / f"{prefix}{secrets.token_hex(4)}.part"
        # Tracked before it exists: a signal right after it is made still removes it.
        _track(temp)
        try:
            return os.open(temp, flags, 0o666), temp
        except BaseException as exc:
            _untrack(temp)
            if not isinstance(exc, FileExistsError):
                raise
    raise FileExistsError(f"no free temporary name beside {destination}")


class ProjectWriter:
    """Receives a download answer chunk by chunk and publishes it at ``target`` on success.

    ZIP bodies go straight to a temporary file beside the target (memory stays flat); a
    ``{files}`` JSON answer has to be read whole before it can be zipped. Whatever fails, the
    temporary file is removed and ``target`` is left as it was, with one ``SkytellsError``.
    The new file gets the mode a plain write would give it (the umask applies); a replaced
    file keeps its mode, and a symlink at ``target`` is written through, not replaced.

    >>> import io, pathlib, tempfile, zipfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "p.zip"
    >>> archive = io.BytesIO()
    >>> with zipfile.ZipFile(archive, "w") as built:
    ...     built.writestr("index.ts", "export {}")
    >>> response = httpx.Response(200, headers={"content-type": "application/zip"})
    >>> with ProjectWriter(target, response) as writer:
    ...     writer.write(archive.getvalue())
    >>> zipfile.is_zipfile(target)
    True
    """

    def __init__(
        self,
        target: str | os.PathLike[str],
        response: httpx.Response,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.target = Path(target)
        self._on_progress = on_progress
        self._received = 0
        self._total: int | None = None
        if "content-encoding" not in response.headers:  # else the length is the compressed one
            with contextlib.suppress(ValueError):
                self._total = int(response.headers.get("content-length", "")) or None
        self._destination = _destination(self.target)
        self._response = response
        self._content_type = response.headers.get("content-type", "")
        # Decided from the type, or (a JSON answer sent with another type) from the first bytes.
        self._json: bool | None = True if is_json_body(self._content_type, b"") else None
        self._buffer: list[bytes] = []
        self._head = b""
        try:
            existing = self._destination.stat()
        except OSError:
            self._mode: int | None = None
        else:
            self._mode = stat.S_IMODE(existing.st_mode)
        try:
            fd, self._temp = _create_temp(self._destination)
        except OSError as exc:
            raise sdk_error(f"cannot write to {self._destination.parent}: {exc}") from exc
        self._file = os.fdopen(fd, "wb")
        self._written = 0
        self._written_back = 0

    def write(self, chunk: bytes) -> None:
        """Take the next piece of the body (then report progress, if asked to)."""
        self._take(chunk)
        self._received += len(chunk)
        if self._on_progress is not None:
            self._on_progress(self._received, self._total)

    def _take(self, chunk: bytes) -> None:
        if self._json is None and chunk.strip():
            self._json = is_json_body(self._content_type, chunk)
        if self._json is not False:
            # JSON, or not yet known (only blank bytes so far): keep it in memory.
            self._buffer.append(chunk)
            return
        if len(self._head) < len(ZIP_MAGIC):
            if self._buffer:
                chunk = b"".join([*self._buffer, chunk])
                self._buffer.clear()
            self._head += chunk[: len(ZIP_MAGIC) - len(self._head)]
            if not ZIP_MAGIC.startswith(self._head):
                raise invalid_json_error(self._response, "the download is neither JSON nor a ZIP")
        self._write(chunk)
        self._written += len(chunk)
        if self._written - self._written_back >= _WRITE_BACK_EVERY:
            self._start_write_back()

    def _start_write_back(self) -> None:
        """Ask the kernel to start writing what arrived since the last time, and go on: the
        fsync before the file is published then finds little left to wait for."""
        if _write_back is None:
            return
        try:
            # For dirty pages, DONTNEED starts their writeback (and keeps them cached).
            _write_back(
                self._file.fileno(),
                self._written_back,
                self._written - self._written_back,
                os.POSIX_FADV_DONTNEED,
            )
        except OSError:
            logger.debug("posix_fadvise failed; the fsync does the work", exc_info=True)
        self._written_back = self._written

    def _write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as exc:
            raise sdk_error(f"cannot write {self.target}: {exc}") from exc

    def _finish(self) -> Path:
        try:
            if self._json is not False:
                # JSON (or nothing but blank bytes): zipped here, so it needs no check after.
                self._write(project_zip(self._content_type, b"".join(self._buffer)))
            self._file.flush()
            if self._json is False:
                self._sync_and_check()
            else:
                os.fsync(self._file.fileno())
            self._file.close()
            if self._mode is not None:
                os.chmod(self._temp, self._mode)
            os.replace(self._temp, self._destination)
            _untrack(self._temp)
        except OSError as exc:
            raise sdk_error(f"cannot write {self.target}: {exc}") from exc
        except PARSE_ERRORS as exc:
            raise invalid_json_error(self._response, f"{type(exc).__name__}: {exc}") from exc
        return self.target

    def _sync_and_check(self) -> None:
        """``fsync``, and refuse the server's ZIP if it is cut short or corrupt (or under 4 bytes
        long), both at once: one waits on the disk while the other reads the file back (from
        the page cache) and checks every member's CRC."""
        failures: list[OSError] = []

        def sync() -> None:
            try:
                os.fsync(self._file.fileno())
            except OSError as exc:
                failures.append(exc)

        syncing = threading.Thread(target=sync, name="skytells-fsync", daemon=True)
        syncing.start()
        try:
            with self._temp.open("rb") as written:
                check_zip(written)
        finally:
            syncing.join()
        if failures:
            raise failures[0]

    def publish(self) -> Path:
        """The body is complete: check it, put it on the disk and give it its name (the slow
        part: an async caller runs it on a worker thread). Any failure removes the temporary
        file and leaves ``target`` as it was."""
        try:
            return self._finish()
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Give up: remove the temporary file, leave ``target`` as it was."""
        # Already failing: closing (a full disk fails the flush again) and removing the
        # temporary file must not add a second, raw error to the one being raised.
        try:
            self._file.close()
        except OSError:
            logger.debug("ignoring an error while closing %s", self._temp, exc_info=True)
        try:
            self._temp.unlink(missing_ok=True)
        except OSError:
            logger.debug("could not remove %s", self._temp, exc_info=True)
        _untrack(self._temp)

    def __enter__(self) -> ProjectWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.abort()
            return
        self.publish()
