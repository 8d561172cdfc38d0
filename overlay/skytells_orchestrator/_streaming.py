"""NDJSON streaming for AI generation: bytes in, lines out, operations out.

Three layers, each usable alone:

- :class:`LineSplitter` turns arbitrary byte chunks into complete lines, with a hard cap
  on line length so a broken server cannot make the client buffer without bound.
- :class:`NDJSONEventDecoder` turns one line into one operation (or nothing), accepting
  both wire forms: the enveloped one (``{"type": "operation", ...}`` ... ``{"type":
  "complete"}``) and bare operations (``{"op": ...}`` per line).
- :class:`Stream` / :class:`AsyncStream` are what the user iterates. They share all logic
  through the two classes above; only the ``for`` / ``async for`` shells differ.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import logging
import sys
import threading
import warnings
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, NoReturn, SupportsIndex, TypeVar

import httpx

from ._authoring import DraftBuilder, WorkflowDraft, draft_builder
from ._errors import SkytellsError, StreamError, error_from_exception, sdk_error
from ._json import FAST_DECODE, FAST_REFUSALS, loads_line
from ._redact import redact

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "DEFAULT_MAX_LINE_BYTES",
    "AsyncStream",
    "LineSplitter",
    "NDJSONEventDecoder",
    "Stream",
]

T = TypeVar("T")

DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
# How many bytes of operation lines a stream keeps for collect() before applying them.
FOLD_BYTES = 4 * 1024 * 1024
# What _StreamCore.item returns for a line that yields no item.
_NOTHING: Any = object()
_LOG_PREVIEW_CHARS = 200

logger = logging.getLogger("skytells_orchestrator")

# Exceptions a user's parse function raises on an operation of the wrong shape (a model's
# from_dict meeting a missing key or a string where an object belongs).
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)
# What httpx raises while a body is being read; StreamError is not an HTTPError.
_HTTPX_ERRORS = (httpx.HTTPError, httpx.StreamError)


class LineSplitter:
    """Split a byte stream into lines ending in ``\\n`` or ``\\r\\n``.

    Lines come back without their terminator; a blank line comes back as ``b""`` (the
    decoder skips it). A lone ``\\r`` is not a terminator. Work is linear in the bytes
    fed: each chunk is searched once and a partial line is kept as a list of pieces.

    >>> splitter = LineSplitter()
    >>> splitter.feed(b'{"a": 1}\\r\\n{"b"')
    [b'{"a": 1}']
    >>> splitter.feed(b": 2}\\n")
    [b'{"b": 2}']
    >>> splitter.flush() is None
    True
    """

    def __init__(self, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        if max_line_bytes < 1:
            raise ValueError("max_line_bytes must be at least 1")
        self.max_line_bytes = max_line_bytes
        self._pieces: list[bytes] = []
        self._buffered = 0

    def _too_long(self) -> StreamError:
        self._pieces.clear()
        self._buffered = 0
        return StreamError(
            f"A stream line is longer than max_line_bytes ({self.max_line_bytes} bytes)",
            error_id="STREAM_LINE_TOO_LONG",
        )

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add a chunk; return the lines it completed, in order.

        Raises ``StreamError`` (``STREAM_LINE_TOO_LONG``) as soon as a line passes the limit.
        """
        # One split in C, not a search per line: most chunks carry many short lines.
        lines = chunk.split(b"\n")
        rest = lines.pop()  # after the last terminator: the start of the next line
        if lines:
            if self._pieces:
                self._pieces.append(lines[0])
                lines[0] = b"".join(self._pieces)
                self._pieces.clear()
                self._buffered = 0
            # The "\r" of a "\r\n" split across two chunks ends the first line.
            if b"\r" in chunk or lines[0].endswith(b"\r"):
                lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
            if max(map(len, lines)) > self.max_line_bytes:
                raise self._too_long()
        if rest:
            self._pieces.append(rest)
            self._buffered += len(rest)
            # One byte of slack: the line may still turn out to end in "\r\n".
            if self._buffered > self.max_line_bytes + 1:
                raise self._too_long()
        return lines

    def flush(self) -> bytes | None:
        """At end of stream, return the unterminated last line, or None if there is none."""
        if not self._pieces:
            return None
        line = b"".join(self._pieces)
        self._pieces.clear()
        self._buffered = 0
        if line.endswith(b"\r"):
            line = line[:-1]
        if len(line) > self.max_line_bytes:
            raise self._too_long()
        return line


