"""How the local Orchestrator runs one step: the catalogue's rules, templates and outputs.

The rules come from ``catalogue.json`` (shipped next to this package and read here directly:
the local server keeps its own reading of the facts). A step:

1. has its templates resolved (``{{@nodeId:Label.field}}``) from the outputs of the nodes that
   ran before it, as the hosted executor does;
2. fails with the executor's message when its action type is unknown, and with the exact
   string the hosted step returns when config it needs is missing (in the hosted step's order,
   credentials first: an action that calls a service needs an ``integrationId`` whose stored
   config has the credential key);
3. otherwise returns a simulated output, or, for ``HTTP Request`` when the server was started
   with ``real_http``, calls the endpoint.

Simulated outputs: ``HTTP Request`` → ``{"success": true, "data": {"simulated": true,
"method", "url"}, "status": 200}``; ``Database Query`` → ``{"success": true, "rows": [],
"count": 0}``; ``Condition`` → ``{"condition": <the expression's value>}``; any other action →
``{"success": true, "data": {<each output>: "simulated <output>"}}``.
"""

from __future__ import annotations

import ast
import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "UNDEFINED",
    "StepFailed",
    "canonical_action",
    "evaluate_condition",
    "lookup_key",
    "missing_config",
    "resolve_config",
    "resolve_text",
    "simulated_output",
]

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "catalogue.json"
TEMPLATE = re.compile(r"\{\{@([^:]+):([^}]+)\}\}")
_NOT_ALPHANUMERIC = re.compile(r"[^a-zA-Z0-9]")
UNKNOWN_ACTION = (
    'Unknown action type: "{}". This action is not registered in the plugin system. '
    "Available system actions: Database Query, HTTP Request, Condition."
)


class _Undefined:
    """The output of a step that returned an error: references to it become ``""``."""

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()


class StepFailed(Exception):
    """A step's error text; ``thrown`` when the hosted step throws (nothing is recorded)."""

    def __init__(self, message: str, *, thrown: bool = False) -> None:
        super().__init__(message)
        self.thrown = thrown


@functools.cache
def _facts() -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """(actions by type and legacy name, missing-config rules by action type)."""
    data = json.loads(CATALOGUE_FILE.read_text("utf-8"))
    actions: dict[str, dict[str, Any]] = {}
    for action in data["actions"]:
        for name in (action["actionType"], *action.get("legacyNames", ())):
            actions[name] = action
    rules: dict[str, list[dict[str, Any]]] = {}
    for rule in data["missingConfigBehaviour"]:
        if rule.get("actionType") and rule.get("check"):
            rules.setdefault(rule["actionType"], []).append(rule)
    return actions, rules


def canonical_action(action_type: str) -> dict[str, Any] | None:
    """The catalogue entry of an action type or legacy name, or None when unknown."""
    return _facts()[0].get(action_type)


def _empty(value: Any, blank: bool = False) -> bool:
    if value is None or value == "":
        return True
    return blank and isinstance(value, str) and not value.strip()


def _fails(check: Mapping[str, Any], config: Mapping[str, Any], creds: Mapping[str, Any]) -> bool:
    if "integrationKey" in check:
        return _empty(creds.get(check["integrationKey"]))
    if "notInteger" in check:
        value = str(config.get(check["notInteger"]) or "").strip()
        return not re.fullmatch(r"-?\d+", value)
    if "notJson" in check or "notNonEmptyArray" in check:
        key = check.get("notJson") or check["notNonEmptyArray"]
        try:
            parsed = json.loads(str(config.get(key) or ""))
        except ValueError:
            return "notJson" in check
        return "notNonEmptyArray" in check and not (isinstance(parsed, list) and parsed)
    blank = bool(check.get("blank"))
    return (
        all(_empty(config.get(key), blank) for key in check.get("empty", ()))
        and all(key not in config for key in check.get("absent", ()))
        and ("integrationLacks" not in check or _empty(creds.get(check["integrationLacks"])))
    )


def missing_config(
    action: Mapping[str, Any], config: Mapping[str, Any], credentials: Mapping[str, Any] | None
) -> StepFailed | None:
    """The hosted step's error for missing config (first rule that applies), or None.

    ``credentials`` is the config of the node's integration; None when it has none.
    """
    for rule in _facts()[1].get(action["actionType"], ()):
        if _fails(rule["check"], config, credentials or {}):
            return StepFailed(rule["result"], thrown=rule.get("via") == "thrown")
    return None


def lookup_key(node_id: Any) -> str:
    """The executor's key for a node's output: non-alphanumerics of the id become ``_``."""
    return _NOT_ALPHANUMERIC.sub("_", str(node_id))


_MISSING = object()


def _walk(output: Any, path: list[str]) -> Any:
    if (
        path
        and isinstance(output, Mapping)
        and "success" in output
        and "data" in output
        and path[0] not in ("success", "data", "error")
    ):
        output = output["data"]
    for part in path:
        if isinstance(output, Mapping):
            output = output.get(part, _MISSING)
        elif isinstance(output, list) and part.isdigit() and int(part) < len(output):
            output = output[int(part)]
        else:
            return _MISSING
        if output is _MISSING:
            return _MISSING
    return output


