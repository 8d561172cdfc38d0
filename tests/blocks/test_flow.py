"""Flow: wiring blocks into a graph the dashboard shows readably and the server stores."""

from __future__ import annotations

import copy
import pickle

import pytest
from skytells_orchestrator import Flow, SkytellsError, blocks, validate_workflow


def _signup_flow() -> tuple[Flow, list[object]]:
    flow = Flow("Signup", description="New users")
    hook = flow.add(blocks.webhook_trigger(id="hook", label="Signup"))
    lookup = flow.add(
        blocks.http_request(endpoint=f"https://api.example.com/{blocks.ref(hook, 'email')}"),
        after=hook,
    )
    check = flow.add(
        blocks.condition(condition=f"{blocks.ref(lookup, 'status')} === 'active'"), after=lookup
    )
    audit = flow.add(blocks.http_request(endpoint="https://audit.example.com"), after=hook)
    post = flow.add(
        blocks.slack_send_message(slack_channel="#signups", slack_message="hi"),
        after=[check, audit],
    )
    return flow, [hook, lookup, check, audit, post]


def test_add_returns_the_node_and_wires_edges() -> None:
    flow, (hook, lookup, check, audit, post) = _signup_flow()
    assert flow.nodes == [hook, lookup, check, audit, post]
    assert flow.nodes[0] is hook
    pairs = [(edge.source, edge.target) for edge in flow.edges]
    assert pairs == [
        ("hook", lookup.id),  # type: ignore[attr-defined]
        (lookup.id, check.id),  # type: ignore[attr-defined]
        ("hook", audit.id),  # type: ignore[attr-defined]
        (check.id, post.id),  # type: ignore[attr-defined]
        (audit.id, post.id),  # type: ignore[attr-defined]
    ]
    assert len({edge.id for edge in flow.edges}) == 5


def test_nodes_are_laid_out_by_depth_at_distinct_positions() -> None:
    flow, (_hook, lookup, check, audit, post) = _signup_flow()
    spots = [(node.position.x, node.position.y) for node in flow.nodes]
    assert len(set(spots)) == len(spots)
    column = {node.id: node.position.x for node in flow.nodes}
    assert column["hook"] < column[lookup.id] == column[audit.id]  # type: ignore[attr-defined]
    assert column[lookup.id] < column[check.id] < column[post.id]  # type: ignore[attr-defined]


def test_create_arguments_are_plain_copies_that_validate_cleanly() -> None:
    flow, _ = _signup_flow()
    arguments = flow.create_arguments()
    assert arguments["name"] == "Signup"
    assert arguments["description"] == "New users"
    assert [node["id"] for node in arguments["nodes"]] == [node.id for node in flow.nodes]
    arguments["nodes"][0]["data"]["label"] = "changed"
    assert flow.nodes[0].data.label == "Signup"  # type: ignore[union-attr]
    problems = validate_workflow(arguments["nodes"], arguments["edges"])
    assert [p.code for p in problems] == ["MISSING_INTEGRATION"]
    assert flow.validate() == problems
    assert Flow("x").create_arguments() == {"name": "x", "nodes": [], "edges": []}


def test_connect_and_mappings() -> None:
    flow = Flow("Loop")
    start = flow.add({"id": "t", "data": {"type": "trigger", "config": {}}})
    step = flow.add(blocks.http_request(endpoint="https://x", id="s"))
    edge = flow.connect(start, step)
    assert (edge.source, edge.target) == ("t", "s")
    flow.connect(step, {"id": "t"})  # a loop is allowed: the executor runs each node once
    assert len({(n.position.x, n.position.y) for n in flow.nodes}) == 2
    twice = flow.add(blocks.manual_trigger(id="m"), after=[step, step])
    assert [edge.source for edge in flow.edges if edge.target == twice.id] == ["s"]


