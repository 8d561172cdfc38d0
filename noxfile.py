"""The test suite on every supported Python, run against the built wheel (`make test-all`).

Sessions:

- ``build``: builds the sdist, then the wheel from it, into ``.cache/nox/dist`` (once per run;
  the other sessions require it).
- ``tests-3.11``, ``tests-3.12``, ``tests-3.13``: one per Python in the classifiers. Each
  installs the wheel with all its extras, as a user would (not editable), plus the ``test``
  dependency group, and runs the suite against the installed package.
- ``lowest-3.11``, ``lowest-3.13``: the same on the oldest and the newest supported Python,
  with every runtime dependency (and every extra's) held at the lower bound of its range in
  pyproject.toml, so the lower bounds are true.
- ``interpreters``: reports where each supported Python is, and fails if one is missing.

A missing interpreter fails the run (it is never skipped), and none is ever downloaded.
Interpreters are taken from ``PATH`` or, failing that, from pyenv's versions folder.

The release tests (tests/release) are left out here: they drive `make build` and `make publish`
in the repository's own environment, whatever Python runs the session; `make test` runs them.
So are the built-site tests (tests/site): they build the documentation from this tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache" / "nox"
DIST = CACHE / "dist"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
PROJECT = PYPROJECT["project"]
PYTHONS: list[str] = nox.project.python_versions(PYPROJECT)
EXTRAS: list[str] = sorted(PROJECT.get("optional-dependencies", {}))
TEST_GROUP: tuple[str, ...] = nox.project.dependency_groups(PYPROJECT, "test")

# The suite without the release tests (see the module docstring), and without the built-site
# tests (tests/site), which build the documentation from this tree, not from the wheel.
SUITE = ["tests", "--ignore=tests/release", "--ignore=tests/site"]
# Test tools left out of the lowest-versions sessions (see `lowest`).
SPEC_ONLY_TOOLS = frozenset({"schemathesis"})

nox.options.envdir = str(CACHE / "envs")
nox.options.default_venv_backend = "uv"
nox.options.error_on_missing_interpreters = True
nox.options.download_python = "never"
nox.options.sessions = ["tests", "lowest"]

# Run in the session's interpreter: the package and its generated client must come from the
# environment (site-packages), never from overlay/ or generated/ in this tree.
IMPORT_CHECK = """
import sys
import skytells_orchestrator, skytells_orchestrator_client
outside = [m.__file__ for m in (skytells_orchestrator, skytells_orchestrator_client)
           if not m.__file__.startswith(sys.prefix)]
if outside:
    sys.exit(f"not the installed package: {outside}")
