"""Griffe extension for the API reference: show the public surface, not the code's plumbing.

- A class built on a private base (``Skytells(_ClientBase[httpx.Client, ...])``) shows the
  base's public members as its own, with the base's type variables replaced by the class's
  arguments (``http_client: httpx.Client | None``, not ``H | None``), and the private base is
  not listed under "Bases".
- A default that names a module constant (``timeout = DEFAULT_TIMEOUT``) shows the constant's
  value (``timeout = 60.0``) when that value is a literal.
- A private type in a parameter's union (``float | _NotGiven = NOT_GIVEN``) is left out: a
  caller cannot name it, only pass the public default.
- An attribute whose value is code (private helpers, ``self.…``) shows its type, not that code.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import griffe

PRIVATE_NAME = re.compile(r"(?<![\w.])(_[A-Za-z]\w*|self\.)")


def _without_private_members(annotation: Any) -> Any:
    """``a | _Private | b`` without its private members (the annotation as is otherwise)."""
    if not (isinstance(annotation, griffe.ExprBinOp) and annotation.operator == "|"):
        return annotation
    left = _without_private_members(annotation.left)
    right = _without_private_members(annotation.right)
    if isinstance(right, griffe.ExprName) and _is_private(right):
        return left
    if isinstance(left, griffe.ExprName) and _is_private(left):
        return right
    changed = copy.copy(annotation)
    changed.left, changed.right = left, right
    return changed


def _is_private(base: griffe.Expr | str) -> bool:
    head = str(base).split("[", 1)[0]
    return any(part.startswith("_") for part in head.split("."))


def _substitute(value: Any, mapping: dict[str, Any]) -> Any:
    """``value`` (an expression, a list of them or text) with names of ``mapping`` replaced."""
    if isinstance(value, griffe.ExprName) and value.name in mapping:
        return mapping[value.name]
    if isinstance(value, list):
        return [_substitute(item, mapping) for item in value]
    if not isinstance(value, griffe.Expr):
        return value
    changed = copy.copy(value)
    for field in dataclasses.fields(value):
        part = getattr(value, field.name)
        if isinstance(part, griffe.Expr | list) and field.name != "parent":
            setattr(changed, field.name, _substitute(part, mapping))
    return changed


def _type_variables(base: griffe.Class) -> list[str]:
    """The names in ``Generic[...]`` among a class's bases (``["H", "HT"]``)."""
    for expr in base.bases:
        if isinstance(expr, griffe.ExprSubscript) and str(expr.left) in {
            "Generic",
            "typing.Generic",
        }:
            elements = getattr(expr.slice, "elements", [expr.slice])
            return [str(element) for element in elements]
    return []


def _arguments(expr: griffe.Expr | str) -> list[Any]:
    if not isinstance(expr, griffe.ExprSubscript):
        return []
    return list(getattr(expr.slice, "elements", [expr.slice]))


def _literal_default(parameter: griffe.Parameter, collection: Any) -> str | None:
    """The literal value of the constant a default names, or None."""
    default = parameter.default
    if not isinstance(default, griffe.ExprName) or not default.name.isupper():
        return None
    try:
        target = collection.get_member(default.canonical_path)
        value = target.final_target.value if target.is_alias else target.value
        if value is None:  # no value known (not an assignment): keep the name
            return None
        ast.literal_eval(str(value))
    except (KeyError, ValueError, SyntaxError, AttributeError, griffe.AliasResolutionError):
        return None
    return str(value)


def _copy_member(member: griffe.Object, parent: griffe.Class, mapping: dict[str, Any]) -> Any:
    twin = copy.copy(member)
    twin.parent = parent
    if isinstance(twin, griffe.Function):
        twin.parameters = griffe.Parameters(
            *(
                griffe.Parameter(
                    parameter.name,
                    annotation=_substitute(parameter.annotation, mapping),
                    kind=parameter.kind,
                    default=parameter.default,
                    docstring=parameter.docstring,
                )
                for parameter in member.parameters  # type: ignore[attr-defined]
            )
        )
        twin.returns = _substitute(twin.returns, mapping)
    elif isinstance(twin, griffe.Attribute):
        twin.annotation = _substitute(twin.annotation, mapping)
    return twin


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    for member in obj.members.values():
        if member.is_alias:
            continue
        yield member
        if isinstance(member, griffe.Module | griffe.Class):
            yield from _objects(member)


def _flatten_private_bases(cls: griffe.Class) -> None:
    for expr, base in zip(list(cls.bases), cls.resolved_bases, strict=False):
        if not _is_private(expr) or not isinstance(base, griffe.Class):
            continue
        mapping = dict(zip(_type_variables(base), _arguments(expr), strict=False))
        for name, member in base.all_members.items():
            if name in cls.members or (name.startswith("_") and name != "__init__"):
                continue
            target = member.final_target if member.is_alias else member
            cls.set_member(name, _copy_member(target, cls, mapping))
    cls.bases = [expr for expr in cls.bases if not _is_private(expr)]


class ReferencePresentation(griffe.Extension):
    """Flattens private bases and shows constant defaults by value, once a package is loaded."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        objects = list(_objects(pkg))
        for obj in objects:
            if isinstance(obj, griffe.Class) and any(_is_private(base) for base in obj.bases):
                _flatten_private_bases(obj)
        for obj in _objects(pkg):
            if isinstance(obj, griffe.Function):
                for parameter in obj.parameters:
                    value = _literal_default(parameter, loader.modules_collection)
                    if value is not None:
                        parameter.default = value
                    parameter.annotation = _without_private_members(parameter.annotation)
            elif isinstance(obj, griffe.Attribute) and PRIVATE_NAME.search(str(obj.value or "")):
                obj.value = None
