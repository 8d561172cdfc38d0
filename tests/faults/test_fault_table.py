"""The published fault table: consistent data, and the README's copy never drifts from it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from fault_matrix import EXPECTED, FAULTS, KINDS, PENDING, cells, render_table

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fault_table.py"
README = ROOT / "README.md"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fault_table_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_cell_has_exactly_one_expectation() -> None:
    assert set(EXPECTED) == set(cells())
    assert set(PENDING) <= set(EXPECTED)
    assert len({fault.key for fault in FAULTS}) == len(FAULTS)
    for fault in FAULTS:
        assert fault.kinds, fault.key
        assert set(fault.kinds) <= set(KINDS), fault.key


def test_side_effects_are_counted_exactly_for_the_posts() -> None:
    for (fault, kind), outcome in EXPECTED.items():
        counted = outcome.side_effects is not None
        assert counted == (kind in ("create", "webhook")), (fault, kind)
        assert outcome.side_effects is None or outcome.side_effects <= 1, (fault, kind)


def test_readme_carries_the_table() -> None:
    block = _script().readme_block(README.read_text(encoding="utf-8"))
    assert block == render_table(), "run `python scripts/fault_table.py --write README.md`"


def test_table_has_a_row_per_fault_and_marks_cells_that_do_not_apply() -> None:
    lines = render_table().splitlines()
    assert len(lines) == 2 + len(FAULTS)
    assert all(line.count("|") == len(KINDS) + 2 for line in lines)
    assert "n/a" in lines[2 + [fault.key for fault in FAULTS].index("truncated_zip")]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_script_prints_the_table() -> None:
    done = _run()
    assert done.returncode == 0, done.stderr
    assert done.stdout == render_table()


def test_script_finds_and_repairs_drift(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    text = README.read_text(encoding="utf-8")
    copy.write_text(text.replace("retried → ok", "ok", 1), encoding="utf-8")
    drifted = _run("--check", str(copy))
    assert drifted.returncode == 1
    assert "--write" in drifted.stderr
    assert _run("--write", str(copy)).returncode == 0
    assert _run("--check", str(copy)).returncode == 0
    assert copy.read_text(encoding="utf-8") == text


def test_script_refuses_a_readme_without_markers(tmp_path: Path) -> None:
    bare = tmp_path / "README.md"
    bare.write_text("# no table here\n", encoding="utf-8")
    for action in ("--check", "--write"):
        done = _run(action, str(bare))
        assert done.returncode == 2
        assert "markers" in done.stderr
    assert bare.read_text(encoding="utf-8") == "# no table here\n"