def _preview(line: bytes) -> str:
    text = line.decode("utf-8", errors="replace")
    if len(text) > _LOG_PREVIEW_CHARS:
        text = text[:_LOG_PREVIEW_CHARS] + "\u2026"
    return redact(text)


class NDJSONEventDecoder:
    """Turn NDJSON lines of an AI stream into operation dicts.

    ``decode`` returns the operation to hand on, or None for lines that carry none (blank
    lines, ``complete``, event types this version does not know). A ``{"type": "error"}``
    event raises ``StreamError``. Malformed lines are skipped, counted in
    ``malformed_lines`` and logged at WARNING. Call ``finish`` at end of stream: an
    enveloped stream that never sent ``complete`` was cut short.

    >>> decoder = NDJSONEventDecoder()
    >>> decoder.decode(b'{"type": "operation", "operation": {"op": "setName", "name": "x"}}')
    {'op': 'setName', 'name': 'x'}
    >>> decoder.decode(b'{"type": "complete"}') is None
    True
    >>> decoder.finish()
    """

    def __init__(self) -> None:
        self.malformed_lines = 0
        self.lines_seen = 0
        self._enveloped = False
        self._ended = False
        self._usable = False

    def skip_malformed(self, line: bytes, reason: str) -> None:
        """Count and log a line that cannot be used (also for parse failures downstream)."""
        self.malformed_lines += 1
        logger.warning(
            "Skipping malformed AI stream line %d (%s): %s",
            self.lines_seen,
            redact(reason),
            _preview(line),
        )

    def decode(self, line: bytes) -> dict[str, Any] | None:
        """Decode one line (without its terminator); see the class docstring."""
        self.lines_seen += 1
        if self._ended:
            logger.debug("Ignoring AI stream line %d after the stream ended", self.lines_seen)
            return None
        try:
            # Decoding whole lines (never chunks) keeps multi-byte characters intact.
            event = loads_line(line)
        except UnicodeDecodeError as exc:
            self.skip_malformed(line, f"not UTF-8: {exc}")
            return None
        except (ValueError, RecursionError) as exc:
            if not line or line.isspace():  # a blank line, told apart only when it failed
                return None
            self.skip_malformed(line, f"not JSON: {exc}")
            return None
        if not isinstance(event, dict):
            self.skip_malformed(line, f"a JSON {type(event).__name__}, not an object")
            return None
        if "type" in event:
            return self._decode_envelope(line, event)
        if "op" in event:
            self._usable = True
            return event
        self.skip_malformed(line, "neither an event with 'type' nor an operation with 'op'")
        return None

    @property
    def ended(self) -> bool:
        """Whether the stream's end (``complete`` or an error event) has been decoded."""
        return self._ended

    def saw_operation_events(self) -> None:
        """Note operation events decoded elsewhere (a faster path for the commonest line)."""
        self._enveloped = self._usable = True

    def _decode_envelope(self, line: bytes, event: dict[str, Any]) -> dict[str, Any] | None:
        event_type = event["type"]
        if not isinstance(event_type, str):
            self.skip_malformed(line, "'type' is not a string")
            return None
        self._enveloped = True
        self._usable = True
        if event_type == "operation":
            operation = event.get("operation")
            if not isinstance(operation, dict):
                self.skip_malformed(line, "'operation' is not an object")
                return None
            return operation
        if event_type == "complete":
            self._ended = True
            return None
        if event_type == "error":
            self._ended = True
            raise _stream_error_from_event(event)
        # A newer server may add event types; they must not break an older client.
        logger.debug("Ignoring AI stream event of unknown type %r", event_type)
        return None

    def finish(self) -> None:
        """Raise ``StreamError`` (``STREAM_INCOMPLETE``) if an enveloped stream was cut short,
        or if no usable line arrived at all (an empty answer, or one that is not NDJSON)."""
        if not self._usable:
            raise StreamError(
                "The AI stream ended without a single readable line "
                f"({self.malformed_lines} malformed)",
                error_id="STREAM_INCOMPLETE",
            )
        if self._enveloped and not self._ended:
            raise StreamError(
                "The AI stream ended before the server sent 'complete'; "
                "the generated workflow is probably incomplete",
                error_id="STREAM_INCOMPLETE",
            )