def _lookup(outputs: Mapping[str, Any], node_id: str, label_and_path: str) -> Any:
    """The raw value a template names; ``_MISSING`` when it stays as written."""
    key = lookup_key(node_id.strip())
    if key not in outputs:
        return _MISSING
    output = outputs[key]
    if output is None or output is UNDEFINED:
        return None
    _label, _, path = label_and_path.partition(".")
    value = _walk(output, path.split(".") if path else [])
    return None if value is _MISSING else value


def _js_string(value: Any) -> str:
    """``String(value)``, objects as ``JSON.stringify`` writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, Mapping | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def resolve_text(text: str, outputs: Mapping[str, Any]) -> str:
    """A config string with its templates replaced by the outputs they name."""

    def replace(match: re.Match[str]) -> str:
        value = _lookup(outputs, match.group(1), match.group(2))
        return match.group(0) if value is _MISSING else _js_string(value)

    return TEMPLATE.sub(replace, text)


def resolve_config(config: Mapping[str, Any], outputs: Mapping[str, Any]) -> dict[str, Any]:
    """Top-level strings resolved; other values, and ``condition``, as they are."""
    return {
        key: resolve_text(value, outputs)
        if isinstance(value, str) and key != "condition"
        else value
        for key, value in config.items()
    }


# -- Condition -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<name>[A-Za-z_$][\w$]*)|(?P<op>===|!==|==|!=|<=|>=|&&|\|\||[!<>().,\-+]))"
)
_JS_OPERATORS = {"===": "==", "!==": "!=", "&&": " and ", "||": " or ", "!": " not "}
_JS_NAMES = {"true": "True", "false": "False", "null": "None", "undefined": "None"}
_METHODS: dict[str, Callable[..., Any]] = {
    "includes": lambda value, item: item in value,
    "startsWith": lambda value, prefix: str(value).startswith(str(prefix)),
    "endsWith": lambda value, suffix: str(value).endswith(str(suffix)),
    "toString": lambda value: _js_string(value),
    "toLowerCase": lambda value: str(value).lower(),
    "toUpperCase": lambda value: str(value).upper(),
    "trim": lambda value: str(value).strip(),
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _to_python(expression: str) -> str:
    """The expression in Python syntax; ValueError for anything outside the allowed set."""
    parts: list[str] = []
    position = 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            raise ValueError("unexpected character")
        position = match.end()
        if match.group("name"):
            name = match.group("name")
            parts.append(_JS_NAMES.get(name, name))
        elif match.group("op"):
            parts.append(_JS_OPERATORS.get(match.group("op"), match.group("op")))
        else:
            parts.append(match.group("number") or match.group("string"))
    return " ".join(parts).replace(" . ", ".").replace(" (", "(")


def _evaluate(node: ast.AST, names: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, names)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.BoolOp):
        values = [_evaluate(value, names) for value in node.values]
        result = values[0]
        for value in values[1:]:
            result = (result and value) if isinstance(node.op, ast.And) else (result or value)
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        operand = _evaluate(node.operand, names)
        return (not operand) if isinstance(node.op, ast.Not) else -operand
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, names)
        for operator, comparator in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(comparator, names)
            if not _COMPARE[type(operator)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Attribute) and node.attr == "length":
        return len(_evaluate(node.value, names))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _METHODS
        and not node.keywords
    ):
        target = _evaluate(node.func.value, names)
        return _METHODS[node.func.attr](target, *(_evaluate(a, names) for a in node.args))
    raise ValueError("not allowed in a condition")


def evaluate_condition(condition: Any, outputs: Mapping[str, Any]) -> bool:
    """A Condition's value as the hosted step computes it; anything wrong gives False.

    Each template becomes a variable bound to the raw value it names; the expression may
    compare, combine with ``&&``/``||``/``!``, and call the string methods the validator allows.
    """
    if isinstance(condition, bool):
        return condition
    if not isinstance(condition, str) or not condition.strip():
        return False
    names: dict[str, Any] = {}

    def bind(match: re.Match[str]) -> str:
        value = _lookup(outputs, match.group(1), match.group(2))
        if value is _MISSING:
            raise ValueError("unresolved reference")
        name = f"__value{len(names)}"
        names[name] = value
        return name

    try:
        expression = _to_python(TEMPLATE.sub(bind, condition))
        return bool(_evaluate(ast.parse(expression, mode="eval"), names))
    except (ValueError, TypeError, KeyError, SyntaxError, RecursionError, MemoryError):
        return False


def simulated_output(action: Mapping[str, Any], config: Mapping[str, Any]) -> Any:
    """What a step outputs when it is not really run (see the module's docstring)."""
    action_type = action["actionType"]
    if action_type == "HTTP Request":
        method = str(config.get("httpMethod") or "GET")
        data = {"simulated": True, "method": method, "url": config.get("endpoint")}
        return {"success": True, "data": data, "status": 200}
    if action_type == "Database Query":
        return {"success": True, "rows": [], "count": 0}
    return {"success": True, "data": {name: f"simulated {name}" for name in action["outputs"]}}
