"""Upload the built distributions to a package index with twine (`make publish`).

Usage::

    TWINE_REPOSITORY_URL=https://pypi.internal.example/ \\
    TWINE_USERNAME=ci-uploader TWINE_PASSWORD=... \\
        python scripts/publish.py [DIST_DIR]        # DIST_DIR defaults to dist/

The target index is named only by the standard twine environment variables:

- ``TWINE_REPOSITORY_URL``: the upload URL of the index. Required: without it the script
  refuses, so a release can never fall back to the public PyPI.
- ``TWINE_USERNAME`` and ``TWINE_PASSWORD``: the credentials, passed to twine through the
  environment (never on a command line).

Before uploading, the script checks that ``DIST_DIR`` holds the sdist and a wheel of exactly the
version in ``overlay/skytells_orchestrator/_version.py`` (the single source of the version) and
nothing else. It then runs ``twine upload --non-interactive`` (deliberately without
``--skip-existing``) and relays twine's output with the password scrubbed. When the index already
has this version (HTTP 409 / "already exists") it says so and exits non-zero: a published version
is never overwritten, the fix is a version bump.

Exit codes: 0 uploaded, 1 the upload failed, 2 refused before uploading anything.
"""

from __future__ import annotations

import ast
import base64
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "overlay" / "skytells_orchestrator" / "_version.py"
PROJECT = "skytells-orchestrator"
MASK = "********"
# How twine is run: the twine of the interpreter running this script (the project's venv).
TWINE: tuple[str, ...] = (sys.executable, "-m", "twine")

EXIT_UPLOAD_FAILED = 1
EXIT_REFUSED = 2

# How an index says "this file is already here": devpi and pypiserver answer 409 Conflict;
# PyPI, and pypiserver when the client is twine, answer 400 with "... already exists".
_ALREADY_EXISTS = re.compile(r"\b409\s+Conflict\b|already\s+exists", re.IGNORECASE)


class Refused(Exception):
    """A precondition failed; nothing has been uploaded."""