def _stream_error_from_event(event: dict[str, Any]) -> StreamError:
    error = event.get("error")
    message: object = error.get("message") if isinstance(error, dict) else error
    if not isinstance(message, str) or not message.strip():
        message = event.get("message")
    if not isinstance(message, str) or not message.strip():
        message = "The AI generation failed"
    details = event.get("details")
    return StreamError(
        message,
        error_id="STREAM_ERROR",
        details=details if isinstance(details, str) else None,
    )


class _StreamCore(Generic[T]):
    """Everything Stream and AsyncStream share: splitting, decoding, parsing."""

    def __init__(
        self,
        parse: Callable[[dict[str, Any]], T],
        max_line_bytes: int,
        quick_parse: Callable[[dict[str, Any]], T] | None = None,
    ) -> None:
        self.splitter = LineSplitter(max_line_bytes)
        self.decoder = NDJSONEventDecoder()
        self.parse = parse
        self.quick_parse = quick_parse or parse
        # For collect(): the lines of the operations handed out (bytes: compact, and nothing
        # for the garbage collector to walk), the workflow they apply to, and whether the
        # stream was read to its proper end. Past FOLD_BYTES of lines (counted after each
        # chunk), the operations kept are decoded again and applied to the draft they build
        # (nothing is copied: each decoding is the draft's own), so a long stream holds the
        # workflow it builds, not every line it carried.
        self.kept: list[bytes] = []
        self.existing_workflow: dict[str, Any] | None = None
        self.finished = False
        self._builder: DraftBuilder | None = None
        self._draft: WorkflowDraft | None = None
        self._kept_bytes = 0
        # Set by collect(): the operations are then applied as they are decoded.
        self.collecting = False

    def builder(self) -> DraftBuilder:
        """The draft's builder, made on first use (from ``existing_workflow``, copied)."""
        if self._builder is None:
            self._builder = draft_builder(self.existing_workflow, fresh=True)
        return self._builder

    def item(self, line: bytes) -> Any:
        """The item of one line, or _NOTHING."""
        operation = self.decoder.decode(line)
        if operation is None:
            return _NOTHING
        try:
            item = self.parse(operation)
        except _PARSE_ERRORS as exc:
            self.decoder.skip_malformed(
                line, f"operation not understood: {type(exc).__name__}: {exc}"
            )
            return _NOTHING
        if self.collecting:
            self._fold()
            self.builder().apply(operation)
        else:
            self.kept.append(line)
        return item

    def items(self, batches: Iterable[list[bytes]]) -> Generator[T, None, None]:
        """The items of these batches of lines, each handed out before the next line is
        decoded (the batches are the lines of each chunk, split as the chunk arrives).

        So the operations before an error event are handed out before it raises, and an
        item is usually dropped by the caller before the next one is made (which spares
        the garbage collector). Operation events, most of any stream, take a path of their
        own past the decoder's general checks, which every other line goes through.
        """
        keep = self.kept.append
        parse = self.quick_parse
        decoder = self.decoder
        noted = False
        for lines in batches:
            # When collecting, what was kept is applied first, then each operation as it is
            # decoded (its decoding is the draft's own: nothing is copied or decoded again).
            apply = None
            if self.collecting:
                self._fold()
                apply = self.builder().apply
            decode = None if decoder.ended else FAST_DECODE
            seen = decoder.lines_seen
            self._kept_bytes += sum(map(len, lines))
            for number, line in enumerate(lines, seen + 1):
                if decode is not None:
                    try:
                        event = decode(line)
                    except FAST_REFUSALS:
                        event = None
                    if type(event) is dict and event.get("type") == "operation":
                        operation = event.get("operation")
                        if type(operation) is dict:
                            try:
                                item = parse(operation)
                            except _PARSE_ERRORS:
                                pass  # the general path (and its parse) decides
                            else:
                                if apply is None:
                                    keep(line)
                                else:
                                    apply(operation)
                                if not noted:
                                    decoder.saw_operation_events()
                                    noted = True
                                yield item
                                continue
                decoder.lines_seen = number - 1
                item = self.item(line)
                if item is not _NOTHING:
                    yield item
                if decoder.ended:
                    decode = None
            decoder.lines_seen = seen + len(lines)
            if self._kept_bytes > FOLD_BYTES:
                self._fold()

    def _fold(self) -> None:
        """Apply the operations kept, decoded again from their lines (each was one)."""
        if not self.kept:
            return
        apply = self.builder().apply
        for line in self.kept:
            event = loads_line(line)
            apply(event["operation"] if "type" in event else event)
        self.kept.clear()
        self._kept_bytes = 0

    def end(self) -> Iterator[T]:
        """At the end of the answer: the item of an unterminated last line, if any; then
        raise if the stream was cut short, or mark it finished."""
        last = self.splitter.flush()
        if last is not None:
            yield from self.items(([last],))
        self.decoder.finish()
        self.finished = True

    def draft(self) -> WorkflowDraft:
        if not self.finished:
            raise StreamError(
                "collect() needs the whole AI stream, but it was closed before its end",
                error_id="STREAM_INCOMPLETE",
            )
        if self._draft is None:
            self._fold()
            self._draft = self.builder().write()
        return self._draft


