"""Every ``python`` block of the README and the documentation runs, as a user would run it.

Each block is run as its own script, in a fresh process and a scratch folder, against a local
Orchestrator that answers like the hosted one (``strict_auth``: management routes need the
session). The blocks read ``ORCHESTRATOR_BASE_URL``, ``ORCHESTRATOR_API_KEY`` and
``ORCHESTRATOR_SESSION_TOKEN`` from the environment, so they are the code a user copies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from doc_snippets import (
    ROOT,
    Snippet,
    SnippetMarkerError,
    all_snippets,
    extract,
    is_async,
)
from skytells_orchestrator.local import LocalOrchestrator

SNIPPET_TIMEOUT = 90  # seconds for one block, the interpreter's start included
MAX_SKIPPED = 3  # a block that cannot run is the exception: keep it that way
SNIPPETS = all_snippets()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(strict_auth=True, step_delay=0.005) as running:
        yield running


def _environment(server: LocalOrchestrator) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ORCHESTRATOR_", "SKYTELLS_", "COV_CORE_"))
    }
    env.update(
        ORCHESTRATOR_BASE_URL=server.url,
        ORCHESTRATOR_API_KEY=server.api_key,
        ORCHESTRATOR_SESSION_TOKEN=server.session_token,
        NO_PROXY="127.0.0.1,localhost",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[item.name for item in SNIPPETS])
def test_snippet_runs(snippet: Snippet, server: LocalOrchestrator, tmp_path: Path) -> None:
    if snippet.skip_reason is not None:
        pytest.skip(f"marked in the docs: {snippet.skip_reason}")
    server.faults.reset()
    script = tmp_path / "snippet.py"
    script.write_text(snippet.code, "utf-8")
    try:
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=tmp_path,
            env=_environment(server),
            capture_output=True,
            text=True,
            timeout=SNIPPET_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{snippet.name} did not finish in {SNIPPET_TIMEOUT} s:\n{exc.stderr}")
    assert done.returncode == 0, (
        f"{snippet.name} exited {done.returncode}\n--- code\n{snippet.code}"
        f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    )


def test_there_are_snippets_in_the_readme_and_the_guides() -> None:
    places = {item.path.relative_to(ROOT).parts[0] for item in SNIPPETS}
    assert {"README.md", "docs"} <= places
    assert len([item for item in SNIPPETS if item.skip_reason is None]) >= 20


def test_skipped_snippets_are_rare() -> None:
    skipped = [f"{item.name} ({item.skip_reason})" for item in SNIPPETS if item.skip_reason]
    assert len(skipped) <= MAX_SKIPPED, skipped


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[item.name for item in SNIPPETS])
def test_async_snippets_are_complete_programs(snippet: Snippet) -> None:
    """An async block is shown inside ``asyncio.run(main())``, never as bare top-level await."""
    if is_async(snippet.code):
        assert "asyncio.run(" in snippet.code, snippet.name


def test_extract_reads_fences_markers_and_indented_blocks(tmp_path: Path) -> None:
    text = (
        "# Page\n\n```python\nprint(1)\n```\n\n```sh\nmake test\n```\n\n"
        "<!-- snippet: skip (needs the hosted service) -->\n\n```python\nprint(2)\n```\n\n"
        "!!! note\n    ```py\n    if True:\n        print(3)\n    ```\n"
    )
    found = extract(text, tmp_path / "page.md")
    assert [(item.line, item.code, item.skip_reason) for item in found] == [
        (3, "print(1)\n", None),
        (13, "print(2)\n", "needs the hosted service"),
        (18, "if True:\n    print(3)\n", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<!-- snippet: skip -->\n```python\nx = 1\n```\n",  # no reason
        "<!-- snippet: skipp (typo) -->\n```python\nx = 1\n```\n",
        "<!-- snippet: skip (why) -->\nSome prose.\n```python\nx = 1\n```\n",
        "<!-- snippet: skip (why) -->\n```sh\nls\n```\n",
        "text\n<!-- snippet: skip (why) -->\n",
    ],
)
def test_malformed_or_stray_markers_are_refused(text: str, tmp_path: Path) -> None:
    with pytest.raises(SnippetMarkerError):
        extract(text, tmp_path / "page.md")


def test_is_async_spots_top_level_and_nested_await() -> None:
    assert is_async("async def main():\n    await x()\n")
    assert is_async("async with client:\n    pass\n")
    assert not is_async("print('awaited')\n")


def test_the_readme_first_run_is_the_getting_started_script() -> None:
    """The landing page and the docs show the same copy-paste script, so they cannot drift."""

    def first_run(path: Path) -> str:
        found = [item for item in SNIPPETS if item.path == path and "webhooks.execute" in item.code]
        assert found, f"no first-run script in {path}"
        return found[0].code

    script = first_run(ROOT / "README.md")
    assert script == first_run(ROOT / "docs" / "getting-started.md")
    assert "blocks.webhook_trigger(" in script and "executions.wait" in script
