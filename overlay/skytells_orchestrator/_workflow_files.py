"""Workflows as files: export, plan and apply, split like Terraform's plan/apply.

A pure planner turns the files of a folder and what the server holds into a
[`WorkflowPlan`][skytells_orchestrator.WorkflowPlan] (creates, updates, deletes; integration
references resolved or refused; every graph checked), and a thin executor (`apply_steps`)
carries a plan out one request at a time. The sync and async resources drive the same
executor; the command line only prints plans.

The file format (one workflow per ``<slug of its name>.json``, UTF-8, two-space indent):

- the keys ``name``, ``description``, ``visibility``, ``nodes``, ``edges`` in this order, and
  nothing else (no ids of the account, no timestamps, no owner);
- inside nodes and edges, keys sorted; nodes and edges in the order the server keeps them;
- the editor's state of the moment is left out: ``selected``, ``dragging`` and ``measured`` of a
  node and ``status`` of its ``data``;
- a node's ``data.config.integrationId`` is a reference ``{"name": …, "type": …}`` to an
  integration of the account, resolved by type and name wherever the file is applied.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from . import _operations as ops
from ._authoring import validate_workflow
from ._errors import SkytellsError, sdk_error
from ._request import Call

__all__ = [
    "ApplyResult",
    "ExportResult",
    "GraphChange",
    "PlanProblem",
    "WorkflowApplyError",
    "WorkflowChange",
    "WorkflowPlan",
]

# The editor's autosave is stored as a workflow of this name: never exported nor pruned.
AUTOSAVE_NAME = "~~__CURRENT__~~"
# The server renames a new workflow of this name ("Untitled 2"): it could never be matched.
UNTITLED_NAME = "Untitled Workflow"
FILE_FIELDS = ("name", "description", "visibility", "nodes", "edges")
VISIBILITIES = ("private", "public")
_EDITOR_NODE_KEYS = ("selected", "dragging", "measured")
_EDITOR_DATA_KEYS = ("status",)
_SLUG_CHARS = 60
_SUMMARY_PROBLEMS = 3
# Config keys the server itself redacts in run logs: their values are secrets.
_SECRET_KEY = re.compile(r"api[_-]?key|token|secret|password|credential|auth", re.IGNORECASE)
_SECRET_DEPTH = 10

Action = Literal["create", "update", "delete", "unchanged"]


# ------------------------------------------------------------------ plain results


@attrs.frozen
class PlanProblem:
    """Something that stops a plan (or an export): nothing is changed while there is one.

    >>> print(PlanProblem("MISSING_INTEGRATION", "no slack integration 'Team'", file="a.json"))
    MISSING_INTEGRATION: no slack integration 'Team' (file 'a.json')

    Attributes:
        code: A stable id: ``INVALID_FILE``, ``DUPLICATE_NAME``, ``RESERVED_NAME``,
            ``INVALID_WORKFLOW``, ``INVALID_INTEGRATION_REFERENCE``, ``MISSING_INTEGRATION``,
            ``AMBIGUOUS_INTEGRATION``, ``AMBIGUOUS_WORKFLOW``, ``UNREADABLE_WORKFLOW`` or
            ``NO_FILES``; for warnings, ``SECRET_IN_FILE``, ``STALE_FILE`` or a code of
            ``validate_workflow``.
        message: What is wrong, in a sentence.
        file: The file concerned, if any.
        workflow: The workflow's name, if known.
        node_id: The node concerned, if any.
    """

    code: str
    message: str
    file: str | None = None
    workflow: str | None = None
    node_id: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                None if self.file is None else f"file {self.file!r}",
                None if self.workflow is None else f"workflow {self.workflow!r}",
                None if self.node_id is None else f"node {self.node_id!r}",
            )
            if part
        )
        return f"{self.code}: {self.message}" + (f" ({where})" if where else "")

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON object."""
        return attrs.asdict(self)


