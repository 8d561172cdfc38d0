"""A minimal HTTP/1.1 server over loopback that answers with canned bytes, as fast as it can.

The benchmarks measure the client, so the server must not be what they measure: this one
prepares every body before it listens, runs in its own process (its work does not compete with
the client's for the interpreter lock) and speaks just enough HTTP/1.1 (keep-alive,
``Content-Length``) for httpx, requests and urllib.

The first part of the path picks the answer; what follows is the API path the client sends::

    /small/api/workflows               3 workflows (JSON)
    /large/api/workflows               WORKFLOWS x NODES workflows (JSON)
    /small/api/workflows/ID/webhook    a webhook trigger answer (JSON)
    /stream/SHAPE/BYTES/api/ai/generate
                                       an AI stream of about BYTES bytes (NDJSON) of one shape:
                                       ``adds`` (nodes, and edges between them), ``updates``
                                       (updates to its first nodes: the workflow it builds
                                       stays small) or ``mixed`` (adds, updates and removals:
                                       the workflow grows with the stream)
    /latency/LINES/MICROS/api/ai/generate
                                       LINES operations, one every MICROS microseconds, each
                                       carrying the server's monotonic clock at its flush
    /download/BYTES/api/workflows/ID/download
                                       a ZIP archive of about BYTES bytes

Run ``python benchmarks/canned_server.py`` (``--workflows``/``--nodes`` set the large list;
``--tls-cert``/``--tls-key`` add an HTTPS port); it prints its port (then the HTTPS one) on the
first line of its output and serves until its input closes.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import ssl
import sys
import time
import zipfile
from datetime import UTC, datetime
from functools import cache
from typing import Any

CHUNK = 256 * 1024


def workflow(index: int, nodes: int) -> dict[str, Any]:
    """One stored workflow with ``nodes`` nodes in a chain, as the Orchestrator sends it."""
    stamp = datetime(2026, 1, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z")
    graph_nodes = [
        {
            "id": f"n{n}",
            "type": "trigger" if n == 0 else "action",
            "position": {"x": 100 * n, "y": 50},
            "data": {
                "label": f"Step {n}",
                "description": "Send the message",
                "type": "trigger" if n == 0 else "action",
                "config": {"actionType": "Send Message", "channel": "#general", "text": "hi"},
                "status": "idle",
            },
        }
        for n in range(nodes)
    ]
    edges = [
        {"id": f"e{n}", "source": f"n{n}", "target": f"n{n + 1}", "type": "animated"}
        for n in range(nodes - 1)
    ]
    return {
        "id": f"wf_{index:06d}",
        "name": f"Workflow {index}",
        "description": "Benchmark workflow",
        "userId": "user_1",
        "nodes": graph_nodes,
        "edges": edges,
        "visibility": "private",
        "createdAt": stamp,
        "updatedAt": stamp,
        "isOwner": True,
    }


def workflow_list(count: int, nodes: int) -> bytes:
    return json.dumps([workflow(i, nodes) for i in range(count)]).encode()


def operation_lines(count: int) -> list[bytes]:
    """``count`` enveloped operation lines as a generation sends them: a name, nodes, edges,
    then updates to those nodes (so the workflow they build stays small however long the
    stream is)."""
    node = workflow(0, 8)["nodes"]
    lines = [{"op": "setName", "name": "Generated"}]
    lines += [{"op": "addNode", "node": n} for n in node]
    lines += [
        {"op": "addEdge", "edge": {"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 1}"}}
        for i in range(len(node) - 1)
    ]
    updates = [
        {
            "op": "updateNode",
            "nodeId": f"n{i % len(node)}",
            "updates": {"position": {"x": i, "y": 2 * i}, "data": {"label": f"Step {i}"}},
        }
        for i in range(64)
    ]
    while len(lines) < count:
        lines += updates
    envelope = [{"type": "operation", "operation": op} for op in lines[:count]]
    return [json.dumps(event).encode() + b"\n" for event in envelope]


def _enveloped(operations: list[dict[str, Any]]) -> bytes:
    events = [{"type": "operation", "operation": op} for op in operations]
    return b"".join(json.dumps(event).encode() + b"\n" for event in events)


def _node(node_id: str) -> dict[str, Any]:
    node = workflow(0, 2)["nodes"][1]
    return {**node, "id": node_id}


def _block(shape: str, index: int) -> list[dict[str, Any]]:
    """The operations of one block of a growing stream; ids are unique to the block."""
    a, b = f"a{index}", f"b{index}"
    if shape == "adds":
        return [
            {"op": "addNode", "node": _node(a)},
            {"op": "addNode", "node": _node(b)},
            {"op": "addNode", "node": _node(f"c{index}")},
            {"op": "addEdge", "edge": {"id": f"e{index}", "source": a, "target": b}},
        ]
    # mixed: two nodes and two edges in, one node and one edge out, two updates.
    return [
        {"op": "addNode", "node": _node(a)},
        {"op": "addNode", "node": _node(b)},
        {"op": "addEdge", "edge": {"id": f"e{index}", "source": a, "target": b}},
        {"op": "addEdge", "edge": {"id": f"f{index}", "source": f"b{index - 1}", "target": a}},
        {
            "op": "updateNode",
            "nodeId": f"a{index - 1}",
            "updates": {"position": {"x": index, "y": 1}, "data": {"label": f"Step {index}"}},
        },
        {"op": "updateNode", "nodeId": b, "updates": {"data": {"status": "running"}}},
        {"op": "removeNode", "nodeId": f"b{index - 2}"},
        {"op": "removeEdge", "edgeId": f"e{index - 1}"},
    ]


@cache
def stream_body(shape: str, size: int) -> bytes:
    """An AI stream of about ``size`` bytes of one shape (see the module's docstring), then
    ``complete``."""
    if shape == "updates":
        lines = operation_lines(16 + 64)
        head, updates = b"".join(lines[:16]), b"".join(lines[16:])
        repeat = max(1, (size - len(head)) // len(updates))
        return head + updates * repeat + b'{"type": "complete"}\n'
    if shape not in ("adds", "mixed"):
        raise ValueError(f"unknown stream shape {shape!r}")
    parts = [_enveloped([{"op": "setName", "name": "Generated"}])]
    length = len(parts[0])
    index = 0
    while length < size:
        part = _enveloped(_block(shape, index))
        parts.append(part)
        length += len(part)
        index += 1
    return b"".join(parts) + b'{"type": "complete"}\n'


@cache
def zip_body(size: int) -> bytes:
    """A ZIP of about ``size`` bytes: one stored member of incompressible bytes."""
    block = os.urandom(1 << 20)
    data = block * (size >> 20) + block[: size % (1 << 20)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("project/data.bin", data)
    return buffer.getvalue()


def head(status: str, content_type: str, length: int | None) -> bytes:
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{framing}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()


class Canned:
    def __init__(self, workflows: int, nodes: int) -> None:
        # The same shape as the local server's small list: three workflows of two nodes.
        self.small = workflow_list(3, 2)
        self.large = workflow_list(workflows, nodes)
        self.webhook = json.dumps({"executionId": "exec_1", "status": "running"}).encode()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                lines = request.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length:
                    await reader.readexactly(length)
                await self.answer(method, target.split("?")[0], writer)
        except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError):
            pass
        finally:
            writer.close()

    async def answer(self, method: str, path: str, writer: asyncio.StreamWriter) -> None:
        parts = path.strip("/").split("/")
        kind = parts[0]
        if kind == "small" and path.endswith("/webhook"):
            await self.send(writer, "application/json", self.webhook)
        elif kind in ("small", "large"):
            await self.send(writer, "application/json", getattr(self, kind))
        elif kind == "stream":
            await self.send(writer, "application/x-ndjson", stream_body(parts[1], int(parts[2])))
        elif kind == "download":
            await self.send(writer, "application/zip", zip_body(int(parts[1])))
        elif kind == "latency":
            await self.timed_lines(writer, int(parts[1]), int(parts[2]) / 1e6)
        else:
            writer.write(head("404 Not Found", "text/plain", 0))
            await writer.drain()

    async def send(self, writer: asyncio.StreamWriter, content_type: str, body: bytes) -> None:
        writer.write(head("200 OK", content_type, len(body)))
        view = memoryview(body)
        for start in range(0, len(body), CHUNK):
            writer.write(view[start : start + CHUNK])
            await writer.drain()
        await writer.drain()

    async def timed_lines(self, writer: asyncio.StreamWriter, count: int, every: float) -> None:
        writer.write(head("200 OK", "application/x-ndjson", None))
        base = operation_lines(count)
        for line in base:
            await asyncio.sleep(every)
            # The operation carries the clock read just before the line leaves: CLOCK_MONOTONIC
            # is one clock for every process of the machine, so the client subtracts it from
            # its own.
            stamped = line[:-3] + b', "sent": ' + str(time.monotonic_ns()).encode() + b"}}\n"
            writer.write(b"%x\r\n%s\r\n" % (len(stamped), stamped))
            await writer.drain()
        end = b'{"type": "complete"}\n'
        writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(end), end))
        await writer.drain()


async def serve(workflows: int, nodes: int, cert: str | None, key: str | None) -> None:
    canned = Canned(workflows, nodes)
    server = await asyncio.start_server(canned.handle, "127.0.0.1", 0, backlog=256)
    ports = [server.sockets[0].getsockname()[1]]
    if cert and key:
        # The same answers over TLS, as the hosted Orchestrator only speaks HTTPS.
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        secure = await asyncio.start_server(canned.handle, "127.0.0.1", 0, backlog=256, ssl=context)
        ports.append(secure.sockets[0].getsockname()[1])
    print(*ports, flush=True)
    loop = asyncio.get_running_loop()
    # Serve until the parent closes our input (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=500)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--tls-cert", help="also serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="the certificate's private key (PEM)")
    args = parser.parse_args()
    asyncio.run(serve(args.workflows, args.nodes, args.tls_cert, args.tls_key))


if __name__ == "__main__":
    main()