def read_version(path: Path = VERSION_FILE) -> str:
    """Return ``__version__`` from ``_version.py`` without importing the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    raise Refused(f'no `__version__ = "..."` found in {path}')


def display_url(url: str) -> str:
    """The URL without any ``user:password@`` part, safe to print."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def secrets_of(env: Mapping[str, str]) -> list[str]:
    """Every form in which the password could show up in twine's output."""
    username = env.get("TWINE_USERNAME", "")
    passwords = {env.get("TWINE_PASSWORD", "")}
    url_password = urlsplit(env.get("TWINE_REPOSITORY_URL", "")).password
    if url_password:
        passwords.update({url_password, unquote(url_password)})
    forms: set[str] = set()
    for password in filter(None, passwords):
        forms.update({password, quote(password, safe=""), quote_plus(password)})
        basic = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        forms.add(basic)
    # Longest first, so a secret that contains another one is masked whole.
    return sorted(forms, key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in ``text`` with a mask."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def find_distributions(dist_dir: Path, version: str) -> list[Path]:
    """The sdist and wheel(s) of ``version`` in ``dist_dir``; refuse anything else."""
    if not dist_dir.is_dir():
        raise Refused(f"{dist_dir}/ does not exist: run `make build` first")
    files = sorted(p for p in dist_dir.iterdir() if not p.name.startswith("."))
    if not files:
        raise Refused(f"{dist_dir}/ is empty: run `make build` first")

    expected = Version(version)
    name = canonicalize_name(PROJECT)
    wheels: list[Path] = []
    sdists: list[Path] = []
    problems: list[str] = []
    for path in files:
        try:
            if path.name.endswith(".whl"):
                file_name, file_version, _build, _tags = parse_wheel_filename(path.name)
                bucket = wheels
            else:
                file_name, file_version = parse_sdist_filename(path.name)
                bucket = sdists
        except (InvalidWheelFilename, InvalidSdistFilename):
            problems.append(f"{path.name}: not a wheel or sdist")
            continue
        if file_name != name:
            problems.append(f"{path.name}: another project ({file_name})")
        elif file_version != expected:
            problems.append(f"{path.name}: version {file_version}, not {version}")
        else:
            bucket.append(path)

    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise Refused(
            f"{dist_dir}/ holds files that are not {PROJECT} {version} "
            f"(the version in {VERSION_FILE.relative_to(ROOT)}):\n{listing}\n"
            "Run `make build` to rebuild dist/ from the current version."
        )
    if not sdists or not wheels:
        missing = "an sdist (.tar.gz)" if not sdists else "a wheel (.whl)"
        raise Refused(f"{dist_dir}/ has no {missing} of {version}: run `make build`")
    return sdists + wheels


def check_environment(env: Mapping[str, str]) -> str:
    """Return the repository URL, or refuse when a twine variable is missing."""
    url = env.get("TWINE_REPOSITORY_URL", "").strip()
    if not url:
        raise Refused(
            "TWINE_REPOSITORY_URL is not set: refusing to upload.\n"
            "Set it to the upload URL of the package index; `make publish` never falls back "
            "to the public PyPI."
        )
    if urlsplit(url).scheme not in ("http", "https"):
        raise Refused(f"TWINE_REPOSITORY_URL must be an http(s) URL, got {display_url(url)!r}")
    missing = [var for var in ("TWINE_USERNAME", "TWINE_PASSWORD") if not env.get(var)]
    if missing:
        raise Refused(f"{' and '.join(missing)} not set: refusing to upload.")
    return url


def upload(files: list[Path], url: str, env: Mapping[str, str]) -> tuple[int, str]:
    """Run twine, relaying its output line by line with the password scrubbed."""
    secrets = secrets_of(env)
    command = [
        *TWINE,
        "--no-color",
        "upload",
        "--non-interactive",
        # --verbose makes twine show the index's answer body, the only place where some indexes
        # (pypiserver among them) say that a file "already exists". twine prints the password
        # as <hidden> there; it is scrubbed below in any case.
        "--verbose",
        "--disable-progress-bar",
        *(str(f) for f in files),
    ]
    # twine reads the URL and the credentials from the environment: nothing secret goes on
    # a command line, where any local user could read it. A wide console keeps rich from
    # wrapping the server's messages in the middle of a phrase.
    child_env = {**env, "TWINE_REPOSITORY_URL": url, "TWINE_NON_INTERACTIVE": "1", "COLUMNS": "200"}
    relayed: list[str] = []
    with subprocess.Popen(
        command,
        env=child_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            clean = scrub(line, secrets).rstrip() + "\n"  # rich pads lines to the width
            relayed.append(clean)
            sys.stdout.write(clean)
            sys.stdout.flush()
    return process.returncode, "".join(relayed)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(__doc__, file=sys.stderr)
        return EXIT_REFUSED
    dist_dir = Path(args[0] if args else "dist")
    env = dict(os.environ)

    try:
        version = read_version()
        url = check_environment(env)
        files = find_distributions(dist_dir, version)
    except Refused as refusal:
        print(f"publish: {refusal}\nNothing was uploaded.", file=sys.stderr)
        return EXIT_REFUSED

    shown = display_url(url)
    print(f"publish: uploading {PROJECT} {version} to {shown}", flush=True)
    for path in files:
        print(f"  {path}", flush=True)
    returncode, output = upload(files, url, env)

    if returncode == 0:
        print(f"publish: {PROJECT} {version} is on {shown}")
        return 0
    if _ALREADY_EXISTS.search(output):
        print(
            f"publish: {PROJECT} {version} is already on {shown}: bump the version in "
            f"{VERSION_FILE.relative_to(ROOT)} (and info.version in openapi.yaml, and add a "
            "CHANGELOG entry), then `make build` and `make publish` again.",
            file=sys.stderr,
        )
    else:
        print(f"publish: twine upload failed (exit {returncode}).", file=sys.stderr)
    return EXIT_UPLOAD_FAILED


if __name__ == "__main__":
    sys.exit(main())