def _translate(exc: Exception, response: httpx.Response | None) -> SkytellsError:
    request: httpx.Request | None = None
    if response is not None:
        try:
            request = response.request
        except RuntimeError:
            request = None
    return error_from_exception(exc, request=request)


async def _aitems(core: _StreamCore[T], response: httpx.Response) -> AsyncGenerator[T, None]:
    try:
        async for chunk in response.aiter_bytes():
            for item in core.items((core.splitter.feed(chunk),)):
                yield item
        for item in core.end():
            yield item
    except _HTTPX_ERRORS as exc:
        raise _translate(exc, response) from exc
    finally:
        await _aclose_quietly(response)


def _close_quietly(response: httpx.Response) -> None:
    try:
        response.close()
    except _HTTPX_ERRORS:
        # Failing to close a connection we are abandoning anyway must not hide the outcome
        # of the stream.
        logger.debug("Ignoring an error while closing an AI stream", exc_info=True)


async def _aclose_quietly(response: httpx.Response) -> None:
    try:
        await response.aclose()
    except _HTTPX_ERRORS:
        logger.debug("Ignoring an error while closing an AI stream", exc_info=True)


def _busy() -> StreamError:
    return StreamError(
        "This stream is already being read (by another thread or task); a stream has one "
        "reader at a time",
        error_id="STREAM_IN_USE",
    )


def _warn_unclosed(stream: object) -> None:
    warnings.warn(
        f"unclosed {stream!r}: use it in a with block or call close()",
        ResourceWarning,
        stacklevel=2,
        source=stream,
    )


class _ReadOnce:
    """A stream reads one live answer, once: it is neither copied nor pickled (``SDK_ERROR``).

    A copy would share the answer, and closing the copy, or dropping it, would end the
    original's read."""

    def _refuse(self) -> NoReturn:
        raise sdk_error(
            f"a {type(self).__name__} cannot be copied or pickled: it reads one live answer, "
            "once; copy or pickle what it yields (or what collect() returns)"
        )

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        self._refuse()

    def __copy__(self) -> NoReturn:
        self._refuse()

    def __deepcopy__(self, memo: dict[int, Any]) -> NoReturn:
        self._refuse()


