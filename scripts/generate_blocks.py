"""Generate the typed builders of ``skytells_orchestrator.blocks`` from the catalogue.

    python scripts/generate_blocks.py --output overlay/skytells_orchestrator/blocks/_builders.py
    python scripts/generate_blocks.py --check overlay/skytells_orchestrator/blocks/_builders.py

The catalogue (``overlay/skytells_orchestrator/catalogue.json``) is the source; each trigger and
action becomes one function whose keyword arguments are its config keys. The module is
formatted with ruff, so `make lint` and `make check-generated` agree on it.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overlay"))
sys.path.insert(1, str(ROOT / "generated"))

from skytells_orchestrator._catalogue import BlockSpec, ConfigKey, load  # noqa: E402

WIDTH = 96
HEADER = '''"""Typed builders of every trigger and action, generated from the catalogue.

Do not edit: `make generate` writes this module from ``catalogue.json``
(``scripts/generate_blocks.py``) and `make check-generated` fails when it drifts.
"""

from __future__ import annotations

from skytells_orchestrator_client.models import Node

# Underscored: a config key may be called ``text``.
from ._node import JsonText
from ._node import action_node as _action_node
from ._node import condition_text as _condition_text
from ._node import json_text as _json_text
from ._node import number_text as _number_text
from ._node import text as _text
from ._node import trigger_node as _trigger_node
'''


def _encoder(spec: BlockSpec, item: ConfigKey) -> tuple[str, str]:
    """(type hint, checking function) of one config key."""
    if spec.type == "Condition" and item.key == "condition":
        return "str | bool", "_condition_text"
    if item.type == "schema-builder" or item.language == "json":
        return "JsonText", "_json_text"
    if item.type == "number":
        return "int | float | str", "_number_text"
    return "str", "_text"


def _wrap(text: str, indent: str, hanging: str = "    ") -> list[str]:
    return textwrap.wrap(text, WIDTH - len(indent), subsequent_indent=hanging) or [""]


def _describe(item: ConfigKey) -> str:
    parts = [f"``{item.key}`` ({item.type}{', required' if item.required else ''})."]
    if item.options:
        parts.append("One of " + ", ".join(f"``{option}``" for option in item.options) + ".")
    if item.type == "schema-builder":
        parts.append("A list of schema fields, written as JSON text.")
    elif item.language == "json":
        parts.append("A mapping or list is written as JSON text.")
    if item.default is not None:
        parts.append(f"Default ``{item.default}``.")
    return " ".join(parts)


def _function(spec: BlockSpec) -> str:
    required = [item for item in spec.config if item.argument_required]
    optional = [item for item in spec.config if not item.argument_required]
    params: list[str] = []
    for item in required:
        params.append(f"{item.argument}: {_encoder(spec, item)[0]}")
    for item in optional:
        hint = _encoder(spec, item)[0]
        if spec.type == "HTTP Request" and item.key == "httpMethod":
            params.append(f'{item.argument}: str = "{item.default}"')
        else:
            params.append(f"{item.argument}: {hint} | None = None")
    if spec.integration is not None:
        params.append("integration_id: str | None = None")
    params += ["label: str | None = None", "id: str | None = None"]

    what = "trigger" if spec.kind == "trigger" else "action"
    doc = [f"Build one ``{spec.type}`` {what} node ({spec.label}, {spec.category})."]
    doc.append("")
    outputs = ", ".join(f"``{name}``" for name in spec.outputs) or "none"
    doc += _wrap(f"Outputs: {outputs}; read them in later nodes with ``blocks.ref``.", "    ", "")
    doc.append("")
    example_args = ", ".join(f'{item.argument}="..."' for item in required)
    attribute = "trigger_type" if spec.kind == "trigger" else "action_type"
    doc += [
        f">>> node = {spec.builder}({example_args})",
        f">>> node.data.config.{attribute}",
        f"{spec.type!r}",
        "",
        "Args:",
    ]
    for item in [*required, *optional]:
        doc += _wrap(f"    {item.argument}: {_describe(item)}", "    ", "        ")
    if spec.integration is not None:
        doc += _wrap(
            f"    integration_id: The id of a stored ``{spec.integration}`` integration "
            "(``integrationId``); left out, the step runs without credentials.",
            "    ",
            "        ",
        )
    doc += _wrap(f"    label: The node's name (default ``{spec.label}``).", "    ")
    doc += _wrap("    id: The node's id (default: a readable unique id).", "    ")
    doc += [
        "",
        "Returns:",
        "    The node, as the dashboard stores it.",
        "",
        "Raises:",
        "    SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty",
        "        required one.",
    ]
    config = []
    for item in spec.config:
        function = _encoder(spec, item)[1]
        if function == "_condition_text":
            call = f'_condition_text({item.argument}, "{item.argument}")'
        else:
            flag = ", required=True" if item.argument_required else ""
            call = f'{function}({item.argument}, "{item.argument}"{flag})'
        config.append(f'"{item.key}": {call},')
    prefix = spec.builder.removesuffix("_trigger") if spec.kind == "trigger" else spec.builder
    if spec.kind == "trigger":
        make = (
            f"_trigger_node({spec.type!r}, config, label=label, node_id=id, "
            f"default_label={spec.label!r}, prefix={prefix!r})"
        )
    else:
        integration = "integration_id=integration_id, " if spec.integration else ""
        make = (
            f"_action_node({spec.type!r}, config, label=label, node_id=id, {integration}"
            f"default_label={spec.label!r}, prefix={prefix!r})"
        )
    body = "\n".join(
        [
            f"def {spec.builder}(*, {', '.join(params)}) -> Node:",
            '    """' + "\n".join(f"    {line}" if line else "" for line in doc).lstrip(),
            '    """',
            "    config: dict[str, object] = {" + "".join(config) + "}",
            f"    return {make}",
        ]
    )
    return body


def render() -> str:
    catalogue = load()
    specs = [*catalogue.triggers, *catalogue.actions]
    names = sorted(spec.builder for spec in specs)
    source = HEADER + "\n__all__ = [" + "".join(f'"{name}",' for name in names) + "]\n"
    for spec in specs:
        source += "\n\n" + _function(spec) + "\n"
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--stdin-filename", "_builders.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"ruff could not format the builders:\n{result.stderr}")
    return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--output", type=Path, help="write the module to this file")
    mode.add_argument("--check", type=Path, help="fail if this file differs from the catalogue")
    args = parser.parse_args(argv)
    fresh = render()
    if args.check is not None:
        current = args.check.read_text("utf-8") if args.check.exists() else ""
        if current != fresh:
            diff = difflib.unified_diff(
                current.splitlines(), fresh.splitlines(), "committed", "generated", lineterm=""
            )
            print(f"{args.check} does not match the catalogue; run `make generate`:")
            print("\n".join(list(diff)[:40]))
            return 1
        print(f"{args.check} matches the catalogue")
        return 0
    args.output.write_text(fresh, "utf-8")
    print(f"generated {args.output} from the catalogue")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
