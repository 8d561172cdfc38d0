"""Every file of the repository that the README, the contributing guide or a docs page tells a
reader to use is shipped: a path under ``examples/`` or ``scripts/`` named in the text, and
every ``--from-file`` or ``--data @`` file of a shown command line that is not a placeholder of
the reader's own (those are bare names such as ``wf.json``, never a path into the repository).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from doc_snippets import ROOT, sources
from skytells_orchestrator import validate_workflow

REPOSITORY_PATH = re.compile(r"(?<![\w/.-])((?:examples|scripts|benchmarks)/[\w./-]*\w)")


def _mentions() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in sources():
        if path.suffix != ".md":
            continue
        for match in REPOSITORY_PATH.finditer(path.read_text("utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), match.group(1)))
    return found


MENTIONS = _mentions()


def test_the_docs_name_files_of_the_repository() -> None:
    named = {name for _, name in MENTIONS}
    assert {"examples/welcome.json", "examples/quickstart.py"} <= named


@pytest.mark.parametrize(("page", "name"), MENTIONS, ids=[f"{p}:{n}" for p, n in MENTIONS])
def test_every_file_a_page_names_is_shipped(page: str, name: str) -> None:
    assert (ROOT / name).exists(), f"{page} names {name}, which is not in the repository"


def test_a_missing_file_would_be_caught(tmp_path: Path) -> None:
    text = "Run `skytells-orchestrator workflows create --from-file examples/nowhere.json`."
    assert REPOSITORY_PATH.findall(text) == ["examples/nowhere.json"]
    assert not (ROOT / "examples" / "nowhere.json").exists()


def test_the_cli_guide_workflow_is_a_valid_workflow() -> None:
    document = json.loads((ROOT / "examples" / "welcome.json").read_text("utf-8"))
    assert {"name", "nodes", "edges"} <= set(document)
    assert validate_workflow(document["nodes"], document["edges"]) == []
    triggers = [node for node in document["nodes"] if node["data"]["type"] == "trigger"]
    assert [node["data"]["config"]["triggerType"] for node in triggers] == ["Webhook"]