@pytest.mark.parametrize(
    "misuse",
    [
        lambda f, n: f.add(n),  # the same id twice
        lambda f, n: f.add(blocks.manual_trigger(), after=blocks.manual_trigger()),
        lambda f, n: f.add(blocks.manual_trigger(), after="hook"),
        lambda f, n: f.add("hook"),
        lambda f, n: f.add({"data": {}}),
        lambda f, n: f.connect(n, n),
        lambda f, n: f.connect(n, f.add(blocks.manual_trigger(id="b"), after=n)),
    ],
)
def test_misuse_is_an_sdk_error_and_changes_nothing(misuse: object) -> None:
    flow = Flow("x")
    hook = flow.add(blocks.webhook_trigger(id="hook"))
    before = len(flow.nodes), len(flow.edges)
    with pytest.raises(SkytellsError) as caught:
        misuse(flow, hook)  # type: ignore[operator]
    assert caught.value.error_id == "SDK_ERROR"
    if before != (len(flow.nodes), len(flow.edges)):
        assert len(flow.nodes) == 2  # only the connect case adds its node first


@pytest.mark.parametrize("name", ["", "   ", None, 3])
def test_a_flow_needs_a_name(name: object) -> None:
    with pytest.raises(SkytellsError):
        Flow(name)  # type: ignore[arg-type]


def test_a_flow_survives_copy_and_pickle() -> None:
    flow, _ = _signup_flow()
    for twin in (copy.deepcopy(flow), pickle.loads(pickle.dumps(flow))):
        assert twin.create_arguments() == flow.create_arguments()
    assert repr(flow) == "Flow(name='Signup', nodes=5, edges=5)"


@pytest.mark.parametrize(
    ("after", "message"),
    [
        ("hook", "got str 'hook'"),
        (5, "got int 5"),
        (blocks.manual_trigger(id="elsewhere"), "'elsewhere' is not a node of this flow"),
        ({"id": None}, "None is not a node of this flow"),
    ],
)
def test_a_wrong_after_is_named_in_the_error(after: object, message: str) -> None:
    flow = Flow("x")
    flow.add(blocks.webhook_trigger(id="hook"))
    with pytest.raises(SkytellsError) as caught:
        flow.add(blocks.manual_trigger(id="m"), after=after)
    assert message in caught.value.message


def _reference_columns(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    # The layout's rule written plainly: place every node whose sources are all placed, one
    # wave at a time; when none is, the first unplaced node (a loop) goes after the placed.
    incoming: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in edges:
        incoming[target].append(source)
    depth: dict[str, int] = {}
    remaining = list(nodes)
    while remaining:
        batch = [n for n in remaining if all(p in depth for p in incoming[n])] or remaining[:1]
        for node in batch:
            depth[node] = max((depth[p] + 1 for p in incoming[node] if p in depth), default=0)
            remaining.remove(node)
    return depth


def test_the_layout_follows_its_rule_on_graphs_with_loops_and_scales() -> None:
    import random

    chooser = random.Random(7)
    for _ in range(30):
        flow = Flow("random")
        ids = [flow.add(blocks.manual_trigger(id="n0")).id]
        for index in range(1, 25):
            before = [n for n in flow.nodes if chooser.random() < 0.15] or [flow.nodes[-1]]
            ids.append(flow.add(blocks.manual_trigger(id=f"n{index}"), after=before).id)
        for _ in range(5):  # edges back: loops
            source, target = chooser.sample(flow.nodes, 2)
            if not any((e.source, e.target) == (source.id, target.id) for e in flow.edges):
                flow.connect(source, target)
        expected = _reference_columns(
            [str(i) for i in ids], [(str(e.source), str(e.target)) for e in flow.edges]
        )
        assert {n.id: (n.position.x - 100) // 320 for n in flow.nodes} == expected  # type: ignore[union-attr]

    chain = Flow("long")
    previous = chain.add(blocks.webhook_trigger(id="start"))
    first_position = previous.position
    for index in range(1500):  # each add lays out again: linear, so this stays quick
        previous = chain.add(blocks.manual_trigger(id=f"s{index}"), after=previous)
    assert previous.position.x == 100 + 1500 * 320  # type: ignore[union-attr]
    assert chain.nodes[0].position is first_position  # a node that did not move is left alone