@attrs.frozen
class GraphChange:
    """How the nodes (or edges) of a workflow change, by id.

    Attributes:
        added: Ids only in the file.
        removed: Ids only on the server.
        changed: Ids on both sides, with a different content.
        reordered: The same items in another order.
    """

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    reordered: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.reordered)

    def summary(self, what: str) -> str:
        """``"nodes: +1 ~2 -0"`` style text with the ids, or ``""`` when nothing changes.

        >>> GraphChange(added=("b",), changed=("a",)).summary("nodes")
        'nodes: +1 (b), ~1 (a)'
        """
        parts = [
            f"{sign}{len(ids)} ({', '.join(ids)})"
            for sign, ids in (("+", self.added), ("~", self.changed), ("-", self.removed))
            if ids
        ]
        if self.reordered and not parts:
            parts.append("reordered")
        return f"{what}: {', '.join(parts)}" if parts else ""

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON object."""
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
            "reordered": self.reordered,
        }


@attrs.frozen
class WorkflowChange:
    """What a plan does to one workflow.

    Attributes:
        action: ``"create"``, ``"update"``, ``"delete"`` (with ``prune``) or ``"unchanged"``.
        name: The workflow's name.
        file: The file it comes from (None for a delete).
        workflow_id: The id on the server (None for a create).
        fields: The fields that change (all of them for a create, none for a delete).
        nodes: How the nodes change.
        edges: How the edges change.
        target: The workflow as it will be stored (``name``, ``description``,
            ``visibility``, ``nodes``, ``edges``, integration ids of the target filled in);
            empty for a delete.
    """

    action: Action
    name: str
    file: str | None = None
    workflow_id: str | None = None
    fields: tuple[str, ...] = ()
    nodes: GraphChange = GraphChange()
    edges: GraphChange = GraphChange()
    target: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def summary(self) -> str:
        """One line for people: what changes in this workflow.

        >>> WorkflowChange("update", "Notify", fields=("description",)).summary()
        'description'
        """
        if self.action in ("delete", "unchanged"):
            return ""
        if self.action == "create":
            nodes, edges = len(self.target.get("nodes", ())), len(self.target.get("edges", ()))
            return (
                f"{nodes} node{'' if nodes == 1 else 's'}, {edges} edge{'' if edges == 1 else 's'}"
            )
        parts = [field for field in self.fields if field not in ("nodes", "edges")]
        parts += [
            text for text in (self.nodes.summary("nodes"), self.edges.summary("edges")) if text
        ]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON object (without ``target``)."""
        return {
            "action": self.action,
            "name": self.name,
            "file": self.file,
            "workflowId": self.workflow_id,
            "fields": list(self.fields),
            "nodes": self.nodes.to_dict(),
            "edges": self.edges.to_dict(),
            "summary": self.summary(),
        }


