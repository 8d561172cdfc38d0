"""Helpers and fixtures for the release tests: one `make build` per session, a real package index.

The index is pypiserver (a dev dependency) on 127.0.0.1 with a free port; uploads need the
user and password of an htpasswd file written here. The server is stopped by the fixture that
started it.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DIST = REPO_ROOT / "dist"
STAMP = ".venv/.installed"
INDEX_USER = "release-uploader"


def _load_publish_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "skytells_release_publish", REPO_ROOT / "scripts" / "publish.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


publish = _load_publish_module()
VERSION: str = publish.read_version()


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without any twine or coverage settings, plus ``extra``.

    A developer's own TWINE_* variables must never leak into a test upload.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TWINE_", "COV_CORE_", "COVERAGE_"))
    }
    no_proxy = ",".join(filter(None, [env.get("NO_PROXY", ""), "127.0.0.1", "localhost"]))
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    env.update(extra or {})
    return env


def run_make(target: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """``make -C <repo> <target>``, output captured (stdout and stderr together).

    ``-o .venv/.installed`` keeps make from reinstalling the venv the tests run in (`make test`
    has just brought it up to date).
    """
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO_ROOT), "-o", STAMP, target],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class BuiltDist:
    directory: Path
    wheel: Path
    sdist: Path
    build_output: str


@dataclass(frozen=True)
class PackageIndex:
    url: str  # upload URL, also the root of /simple/
    packages: Path
    username: str
    password: str

    @property
    def simple_url(self) -> str:
        return f"{self.url}simple/"

    def twine_env(self, **overrides: str) -> dict[str, str]:
        values = {
            "TWINE_REPOSITORY_URL": self.url,
            "TWINE_USERNAME": self.username,
            "TWINE_PASSWORD": self.password,
        }
        values.update(overrides)
        return clean_env(values)

    def files(self) -> dict[str, str]:
        """File name -> sha256 of what the index holds."""
        return {p.name: sha256(p) for p in sorted(self.packages.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def built_dist() -> BuiltDist:
    """Run `make build` once per session; dist/ is replaced only by a complete, checked build."""
    result = run_make("build", clean_env())
    assert result.returncode == 0, f"make build failed:\n{result.stdout}"
    wheels = sorted(DIST.glob("*.whl"))
    sdists = sorted(DIST.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in DIST.iterdir())
    return BuiltDist(DIST, wheels[0], sdists[0], result.stdout)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}health", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def package_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PackageIndex]:
    """A pypiserver on 127.0.0.1 that needs htpasswd credentials to upload (``-a update``)."""
    base = tmp_path_factory.mktemp("package-index")
    packages = base / "packages"
    packages.mkdir()
    # Random, so finding it in any output can only mean a leak.
    password = f"pw-{secrets.token_hex(12)}"
    # {SHA} is one of the htpasswd schemes passlib reads; enough for a throwaway test index.
    digest = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode("ascii")
    htpasswd = base / "htpasswd"
    htpasswd.write_text(f"{INDEX_USER}:{{SHA}}{digest}\n", encoding="utf-8")
    log_path = base / "pypiserver.log"

    for _attempt in range(3):  # the free port may be taken between probing and binding
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pypiserver",
                    "run",
                    "-p",
                    str(port),
                    "-i",
                    "127.0.0.1",
                    "-P",
                    str(htpasswd),
                    "-a",
                    "update",
                    "--disable-fallback",
                    str(packages),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=clean_env(),
            )
        try:
            deadline = time.monotonic() + 30
            while process.poll() is None and time.monotonic() < deadline:
                if _healthy(url):
                    yield PackageIndex(url, packages, INDEX_USER, password)
                    return
                time.sleep(0.1)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    pytest.fail(f"pypiserver did not start:\n{log_path.read_text(errors='replace')}")
