"""Building workflows: prompt → draft → checks → saved workflow → checked webhook call → result.

    python examples/authoring.py

Without ORCHESTRATOR_BASE_URL it starts a local Orchestrator for the run (the `server` extra).
To use yours, set ORCHESTRATOR_BASE_URL, ORCHESTRATOR_API_KEY and ORCHESTRATOR_SESSION_TOKEN.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator

from skytells_orchestrator import InvalidWorkflowError, Skytells, SkytellsError

PROMPT = "When a webhook arrives, call the CRM API"
# What the webhook body must look like, in the dashboard's webhookSchema format.
FIELDS = [{"name": "email", "type": "string"}, {"name": "seats", "type": "number"}]


def build_and_run(client: Skytells) -> str:
    orch = client.orchestrator

    # 1. Generate, and collect the streamed operations into a draft.
    draft = orch.ai.generate_workflow(prompt=PROMPT).collect()
    print(f"draft {draft.name!r}: {len(draft.nodes)} nodes, {len(draft.edges)} edges")

    # 2. Check the graph before saving it (create() checks it again and refuses errors).
    for problem in draft.validate():
        print(f"  {problem}")
    trigger = next(node for node in draft.nodes if node["data"]["type"] == "trigger")
    trigger["data"]["config"]["webhookSchema"] = json.dumps(FIELDS)

    # 3. Save it.
    workflow = orch.workflows.create(**draft.create_arguments())
    print(f"saved as {workflow.id}")

    # 4. Call its webhook; the body is checked against the trigger's schema first.
    try:
        bad = {"email": "ada@example.com", "seats": "ten"}
        orch.webhooks.execute(workflow.id, bad, check_against=workflow)
    except InvalidWorkflowError as error:
        print(f"refused before sending: {[str(problem) for problem in error.problems]}")
    run = orch.webhooks.execute(
        workflow.id, {"email": "ada@example.com", "seats": 10}, check_against=workflow
    )

    # 5. Wait for the result.
    final = orch.executions.wait(run.execution_id, timeout=60, poll_interval=0.2)
    print(f"execution {run.execution_id}: {final.status}")
    return final.status


@contextlib.contextmanager
def connect() -> Iterator[Skytells]:
    if os.environ.get("ORCHESTRATOR_BASE_URL"):
        with Skytells(orchestrator_session_token=os.environ.get("ORCHESTRATOR_SESSION_TOKEN")) as c:
            yield c
        return
    from skytells_orchestrator.local import LocalOrchestrator

    with (
        LocalOrchestrator() as server,
        Skytells(
            orchestrator_api_key=server.api_key,
            orchestrator_base_url=server.url,
            orchestrator_session_token=server.session_token,
        ) as client,
    ):
        yield client


if __name__ == "__main__":
    try:
        with connect() as connected:
            sys.exit(0 if build_and_run(connected) == "success" else 1)
    except SkytellsError as failure:
        print(f"error: {failure}", file=sys.stderr)
        sys.exit(1)