class Stream(_ReadOnce, Generic[T]):
    """The operations of an AI generation, yielded as each line arrives.

    Use it as a context manager so the connection is released even when you stop early.
    A stream is consumed once: iterating again after it ended or was closed yields nothing.
    Malformed lines are skipped and counted in ``malformed_lines``. One thread reads it at a
    time (another gets ``StreamError`` ``STREAM_IN_USE``); a stream dropped while open is
    closed when collected, with a ``ResourceWarning``, as files are.

    Example::

        with client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream:
            for operation in stream:
                print(operation.op)
    """

    def __init__(
        self,
        open_response: Callable[[], httpx.Response],
        parse: Callable[[dict[str, Any]], T],
        *,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        existing_workflow: dict[str, Any] | None = None,
        quick_parse: Callable[[dict[str, Any]], T] | None = None,
    ) -> None:
        self._open_response = open_response
        self._core = _StreamCore(parse, max_line_bytes, quick_parse)
        self._core.existing_workflow = existing_workflow
        self._response: httpx.Response | None = None
        self._closed = False
        # What __next__ reads: the items of the answer's chunks as they arrive, then those
        # of the end of the stream; and the generator of the former.
        self._iterator: Iterator[T] | None = None
        self._generator: Generator[T, None, None] | None = None
        self._reader = threading.Lock()

    @property
    def response(self) -> httpx.Response | None:
        """The streaming HTTP response, or None before the stream was opened."""
        return self._response

    @property
    def malformed_lines(self) -> int:
        """How many lines were skipped because they could not be read."""
        return self._core.decoder.malformed_lines

    @property
    def closed(self) -> bool:
        """Whether the stream was closed (by ``close``, the context manager or its end)."""
        return self._closed

    def _open(self) -> httpx.Response | None:
        if self._response is None and not self._closed:
            try:
                self._response = self._open_response()
            except BaseException as exc:
                # A stream that could not open is over: iterating again must not send the
                # generation request a second time.
                self._closed = True
                if isinstance(exc, _HTTPX_ERRORS):
                    raise _translate(exc, None) from exc
                raise
        return self._response

    def __iter__(self) -> Iterator[T]:
        return self

    def _start(self) -> Iterator[T]:
        if not self._reader.acquire(blocking=False):
            raise _busy()  # another thread is opening the stream
        try:
            if self._iterator is None:
                response = self._open()
                if response is None or self._closed:
                    raise StopIteration
                core = self._core
                # One generator between the caller and the lines (chain and map are C).
                self._generator = core.items(map(core.splitter.feed, response.iter_bytes()))
                self._iterator = itertools.chain(self._generator, core.end())
            return self._iterator
        except BaseException:
            self._closed = True
            raise
        finally:
            self._reader.release()

    def __next__(self) -> T:
        iterator = self._iterator or self._start()
        try:
            return next(iterator)
        except ValueError as exc:
            if str(exc) == "generator already executing":
                # Another thread is reading: a generator tells so itself, atomically, which
                # spares taking a lock for every item.
                raise _busy() from None
            self.close()
            raise
        except _HTTPX_ERRORS as exc:
            self.close()
            raise _translate(exc, self._response) from exc
        except BaseException:
            # The end, an error event or a failure: the stream is over either way.
            self.close()
            raise

    @property
    def _reading(self) -> bool:
        """Whether a thread is reading the stream now."""
        generator = self._generator
        return generator is not None and inspect.getgeneratorstate(generator) == inspect.GEN_RUNNING

    def collect(self) -> WorkflowDraft:
        """Read the rest of the stream; return the workflow all its operations build.

        Operations already iterated count too. They are applied as the editor applies
        them, on top of the ``existing_workflow`` given to ``generate_workflow``; asked
        again, ``collect()`` returns the same draft. The draft's nodes and edges are the
        very dicts the stream decoded (they are not copied), so they may share values with
        the operations handed out while iterating.

        Example::

            draft = orch.ai.generate_workflow(prompt="Slack me on webhook").collect()
            workflow = orch.workflows.create(**draft.create_arguments())
        """
        self._core.collecting = True
        for _ in self:
            pass
        return self._core.draft()

    def __enter__(self) -> Stream[T]:
        self._open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the response now, without reading the rest of it. Safe to call twice, and
        from another thread than the reader's."""
        self._closed = True
        if self._iterator is not None:
            self._iterator = iter(())  # nothing more, not even the end-of-stream checks
        if self._generator is not None:
            # ValueError: the generator is running in another thread; closing the response
            # below ends that read.
            with contextlib.suppress(ValueError):
                self._generator.close()
        if self._response is not None:
            _close_quietly(self._response)

    def __del__(self) -> None:
        if getattr(self, "_closed", True) or getattr(self, "_response", None) is None:
            return
        _warn_unclosed(self)
        # A finaliser must not raise (at interpreter exit, modules may already be gone).
        with contextlib.suppress(Exception):
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("open" if self._response else "not opened")
        return f"<{type(self).__name__} {state} malformed_lines={self.malformed_lines}>"