print("installed package:", skytells_orchestrator.__file__)
"""


def _probe(executable: str, version: str) -> str | None:
    """The real interpreter behind ``executable`` if it starts and is Python ``version``.

    A pyenv shim of a version that is not selected fails; one that works, or a venv's python,
    names the interpreter it runs (its ``sys._base_executable``).
    """
    code = (
        "import sys; print(sys._base_executable if "
        f"sys.version_info[:2] == {tuple(map(int, version.split('.')))} else '')"
    )
    try:
        done = subprocess.run([executable, "-c", code], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = done.stdout.strip()
    return os.path.realpath(found) if done.returncode == 0 and found else None


def _patch_key(path: Path) -> tuple[int, ...]:
    release = path.parent.parent.name.split(".")
    return tuple(int(part) if part.isdigit() else -1 for part in release)


def find_interpreter(version: str) -> str | None:
    """A working ``python<version>`` (its real path): on PATH first, then pyenv's newest
    matching patch."""
    name = f"python{version}"
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(directory or ".", name)
        if candidate.is_file() and (found := _probe(str(candidate), version)):
            return found
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    versions = (pyenv_root / "versions").glob(f"{version}.*/bin/{name}")
    for candidate in sorted(versions, key=_patch_key, reverse=True):
        if found := _probe(str(candidate), version):
            return found
    return None


def _expose_interpreters() -> None:
    """Put a ``pythonX.Y`` link to each interpreter found first on PATH, for nox to find.

    Only these names are linked, so no other ``python3`` or ``pip`` takes over PATH.
    """
    links = CACHE / "pythons"
    links.mkdir(parents=True, exist_ok=True)
    for version in PYTHONS:
        link = links / f"python{version}"
        found = find_interpreter(version)
        if found is None:
            link.unlink(missing_ok=True)
        elif not link.exists() or str(link.resolve()) != found:
            fresh = links / f".python{version}.{os.getpid()}"
            fresh.unlink(missing_ok=True)
            fresh.symlink_to(found)
            fresh.replace(link)  # atomically: a session's venv may run through this link
    os.environ["PATH"] = os.pathsep.join([str(links), os.environ.get("PATH", "")])


_expose_interpreters()


def _wheel() -> Path:
    wheels = sorted(DIST.glob("*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one wheel in {DIST}, found {[w.name for w in wheels]}")
    return wheels[0]


def _package(wheel: Path) -> str:
    """The wheel with all its extras, as a PEP 508 requirement pip and uv both accept."""
    return f"{PROJECT['name']}[{','.join(EXTRAS)}] @ {wheel.as_uri()}"


def _pytest(session: nox.Session, *args: str) -> None:
    # -I: neither the working directory nor PYTHON* variables reach sys.path.
    session.run("python", "-I", "-c", IMPORT_CHECK)
    session.run("python", "-I", "-m", "pytest", "-p", "no:cacheprovider", *args, *session.posargs)


def lowest_pins() -> list[str]:
    """``name==<lower bound>`` for every runtime dependency and every extra's.

    A requirement without exactly one lower bound (``>=``, ``==`` or ``~=``) is an error: its
    lowest version would be whatever is oldest on the index.
    """
    requirements = list(PROJECT.get("dependencies", []))
    for extra in EXTRAS:
        requirements += PROJECT["optional-dependencies"][extra]
    pins: dict[str, str] = {}
    for text in requirements:
        requirement = Requirement(text)
        if canonicalize_name(requirement.name) == canonicalize_name(PROJECT["name"]):
            continue  # an extra that pulls in another extra
        lows = [s.version for s in requirement.specifier if s.operator in {">=", "==", "~="}]
        if len(lows) != 1:
            raise ValueError(f"{text!r}: give it one lower bound (>=) that is tested")
        marker = f"; {requirement.marker}" if requirement.marker else ""
        pins[canonicalize_name(requirement.name)] = f"{requirement.name}=={lows[0]}{marker}"
    return sorted(pins.values())


@nox.session(python=False)
def interpreters(session: nox.Session) -> None:
    """Where each supported Python is; fails naming the missing ones."""
    missing = []
    for version in PYTHONS:
        found = find_interpreter(version)
        session.log(f"python{version}: {found or 'MISSING'}")
        if found is None:
            missing.append(version)
    if missing:
        session.error(f"missing Python interpreters: {', '.join(missing)}")


@nox.session
def build(session: nox.Session) -> None:
    """The sdist, then the wheel built from it (as `make build` does), into .cache/nox/dist."""
    shutil.rmtree(DIST, ignore_errors=True)
    session.run("uv", "build", "--quiet", "--out-dir", str(DIST), str(ROOT))
    session.log(f"built {_wheel().name}")


@nox.session(python=PYTHONS, requires=["build"])
def tests(session: nox.Session) -> None:
    """The test suite against the installed wheel."""
    session.install(_package(_wheel()), *TEST_GROUP)
    _pytest(session, *SUITE)


@nox.session(python=[PYTHONS[0], PYTHONS[-1]], requires=["build"])
def lowest(session: nox.Session) -> None:
    """The suite with every runtime dependency at its lower bound, on the oldest and newest
    supported Python."""
    pins = lowest_pins()
    constraints = Path(session.create_tmp()) / "lowest-constraints.txt"
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")
    session.log("lower bounds: " + ", ".join(pins))
    # A test tool's own pin of a runtime dependency would override its lower bound: drop it.
    held = {canonicalize_name(Requirement(pin).name) for pin in pins}
    tools = [
        r
        for r in TEST_GROUP
        if canonicalize_name(Requirement(r).name) not in held | SPEC_ONLY_TOOLS
    ]
    session.install("--constraint", str(constraints), _package(_wheel()), *tools)
    # The spec conformance run needs schemathesis, whose own floors (anyio >= 4.5,
    # rich >= 13.9.4) sit above the package's: it checks the spec and the local server, not the
    # dependency ranges, and runs in every other session.
    _pytest(session, *SUITE, "--ignore=tests/conformance")
