"""`make demo`: run examples/quickstart.py against the local Orchestrator (or yours).

If ORCHESTRATOR_BASE_URL and ORCHESTRATOR_API_KEY are both set, the quick start talks to that
Orchestrator. Otherwise a local server is started on a free loopback port for the run and
stopped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QUICKSTART = Path(__file__).with_name("quickstart.py")


def run(env: dict[str, str]) -> int:
    return subprocess.run([sys.executable, str(QUICKSTART)], env=env, check=False).returncode


def main() -> int:
    env = dict(os.environ)
    if env.get("ORCHESTRATOR_BASE_URL") and env.get("ORCHESTRATOR_API_KEY"):
        print(f"Using the Orchestrator at {env['ORCHESTRATOR_BASE_URL']}")
        return run(env)

    from skytells_orchestrator.local import LocalOrchestrator

    with LocalOrchestrator(step_delay=0.15, ai_line_delay=0.08) as server:
        print(f"Started the local Orchestrator at {server.url}")
        env.update(
            ORCHESTRATOR_BASE_URL=server.url,
            ORCHESTRATOR_API_KEY=server.api_key,
            ORCHESTRATOR_SESSION_TOKEN=server.session_token,
        )
        code = run(env)
    print("Stopped the local Orchestrator")
    return code


if __name__ == "__main__":
    sys.exit(main())