class AsyncStream(_ReadOnce, Generic[T]):
    """Async twin of :class:`Stream`: ``async with`` and ``async for``.

    One task reads it at a time (another gets ``StreamError`` ``STREAM_IN_USE``). A stream
    dropped while open gives a ``ResourceWarning``; under asyncio its connection is then
    released on its loop, elsewhere only ``aclose`` (or ``async with``) releases it.

    Example::

        async with client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream:
            async for operation in stream:
                print(operation.op)
    """

    def __init__(
        self,
        open_response: Callable[[], Awaitable[httpx.Response]],
        parse: Callable[[dict[str, Any]], T],
        *,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        existing_workflow: dict[str, Any] | None = None,
        quick_parse: Callable[[dict[str, Any]], T] | None = None,
    ) -> None:
        self._open_response = open_response
        self._core = _StreamCore(parse, max_line_bytes, quick_parse)
        self._core.existing_workflow = existing_workflow
        self._response: httpx.Response | None = None
        self._closed = False
        self._iterator: AsyncGenerator[T, None] | None = None
        self._reading = False
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def response(self) -> httpx.Response | None:
        """The streaming HTTP response, or None before the stream was opened."""
        return self._response

    @property
    def malformed_lines(self) -> int:
        """How many lines were skipped because they could not be read."""
        return self._core.decoder.malformed_lines

    @property
    def closed(self) -> bool:
        """Whether the stream was closed (by ``aclose``, the context manager or its end)."""
        return self._closed

    async def _open(self) -> httpx.Response | None:
        if self._response is None and not self._closed:
            try:
                self._response = await self._open_response()
            except BaseException as exc:
                # A stream that could not open is over: iterating again must not send the
                # generation request a second time.
                self._closed = True
                if isinstance(exc, _HTTPX_ERRORS):
                    raise _translate(exc, None) from exc
                raise
            # Not imported here: a program that never imported asyncio runs no asyncio loop.
            asyncio = sys.modules.get("asyncio")
            try:
                self._loop = None if asyncio is None else asyncio.get_running_loop()
            except RuntimeError:
                self._loop = None  # another async library (trio)
        return self._response

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        if self._reading:
            raise _busy()
        self._reading = True
        try:
            if self._iterator is None:
                response = await self._open()
                if response is None or self._closed:
                    raise StopAsyncIteration
                self._iterator = _aitems(self._core, response)
            return await self._iterator.__anext__()
        except BaseException:
            self._closed = True
            raise
        finally:
            self._reading = False

    async def collect(self) -> WorkflowDraft:
        """Read the rest of the stream; return the workflow it builds (see ``Stream.collect``)."""
        self._core.collecting = True
        async for _ in self:
            pass
        return self._core.draft()

    async def __aenter__(self) -> AsyncStream[T]:
        await self._open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the response now, without reading the rest of it. Safe to call twice."""
        self._closed = True
        if self._iterator is not None:
            # RuntimeError: another task is inside the generator; closing the response ends
            # its read.
            with contextlib.suppress(RuntimeError):
                await self._iterator.aclose()
        if self._response is not None:
            await _aclose_quietly(self._response)

    def __del__(self) -> None:
        if getattr(self, "_closed", True) or getattr(self, "_response", None) is None:
            return
        _warn_unclosed(self)
        self._closed = True
        loop, response = self._loop, self._response
        if loop is not None and response is not None and not loop.is_closed():
            # The connection can only be released on its own loop (which may close meanwhile).
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_release_later, loop, response)

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("open" if self._response else "not opened")
        return f"<{type(self).__name__} {state} malformed_lines={self.malformed_lines}>"


def _release_later(loop: asyncio.AbstractEventLoop, response: httpx.Response) -> None:
    loop.create_task(_aclose_quietly(response))
