"""The reference shows the docstrings' doctest examples as code, not as Markdown prose."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HOOK = Path(__file__).resolve().parents[2] / "docs" / "hooks" / "doctest_blocks.py"
spec = importlib.util.spec_from_file_location("doctest_blocks", HOOK)
assert spec is not None and spec.loader is not None
hook = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = hook
spec.loader.exec_module(hook)


def test_a_doctest_block_is_fenced_without_its_flags() -> None:
    text = (
        "Intro.\n>>> [p.code for p in check(\n...     x)]  # doctest: +SKIP\n['NO_TRIGGER']\n\nEnd."
    )
    assert hook.fence_doctests(text) == (
        "Intro.\n\n```pycon\n>>> [p.code for p in check(\n...     x)]\n['NO_TRIGGER']\n```\n\nEnd."
    )


def test_indentation_and_existing_fences_are_kept() -> None:
    text = "Example:\n    >>> f()\n    1\n\n```python\n>>> not touched\n```"
    assert hook.fence_doctests(text) == (
        "Example:\n\n    ```pycon\n    >>> f()\n    1\n    ```\n\n```python\n>>> not touched\n```"
    )


def test_text_without_doctests_is_unchanged() -> None:
    assert hook.fence_doctests("One line.\n\nTwo.") == "One line.\n\nTwo."
