"""The API reference as built: the public API only, no private type (such as a private base
class), and each Returns section one value."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import skytells_orchestrator.local

# The first test waits for the site to be built (the fixture), well beyond one test's usual time.
pytestmark = pytest.mark.timeout(300)

TAG = re.compile(r"<[^>]+>")
# A private name (``_DropRule``) as the reader sees it, in a signature or in text.
PRIVATE_TYPE = re.compile(r"(?<![\w.])_[A-Z]\w*")
LOCAL_ANCHOR = re.compile(r'id="skytells_orchestrator\.local\.([\w.]+)"')


def _text(page: Path) -> str:
    return html.unescape(TAG.sub(" ", page.read_text("utf-8")))


def test_no_reference_page_shows_a_private_type(site: Path) -> None:
    pages = sorted((site / "reference").glob("*/index.html"))
    assert len(pages) > 5
    shown = {page.parent.name: PRIVATE_TYPE.findall(_text(page)) for page in pages}
    assert {name: found for name, found in shown.items() if found} == {}


def test_the_local_server_page_shows_its_public_names_and_their_public_members(
    site: Path,
) -> None:
    page = (site / "reference" / "local" / "index.html").read_text("utf-8")
    anchors = set(LOCAL_ANCHOR.findall(page))
    assert {name for name in anchors if "." not in name} == set(skytells_orchestrator.local.__all__)
    members = {name for name in anchors if "." in name}
    assert {"Faults.fail_next", "Faults.snapshot", "LocalOrchestrator.url"} <= members
    # What the server itself calls to consume the faults is not for tests.
    assert [name for name in members if ".take_" in name or "route_done" in name] == []


def test_a_returns_section_is_one_value(site: Path) -> None:
    # A wrapped line of a Returns section must not become a second returned value.
    returns = re.compile(r'doc-section-title">Returns:</span>(.*?)</table>', re.S)
    tables = [
        (page.parent.name, match.group(1).count("<tr") - 1)
        for page in sorted((site / "reference").glob("*/index.html"))
        for match in returns.finditer(page.read_text("utf-8"))
    ]
    assert len(tables) > 100
    assert [table for table in tables if table[1] != 1] == []


def test_the_clients_show_their_own_signature_with_defaults_by_value(site: Path) -> None:
    # Built on a private generic base: its type variables and named constants must not show.
    text = " ".join(_text(site / "reference" / "clients" / "index.html").split())
    for client, pool in (("Skytells", "Client"), ("AsyncSkytells", "AsyncClient")):
        assert f"{client} ( api_key : str | None = None , * ," in text
        assert "timeout : float | Timeout = 60.0 , max_retries : int = 2 ," in text
        assert f"http_client : {pool} | None = None" in text
    assert re.findall(r"\b(?:H|HT|DEFAULT_TIMEOUT)\b", text) == []
    assert "Bases: " not in text.replace("Bases: Exception", "")