@attrs.frozen
class WorkflowPlan:
    """What applying a folder would do; made by ``workflows.plan``, carried out by ``apply``.

    Attributes:
        directory: The folder of the files.
        prune: Whether workflows absent from the folder are deleted.
        changes: One per workflow, creates and updates in file order, then deletes.
        problems: What refuses the plan; ``apply`` changes nothing while there is one.
        warnings: Graph warnings of ``validate_workflow`` (they do not stop the plan).
    """

    directory: str
    prune: bool
    changes: tuple[WorkflowChange, ...] = ()
    problems: tuple[PlanProblem, ...] = ()
    warnings: tuple[PlanProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """No problem: the plan can be applied."""
        return not self.problems

    @property
    def pending(self) -> tuple[WorkflowChange, ...]:
        """The changes that do something (not ``unchanged``)."""
        return tuple(change for change in self.changes if change.action != "unchanged")

    @property
    def has_changes(self) -> bool:
        """Whether applying would change anything."""
        return bool(self.pending)

    def counts(self) -> dict[str, int]:
        """How many workflows each action concerns."""
        counts = dict.fromkeys(("create", "update", "delete", "unchanged"), 0)
        for change in self.changes:
            counts[change.action] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The plan as a JSON object."""
        return {
            "directory": self.directory,
            "prune": self.prune,
            "ok": self.ok,
            "counts": self.counts(),
            "changes": [change.to_dict() for change in self.changes],
            "problems": [problem.to_dict() for problem in self.problems],
            "warnings": [warning.to_dict() for warning in self.warnings],
        }


@attrs.frozen
class ExportResult:
    """The files ``workflows.export`` wrote.

    Attributes:
        directory: The folder.
        files: The file name of each exported workflow, by workflow name.
        written: The files whose content changed (the others were left untouched).
        warnings: ``SECRET_IN_FILE`` for each node config value that looks like a secret
            (under a key such as ``apiKey`` or ``password``): it is in the file as stored;
            ``STALE_FILE`` for each other workflow file already in the folder (a workflow
            renamed or deleted since an earlier export), which is left as it is.
    """

    directory: str
    files: Mapping[str, str] = attrs.field(factory=dict)
    written: tuple[str, ...] = ()
    warnings: tuple[PlanProblem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON object."""
        return {
            "directory": self.directory,
            "files": [{"name": name, "file": file} for name, file in self.files.items()],
            "written": list(self.written),
            "warnings": [warning.to_dict() for warning in self.warnings],
        }


@attrs.frozen
class ApplyResult:
    """What an apply did; also the ``result`` of a `WorkflowApplyError`.

    Attributes:
        applied: The changes carried out.
        failed: The change that failed, if one did (it may be partly done: a created
            workflow whose visibility could not be set).
        not_applied: The changes not attempted after a failure.
        error: The failure's message.
    """

    applied: tuple[WorkflowChange, ...] = ()
    failed: WorkflowChange | None = None
    not_applied: tuple[WorkflowChange, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON object."""
        return {
            "ok": self.failed is None,
            "applied": [change.to_dict() for change in self.applied],
            "failed": None if self.failed is None else self.failed.to_dict(),
            "notApplied": [change.to_dict() for change in self.not_applied],
            "error": self.error,
        }


class WorkflowApplyError(SkytellsError):
    """``APPLY_INCOMPLETE``: an apply stopped midway; ``result`` says what was and was not done.

    The cause (the server's refusal, a lost connection) is ``__cause__``; applying the same
    folder again plans only what is left.
    """

    default_error_id = "APPLY_INCOMPLETE"

    def __init__(self, message: str, *, result: ApplyResult | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.result = result if result is not None else ApplyResult()

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (cls, message, state) = super().__reduce__()
        return (rebuild, (cls, message, {**state, "result": self.result}))


# ------------------------------------------------------------------ canonical form


def slug(name: str) -> str:
    """The file stem of a workflow name: lower-case letters and digits, dashes between words.

    Accents are dropped; letters of other scripts stay.

    >>> slug("Notify on Signup!")
    'notify-on-signup'
    >>> slug("Überweisung → Slack")
    'uberweisung-slack'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = re.sub(r"[\W_]+", "-", bare.lower()).strip("-")
    text = unicodedata.normalize("NFC", text)[:_SLUG_CHARS].rstrip("-")
    return text or "workflow"


def file_names(names: Iterable[str]) -> dict[str, str]:
    """The file of each (distinct) name: ``<slug>.json``, or ``<slug>-<8 hex>.json`` for the
    names that share a slug, the suffix a hash of the name so that it never changes.

    >>> sorted(file_names(["A b", "a-b", "c"]).values())
    ['a-b-a760b0e1.json', 'a-b-d44362d6.json', 'c.json']
    """
    by_slug: dict[str, list[str]] = {}
    for name in names:
        by_slug.setdefault(slug(name), []).append(name)
    files: dict[str, str] = {}
    for stem, group in by_slug.items():
        for name in group:
            if len(group) == 1:
                files[name] = f"{stem}.json"
            else:
                digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
                files[name] = f"{stem}-{digest[:8]}.json"
    return files


def _without_editor_state(node: Any) -> Any:
    if not isinstance(node, Mapping):
        return node
    kept = {key: value for key, value in node.items() if key not in _EDITOR_NODE_KEYS}
    data = kept.get("data")
    if isinstance(data, Mapping):
        kept["data"] = {key: value for key, value in data.items() if key not in _EDITOR_DATA_KEYS}
    return kept


def _config(node: Any) -> Mapping[str, Any] | None:
    data = node.get("data") if isinstance(node, Mapping) else None
    config = data.get("config") if isinstance(data, Mapping) else None
    return config if isinstance(config, Mapping) else None


def _with_integration(node: Mapping[str, Any], value: Any) -> dict[str, Any]:
    data = dict(node["data"])
    data["config"] = {**data["config"], "integrationId": value}
    return {**node, "data": data}


def _description(value: Any) -> str | None:
    # The server cannot store null once a description is set; "" and null mean the same.
    return value if isinstance(value, str) and value else None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def render(document: Mapping[str, Any]) -> str:
    """The text of a workflow file: the five keys in order, inner keys sorted, two spaces.

    >>> print(render({"name": "n", "description": None, "visibility": "private",
    ...               "nodes": [], "edges": []}), end="")
    {
      "name": "n",
      "description": null,
      "visibility": "private",
      "nodes": [],
      "edges": []
    }
    """
    ordered = {field: document.get(field) for field in FILE_FIELDS}
    for field in ("nodes", "edges"):
        # Keys sorted inside nodes and edges only: sort_keys would reorder the top level too.
        ordered[field] = json.loads(_canonical(ordered[field] or []))
    text = json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form: write it escaped
        text = json.dumps(ordered, indent=2) + "\n"
    return text


# ------------------------------------------------------------------ export


def _integration_keys(integrations: Sequence[Any]) -> dict[tuple[str, str], list[str]]:
    by_key: dict[tuple[str, str], list[str]] = {}
    for integration in integrations:
        by_key.setdefault((integration.type_, integration.name), []).append(integration.id)
    return by_key


def export_documents(
    workflows: ops.ItemList[Any], integrations: ops.ItemList[Any]
) -> tuple[dict[str, str], ExportResult]:
    """The files of an export, ``{file: text}``, and its result before writing.

    Raises:
        SkytellsError: ``EXPORT_REFUSED`` listing every problem (two workflows of one name,
            an integration id that names no integration or two of the same type and name, a
            workflow that could not be read); nothing is written then.
    """
    problems: list[PlanProblem] = [
        PlanProblem(
            "UNREADABLE_WORKFLOW", f"workflow #{item.index} could not be read: {item.error}"
        )
        for item in workflows.unreadable
    ]
    by_id = {integration.id: integration for integration in integrations}
    keys = _integration_keys(integrations)
    chosen = sorted(
        (workflow for workflow in workflows if workflow.name != AUTOSAVE_NAME),
        key=lambda workflow: workflow.name,
    )
    seen: dict[str, int] = {}
    for workflow in chosen:
        seen[workflow.name] = seen.get(workflow.name, 0) + 1
    problems += [
        PlanProblem(
            "DUPLICATE_NAME",
            f"{count} workflows are named {name!r}: files are matched by name, rename all but one",
            workflow=name,
        )
        for name, count in seen.items()
        if count > 1
    ]
    names = file_names(seen)
    files: dict[str, str] = {}
    warnings: list[PlanProblem] = []
    for workflow in chosen:
        wire = workflow.to_dict()
        nodes = []
        for node in wire.get("nodes") or []:
            node = _without_editor_state(node)
            config = _config(node)
            reference = None if config is None else config.get("integrationId")
            if isinstance(reference, str) and reference:
                integration = by_id.get(reference)
                if integration is None:
                    problems.append(
                        PlanProblem(
                            "MISSING_INTEGRATION",
                            "the node refers to an integration that does not exist",
                            workflow=workflow.name,
                            node_id=str(node.get("id")),
                        )
                    )
                elif len(keys[(integration.type_, integration.name)]) > 1:
                    problems.append(
                        PlanProblem(
                            "AMBIGUOUS_INTEGRATION",
                            f"several {integration.type_} integrations are named "
                            f"{integration.name!r}: rename all but one",
                            workflow=workflow.name,
                            node_id=str(node.get("id")),
                        )
                    )
                else:
                    node = _with_integration(
                        node, {"name": integration.name, "type": integration.type_}
                    )
            warnings += [
                PlanProblem(
                    "SECRET_IN_FILE",
                    f"config key {key!r} looks like it holds a secret, written to the file as "
                    "stored: keep secrets in an integration",
                    file=names[workflow.name],
                    workflow=workflow.name,
                    node_id=str(node.get("id")),
                )
                for key in _secret_keys(config)
            ]
            nodes.append(node)
        document = {
            "name": workflow.name,
            "description": _description(wire.get("description")),
            "visibility": wire.get("visibility"),
            "nodes": nodes,
            "edges": list(wire.get("edges") or []),
        }
        files[names[workflow.name]] = render(document)
    if problems:
        raise _refusal("EXPORT_REFUSED", "Export refused, nothing was written", problems)
    result = ExportResult("", {name: names[name] for name in seen}, (), tuple(warnings))
    return files, result


def _secret_keys(value: Any, depth: int = 0) -> list[str]:
    """The keys under ``value`` that name a secret and hold a literal (not a template)."""
    if isinstance(value, Mapping) and depth <= _SECRET_DEPTH:
        items: list[tuple[Any, Any]] = list(value.items())
    elif isinstance(value, list) and depth <= _SECRET_DEPTH:
        items = list(enumerate(value))
    else:
        return []
    found: list[str] = []
    for key, item in items:
        if (
            isinstance(key, str)
            and _SECRET_KEY.search(key)
            and isinstance(item, str)
            and item.strip()
            and not item.lstrip().startswith("{{")
        ):
            found.append(key)
        else:
            found += _secret_keys(item, depth + 1)
    return found


def _refusal(error_id: str, what: str, problems: Sequence[PlanProblem]) -> SkytellsError:
    shown = "; ".join(str(problem) for problem in problems[:_SUMMARY_PROBLEMS])
    more = len(problems) - _SUMMARY_PROBLEMS
    return SkytellsError(
        f"{what} ({len(problems)} problem{'s' if len(problems) > 1 else ''}): {shown}"
        + (f" (and {more} more)" if more > 0 else ""),
        error_id=error_id,
        details="\n".join(str(problem) for problem in problems),
    )


def write_export(
    directory: str | os.PathLike[str], files: Mapping[str, str], result: ExportResult
) -> ExportResult:
    """Write each file whose content differs, whole or not at all (a temporary file renamed),
    into ``directory`` (created when missing)."""
    directory = directory_path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise sdk_error(f"cannot create the folder {str(directory)!r}: {exc.strerror}") from None
    written: list[str] = []
    for file, text in files.items():
        path = directory / file
        data = text.encode("utf-8")
        try:
            if path.is_file() and path.read_bytes() == data:
                continue
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{file}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise sdk_error(
                f"cannot write {str(path)!r}: {exc.strerror}"
                + (f" ({len(written)} file(s) written before)" if written else "")
            ) from None
        written.append(file)
    # A file of a workflow since renamed or deleted is left alone, but `apply` would create it.
    stale = tuple(
        PlanProblem(
            "STALE_FILE",
            "no workflow of the account is exported to it (renamed or deleted?): `apply` would "
            "create it again; delete the file if the workflow is gone",
            file=file,
        )
        for file in _workflow_files(directory)
        if file not in files
    )
    return attrs.evolve(
        result,
        directory=str(directory),
        written=tuple(written),
        warnings=result.warnings + stale,
    )


# ------------------------------------------------------------------ reading files


def directory_path(directory: Any) -> Path:
    """``directory`` as a ``Path`` (``SDK_ERROR`` for anything but a non-blank path)."""
    if not isinstance(directory, str | os.PathLike) or not str(os.fspath(directory)).strip():
        raise sdk_error(f"directory must be a path, got {directory!r}")
    return Path(os.fspath(directory))


def read_directory(directory: str | os.PathLike[str]) -> dict[str, str | PlanProblem]:
    """The text of each ``*.json`` file of the folder (not its sub-folders), by file name.

    A file that cannot be read is a ``PlanProblem`` in its place.

    Raises:
        SkytellsError: ``SDK_ERROR`` when the folder does not exist or cannot be listed.
    """
    path = directory_path(directory)
    if not path.is_dir():
        raise sdk_error(f"{str(path)!r} is not a folder")
    texts: dict[str, str | PlanProblem] = {}
    for entry in _workflow_files(path):
        try:
            # utf-8-sig: a byte order mark some editors write is not part of the JSON.
            texts[entry] = (path / entry).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            texts[entry] = PlanProblem("INVALID_FILE", f"cannot be read: {exc}", file=entry)
    return texts


def _workflow_files(path: Path) -> list[str]:
    """The names of the files a plan reads: ``*.json`` files of the folder, not hidden."""
    try:
        entries = sorted(entry for entry in os.listdir(path) if entry.endswith(".json"))
    except OSError as exc:
        raise sdk_error(f"cannot list {str(path)!r}: {exc.strerror}") from None
    return [entry for entry in entries if not entry.startswith(".") and (path / entry).is_file()]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON itself would keep the last of two equal keys: a file that says two things (a merge
    # gone wrong, say) is refused rather than read one way.
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ValueError(f"the key {key[:80]!r} appears twice in one object")
        document[key] = value
    return document


def _finite(text: str) -> float:
    number = float(text)
    if number in (math.inf, -math.inf):
        raise ValueError(f"{text} is too large for a JSON number")
    return number


def _parse_file(file: str, text: str) -> dict[str, Any] | PlanProblem:
    def bad(message: str) -> PlanProblem:
        return PlanProblem("INVALID_FILE", message, file=file)

    try:
        document = json.loads(
            text, parse_constant=_no_constant, parse_float=_finite, object_pairs_hook=_unique_keys
        )
    except (ValueError, RecursionError) as exc:
        return bad(f"not valid JSON: {exc}")
    if not isinstance(document, dict):
        return bad(f"must be a JSON object, not {type(document).__name__}")
    unknown = sorted(set(document) - set(FILE_FIELDS))
    if unknown:
        return bad(f"unknown field(s) {', '.join(map(repr, unknown))}; a file holds {FILE_FIELDS}")
    name = document.get("name")
    if not isinstance(name, str) or not name.strip():
        return bad("'name' must be a non-empty string")
    description = document.get("description")
    if description is not None and not isinstance(description, str):
        return bad("'description' must be a string or null")
    visibility = document.get("visibility", "private")
    if visibility not in VISIBILITIES:
        return bad(f"'visibility' must be one of {VISIBILITIES}")
    for field in ("nodes", "edges"):
        items = document.get(field)
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            return bad(f"'{field}' must be a list of objects")
    return {
        "name": name,
        "description": _description(description),
        "visibility": visibility,
        "nodes": [_without_editor_state(node) for node in document["nodes"]],
        "edges": document["edges"],
    }


# ------------------------------------------------------------------ planning


def _graph_change(current: Sequence[Any], target: Sequence[Any]) -> GraphChange:
    def by_id(items: Sequence[Any]) -> dict[str, str]:
        return {
            str(item.get("id")): _canonical(item) for item in items if isinstance(item, Mapping)
        }

    old, new = by_id(current), by_id(target)
    change = GraphChange(
        added=tuple(key for key in new if key not in old),
        removed=tuple(key for key in old if key not in new),
        changed=tuple(key for key in new if key in old and old[key] != new[key]),
    )
    if not change and _canonical(list(current)) != _canonical(list(target)):
        return attrs.evolve(change, reordered=True)
    return change


def _resolve(
    document: dict[str, Any],
    file: str,
    keys: Mapping[tuple[str, str], list[str]],
    problems: list[PlanProblem],
) -> dict[str, Any]:
    """The document with each integration reference replaced by the target's id."""
    nodes = []
    for node in document["nodes"]:
        config = _config(node)
        reference = None if config is None else config.get("integrationId")
        if reference is None or reference == "":
            nodes.append(node)
            continue

        def problem(code: str, message: str, node: Mapping[str, Any] = node) -> None:
            problems.append(
                PlanProblem(
                    code, message, file=file, workflow=document["name"], node_id=str(node.get("id"))
                )
            )

        if not (
            isinstance(reference, Mapping)
            and set(reference) == {"name", "type"}
            and all(isinstance(reference[key], str) for key in ("name", "type"))
        ):
            problem(
                "INVALID_INTEGRATION_REFERENCE",
                'integrationId must be a reference {"name": …, "type": …}, not an account id',
            )
            nodes.append(node)
            continue
        found = keys.get((reference["type"], reference["name"]), [])
        if len(found) == 1:
            nodes.append(_with_integration(node, found[0]))
            continue
        if found:
            problem(
                "AMBIGUOUS_INTEGRATION",
                f"{len(found)} {reference['type']} integrations are named {reference['name']!r}",
            )
        else:
            problem(
                "MISSING_INTEGRATION",
                f"no {reference['type']} integration named {reference['name']!r}",
            )
        nodes.append(node)
    return {**document, "nodes": nodes}


def _current(workflow: Any) -> dict[str, Any]:
    wire = workflow.to_dict()
    return {
        "name": workflow.name,
        "description": _description(wire.get("description")),
        "visibility": wire.get("visibility"),
        "nodes": [_without_editor_state(node) for node in wire.get("nodes") or []],
        "edges": list(wire.get("edges") or []),
    }


def changed_fields(current: Mapping[str, Any], target: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of ``target`` whose value differs from ``current``, in file order."""
    return tuple(
        field
        for field in FILE_FIELDS[1:]
        if _canonical(current.get(field)) != _canonical(target.get(field))
    )


def make_plan(
    directory: str | os.PathLike[str],
    texts: Mapping[str, str | PlanProblem],
    workflows: ops.ItemList[Any],
    integrations: ops.ItemList[Any],
    *,
    prune: bool,
) -> WorkflowPlan:
    """The plan of applying the files ``texts`` to a server holding ``workflows``.

    Pure: ``texts`` come from `read_directory`, the lists from the server.
    """
    problems: list[PlanProblem] = []
    warnings: list[PlanProblem] = []
    documents: list[tuple[str, dict[str, Any]]] = []
    for file, text in texts.items():
        parsed = text if isinstance(text, PlanProblem) else _parse_file(file, text)
        if isinstance(parsed, PlanProblem):
            problems.append(parsed)
        else:
            documents.append((file, parsed))

    files_by_name: dict[str, list[str]] = {}
    for file, document in documents:
        files_by_name.setdefault(document["name"], []).append(file)
    for name, files in files_by_name.items():
        if len(files) > 1:
            problems.append(
                PlanProblem(
                    "DUPLICATE_NAME", f"the files {', '.join(files)} share one name", workflow=name
                )
            )
        if name in (AUTOSAVE_NAME, UNTITLED_NAME):
            problems.append(
                PlanProblem(
                    "RESERVED_NAME",
                    "the server gives this name a meaning of its own: choose another",
                    file=files[0],
                    workflow=name,
                )
            )
    if prune and not documents and not problems:
        problems.append(
            PlanProblem(
                "NO_FILES",
                f"no workflow file in {os.fspath(directory)!r}: "
                "pruning would delete every workflow",
            )
        )

    problems += [
        PlanProblem(
            "UNREADABLE_WORKFLOW", f"workflow #{item.index} could not be read: {item.error}"
        )
        for item in workflows.unreadable
    ]
    on_server: dict[str, list[Any]] = {}
    for workflow in workflows:
        if workflow.name != AUTOSAVE_NAME:
            on_server.setdefault(workflow.name, []).append(workflow)

    keys = _integration_keys(integrations)
    changes: list[WorkflowChange] = []
    for file, document in documents:
        target = _resolve(document, file, keys, problems)
        name = document["name"]
        for found in validate_workflow(target["nodes"], target["edges"]):
            (problems if found.is_error else warnings).append(
                PlanProblem(
                    "INVALID_WORKFLOW" if found.is_error else found.code,
                    str(found) if found.is_error else found.message,
                    file=file,
                    workflow=name,
                    node_id=found.node_id,
                )
            )
        matches = on_server.get(name, [])
        if len(matches) > 1:
            problems.append(
                PlanProblem(
                    "AMBIGUOUS_WORKFLOW",
                    f"{len(matches)} workflows of this name on the server: rename all but one",
                    file=file,
                    workflow=name,
                )
            )
            continue
        if not matches:
            changes.append(
                WorkflowChange(
                    "create",
                    name,
                    file=file,
                    fields=FILE_FIELDS[1:],
                    nodes=_graph_change([], target["nodes"]),
                    edges=_graph_change([], target["edges"]),
                    target=target,
                )
            )
            continue
        current = _current(matches[0])
        fields = changed_fields(current, target)
        changes.append(
            WorkflowChange(
                "update" if fields else "unchanged",
                name,
                file=file,
                workflow_id=matches[0].id,
                fields=fields,
                nodes=_graph_change(current["nodes"], target["nodes"]),
                edges=_graph_change(current["edges"], target["edges"]),
                target=target,
            )
        )
    if prune:
        changes += [
            WorkflowChange("delete", name, workflow_id=workflow.id)
            for name, found in on_server.items()
            if name not in files_by_name
            for workflow in found
        ]
    return WorkflowPlan(
        os.fspath(directory), prune, tuple(changes), tuple(problems), tuple(warnings)
    )


# ------------------------------------------------------------------ carrying a plan out

Steps = Generator[Call[Any], Any, ApplyResult]


def _update_arguments(target: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    arguments = {field: target[field] for field in fields}
    if "description" in arguments and arguments["description"] is None:
        arguments["description"] = ""  # erases it: the server keeps null only for new ones
    return arguments


def _update_call(workflow_id: str, arguments: Mapping[str, Any]) -> Call[Any]:
    return ops.update_workflow_call(
        workflow_id,
        arguments.get("name"),
        arguments.get("description"),
        arguments.get("nodes"),
        arguments.get("edges"),
        arguments.get("visibility"),
    )


def _carry_out(change: WorkflowChange) -> Generator[Call[Any], Any, None]:
    target = change.target
    if change.action == "create":
        created = yield ops.create_workflow_call(
            target["name"], target["description"], target["nodes"], target["edges"]
        )
        # Visibility is not part of a create, and the server fills in an empty graph.
        rest = changed_fields(_current(created), target)
        if rest:
            yield _update_call(created.id, _update_arguments(target, rest))
    elif change.action == "update":
        assert change.workflow_id is not None
        yield _update_call(change.workflow_id, _update_arguments(target, change.fields))
    elif change.action == "delete":
        assert change.workflow_id is not None
        # The server refuses to delete a workflow that still has executions.
        yield ops.delete_executions_call(change.workflow_id)
        yield ops.delete_workflow_call(change.workflow_id)


def checked_plan(source: WorkflowPlan, prune: bool) -> WorkflowPlan:
    """A plan given to ``apply``; ``SDK_ERROR`` when ``prune`` asks for more than it holds."""
    if prune and not source.prune:
        raise sdk_error("prune=True with a plan made without it: plan again with prune=True")
    return source


def apply_steps(plan: WorkflowPlan) -> Steps:
    """The requests that carry ``plan`` out, one at a time (sent by the caller's requester).

    Raises:
        SkytellsError: ``PLAN_REFUSED`` before any request when the plan has problems.
        WorkflowApplyError: ``APPLY_INCOMPLETE`` when a request fails midway.
    """
    if not isinstance(plan, WorkflowPlan):
        raise sdk_error(f"plan must be a WorkflowPlan, got {type(plan).__name__}")
    if not plan.ok:
        raise _refusal("PLAN_REFUSED", "Apply refused, nothing was changed", plan.problems)
    pending = plan.pending
    for index, change in enumerate(pending):
        try:
            yield from _carry_out(change)
        except SkytellsError as exc:
            result = ApplyResult(pending[:index], change, pending[index + 1 :], str(exc))
            raise WorkflowApplyError(
                f"Apply stopped at {change.action} of {change.name!r} ({exc.message}): "
                f"{index} of {len(pending)} change(s) applied, {len(pending) - index - 1} "
                "not attempted",
                result=result,
                details="\n".join(
                    [f"applied: {done.action} {done.name!r}" for done in result.applied]
                    + [f"failed: {change.action} {change.name!r}: {exc}"]
                    + [f"not applied: {left.action} {left.name!r}" for left in result.not_applied]
                ),
            ) from exc
        except BaseException as exc:  # Ctrl-C, a cancelled task: raised on, saying what was done
            exc.add_note(
                f"workflows apply interrupted at {change.action} of {change.name!r} (it may or "
                f"may not have been made): {index} of {len(pending)} change(s) applied before"
                + "".join(f"\napplied: {done.action} {done.name!r}" for done in pending[:index])
            )
            raise
    return ApplyResult(applied=pending)


def drive(steps: Steps, run: Callable[[Call[Any]], Any]) -> ApplyResult:
    """Send each request of ``steps`` with ``run``, handing back answers and failures."""
    answer: Any = None
    failure: BaseException | None = None
    while True:
        try:
            call = steps.send(answer) if failure is None else steps.throw(failure)
        except StopIteration as stop:
            result: ApplyResult = stop.value
            return result
        try:
            answer, failure = run(call), None
        except BaseException as exc:  # the plan's steps say what was done, then raise it on
            answer, failure = None, exc


async def drive_async(steps: Steps, run: Callable[[Call[Any]], Awaitable[Any]]) -> ApplyResult:
    """The async twin of `drive`."""
    answer: Any = None
    failure: BaseException | None = None
    while True:
        try:
            call = steps.send(answer) if failure is None else steps.throw(failure)
        except StopIteration as stop:
            result: ApplyResult = stop.value
            return result
        try:
            answer, failure = await run(call), None
        except BaseException as exc:  # the plan's steps say what was done, then raise it on
            answer, failure = None, exc
