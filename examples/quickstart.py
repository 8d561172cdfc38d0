"""Quick start: build a workflow, trigger it, follow it node by node, then export it.

Run it with `make demo` (which starts the local Orchestrator for you), or against any
Orchestrator by setting ORCHESTRATOR_BASE_URL, ORCHESTRATOR_API_KEY and, for management
routes on the hosted service, ORCHESTRATOR_SESSION_TOKEN:

    python examples/quickstart.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from skytells_orchestrator import Flow, Skytells, SkytellsError, blocks, validate_workflow

OUTPUT = Path(os.environ.get("DEMO_OUTPUT", "demo-output"))

# A workflow is a trigger followed by actions: typed blocks, wired by a Flow. blocks.ref reads
# an earlier node's output when the run gets there ({{@signup:New signup.email}}).
flow = Flow("Welcome new customers", "Look up each signup's company, then welcome pro users.")
signup = flow.add(blocks.webhook_trigger(id="signup", label="New signup"))
lookup = flow.add(
    blocks.http_request(
        id="lookup",
        label="Look up company",
        endpoint=f"https://httpbin.org/anything/companies?email={blocks.ref(signup, 'email')}",
    ),
    after=signup,
)
is_pro = flow.add(
    blocks.condition(
        id="is_pro", label="Pro plan", condition=f"{blocks.ref(signup, 'plan')} === 'pro'"
    ),
    after=lookup,
)
welcome = flow.add(
    blocks.http_request(
        id="welcome",
        label="Send welcome email",
        method="POST",
        endpoint="https://httpbin.org/anything/welcome",
        body={"to": blocks.ref(signup, "email"), "company": blocks.ref(lookup, "url")},
    ),
    after=is_pro,
)
SYMBOLS = {"pending": "·", "running": "…", "success": "✓", "error": "✗"}


def follow(client: Skytells, execution_id: str, labels: dict[str, str]) -> str:
    """Print each node's status as it changes, until the execution has finished."""
    seen: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while True:
        status = client.orchestrator.executions.get_status(execution_id)
        for node in status.node_statuses:
            if seen.get(node.node_id) != node.status:
                seen[node.node_id] = node.status
                symbol = SYMBOLS.get(node.status, "?")
                print(f"   {symbol} {labels.get(node.node_id, node.node_id):<22} {node.status}")
        if status.status in ("success", "error", "cancelled"):
            return status.status
        if time.monotonic() > deadline:
            raise SystemExit("the execution did not finish within 60 s")
        time.sleep(0.05)


def main() -> int:
    client = Skytells(orchestrator_session_token=os.environ.get("ORCHESTRATOR_SESSION_TOKEN"))
    with client:
        orch = client.orchestrator
        print(f"Orchestrator at {client.base_url}\n")

        print("1. Create a webhook-triggered workflow (checked first: no warning)")
        problems = validate_workflow(flow.nodes, flow.edges)
        if problems:
            raise SystemExit("\n".join(str(problem) for problem in problems))
        workflow = orch.workflows.create(**flow.create_arguments())
        print(f"   {workflow.name!r} ({workflow.id}), {len(workflow.nodes)} nodes\n")

        print("2. Trigger it through its webhook")
        body = {"email": "ada@example.com", "plan": "pro", "apiKey": "demo-secret-value"}
        run = orch.webhooks.execute(workflow.id, body)
        print(f"   execution {run.execution_id} is {run.status}\n")

        print("3. Follow the execution node by node")
        labels = {node.id: node.data.label for node in workflow.nodes}
        final = follow(client, run.execution_id, labels)
        print(f"   finished: {final}\n")

        print("4. Node logs (secrets are redacted by the server)")
        for entry in reversed(orch.executions.get_logs(run.execution_id)):
            print(
                f"   {entry.node_name or entry.node_id:<22} {entry.status:<8} {entry.duration} ms"
            )
            print(f"      input:  {entry.input_}")
            print(f"      output: {entry.output}")
        print()

        print("5. Generate a workflow with AI, operation by operation as they stream in")
        with orch.ai.generate_workflow(
            prompt="When a support ticket arrives, summarise it and post it to Slack"
        ) as stream:
            for operation in stream:
                detail = operation.name or operation.description or ""
                if operation.node:
                    detail = f"{operation.node.data.label} ({operation.node.type_})"
                if operation.edge:
                    detail = f"{operation.edge.source} → {operation.edge.target}"
                print(f"   + {operation.op:<15} {detail}")
        print()

        print("6. Export the workflow")
        OUTPUT.mkdir(parents=True, exist_ok=True)
        code = orch.workflows.get_code(workflow.id)
        code_path = OUTPUT / "workflow.ts"
        code_path.write_text(code)
        print(f"   TypeScript: {code_path} ({len(code.splitlines())} lines)")
        project = orch.workflows.save_project(workflow.id, OUTPUT / "project.zip")
        print(f"   project:    {project} ({project.stat().st_size} bytes)\n")

        print("7. Clean up")
        removed = orch.executions.delete_all_for_workflow(workflow.id)
        orch.workflows.delete(workflow.id)
        print(f"   deleted {removed.deleted_count} execution(s) and the workflow")
    return 0 if final == "success" else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SkytellsError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
