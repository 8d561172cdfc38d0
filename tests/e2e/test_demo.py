"""`make demo` stays working: the quick start runs end to end against a fresh local server."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_runs_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORCHESTRATOR_")}
    env["DEMO_OUTPUT"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "run_demo.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Started the local Orchestrator" in out
    assert "finished: success" in out
    assert "✓ Send welcome email" in out
    # Masked as the hosted service does: up to 8 "*" and the last 4 characters.
    assert "********alue" in out and "demo-secret-value" not in out
    assert "+ addEdge" in out
    assert "Stopped the local Orchestrator" in out
    assert "export" in (tmp_path / "workflow.ts").read_text()
    assert "package.json" in zipfile.ZipFile(tmp_path / "project.zip").namelist()
