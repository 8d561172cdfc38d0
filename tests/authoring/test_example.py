"""examples/authoring.py runs end to end against a local server it starts itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "authoring.py"


def test_the_authoring_example_runs() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORCHESTRATOR_")}
    result = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "refused before sending" in result.stdout
    assert "INPUT_WRONG_TYPE: seats" in result.stdout
    assert result.stdout.rstrip().endswith(": success")
