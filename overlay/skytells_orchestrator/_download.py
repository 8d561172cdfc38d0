"""Saving a project download to disk atomically: the file appears complete or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

import httpx

from ._errors import invalid_json_error, sdk_error
from ._operations import ZIP_MAGIC, check_zip, is_json_body, project_zip
from ._request import PARSE_ERRORS


class ProjectWriter:
    """Receives a download answer chunk by chunk and publishes it at ``target`` on success.

    ZIP bodies go straight to a temporary file beside the target (memory stays flat); a
    ``{files}`` JSON answer has to be read whole before it can be zipped. Whatever fails, the
    temporary file is removed and ``target`` is left as it was.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "p.zip"
    >>> response = httpx.Response(200, headers={"content-type": "application/zip"})
    >>> with ProjectWriter(target, response) as writer:
    ...     writer.write(b"PK\\x03\\x04rest")
    >>> target.read_bytes()[:2]
    b'PK'
    """

    def __init__(self, target: str | os.PathLike[str], response: httpx.Response) -> None:
        self.target = Path(target)
        self._response = response
        self._content_type = response.headers.get("content-type", "")
        # Decided from the type, or (a JSON answer sent with another type) from the first bytes.
        self._json: bool | None = True if is_json_body(self._content_type, b"") else None
        self._buffer: list[bytes] = []
        self._head = b""
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent or "."
            )
        except OSError as exc:
            raise sdk_error(f"cannot write to {self.target.parent}: {exc}") from exc
        self._temp = Path(name)
        self._file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Take the next piece of the body."""
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
            os.fsync(self._file.fileno())
            self._file.close()
            if self._json is False:
                # The server's ZIP: refuse one cut short or corrupt (or under 4 bytes long).
                with self._temp.open("rb") as written:
                    check_zip(written)
            os.replace(self._temp, self.target)
        except OSError as exc:
            raise sdk_error(f"cannot write {self.target}: {exc}") from exc
        except PARSE_ERRORS as exc:
            raise invalid_json_error(self._response, f"{type(exc).__name__}: {exc}") from exc
        return self.target

    def _abort(self) -> None:
        self._file.close()
        self._temp.unlink(missing_ok=True)

    def __enter__(self) -> ProjectWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._abort()
            return
        try:
            self._finish()
        except BaseException:
            self._abort()
            raise
