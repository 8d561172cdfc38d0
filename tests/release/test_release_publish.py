"""`make publish` end to end against a real package index (pypiserver on 127.0.0.1).

Build once, upload with authentication, install the result into a fresh venv from that index,
import both packages there and call a local Orchestrator server with the installed SDK. Around
that: re-publishing the same version fails clearly, a missing TWINE_REPOSITORY_URL or a wrong
dist/ is refused before anything is uploaded, and the password never shows in any output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from release_support import (
    REPO_ROOT,
    VERSION,
    BuiltDist,
    PackageIndex,
    clean_env,
    publish,
    run_make,
    sha256,
)
from skytells_orchestrator.local import LocalOrchestrator

PUBLISH = [sys.executable, str(REPO_ROOT / "scripts" / "publish.py")]
SMOKE_WORKFLOW = "release-smoke-check"

# Runs in the fresh venv's interpreter (isolated mode: the repo's sources are not importable).
SMOKE_SCRIPT = """
import json, os
import skytells_orchestrator
import skytells_orchestrator_client
from skytells_orchestrator import Skytells

with Skytells(
    orchestrator_api_key=os.environ["SMOKE_API_KEY"],
    orchestrator_base_url=os.environ["SMOKE_BASE_URL"],
) as client:
    workflows = client.orchestrator.workflows.list()
print(json.dumps({
    "version": skytells_orchestrator.__version__,
    "sdk": skytells_orchestrator.__file__,
    "client": skytells_orchestrator_client.__file__,
    "workflows": [workflow.name for workflow in workflows],
}))
"""


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[int, str]:
    result = subprocess.run(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout


@pytest.fixture(scope="module")
def published(built_dist: BuiltDist, package_index: PackageIndex) -> str:
    """`make publish` of the session's build; returns its output."""
    assert package_index.files() == {}, "the test index must start empty"
    result = run_make("publish", package_index.twine_env())
    assert result.returncode == 0, result.stdout
    return result.stdout


@pytest.fixture
def local_server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator() as server:
        yield server


def test_publish_uploads_both_files_unchanged(
    published: str, built_dist: BuiltDist, package_index: PackageIndex
) -> None:
    assert package_index.files() == {
        built_dist.wheel.name: sha256(built_dist.wheel),
        built_dist.sdist.name: sha256(built_dist.sdist),
    }
    assert f"skytells-orchestrator {VERSION} is on {package_index.url}" in published
    assert package_index.password not in published


def test_install_from_index_into_fresh_venv_and_call_local_server(
    published: str,
    built_dist: BuiltDist,
    package_index: PackageIndex,
    local_server: LocalOrchestrator,
    tmp_path: Path,
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    requirement = f"skytells-orchestrator=={VERSION}"
    env = clean_env()

    # 1. The package itself, from the local index only, and pip's report says where it came from.
    report_path = tmp_path / "report.json"
    only_local = ["--no-deps", "--no-cache-dir", "--index-url", package_index.simple_url]
    code, output = run([*pip, *only_local, "--report", str(report_path), requirement], env)
    assert code == 0, output
    [installed] = json.loads(report_path.read_text())["install"]
    download: dict[str, Any] = installed["download_info"]
    assert download["url"].startswith(package_index.url), download
    assert download["url"].endswith(built_dist.wheel.name), download
    assert download["archive_info"]["hashes"]["sha256"] == sha256(built_dist.wheel)

    # 2. Its dependencies from the machine's normal index (the local one stays an extra).
    code, output = run([*pip, "--extra-index-url", package_index.simple_url, requirement], env)
    assert code == 0, output

    # 3. One call with the installed SDK against the local Orchestrator of this process.
    created = httpx.post(
        f"{local_server.url}/api/workflows/create",
        headers={"Authorization": f"Bearer {local_server.api_key}"},
        json={"name": SMOKE_WORKFLOW, "nodes": [], "edges": []},
    )
    assert created.status_code == 200, created.text
    local_server.requests.clear()
    smoke_env = clean_env(
        {"SMOKE_BASE_URL": local_server.url, "SMOKE_API_KEY": local_server.api_key}
    )
    code, output = run([str(python), "-I", "-c", SMOKE_SCRIPT], smoke_env, cwd=tmp_path)
    assert code == 0, output
    result = json.loads(output.strip().splitlines()[-1])
    assert result["version"] == VERSION
    for module_file in (result["sdk"], result["client"]):
        assert Path(module_file).is_relative_to(venv), result
    assert result["workflows"] == [SMOKE_WORKFLOW]
    assert local_server.requests.count("GET", "/api/workflows") == 1


def test_republishing_the_same_version_fails_clearly(
    published: str, package_index: PackageIndex
) -> None:
    before = package_index.files()
    result = run_make("publish", package_index.twine_env())
    assert result.returncode != 0
    assert (
        f"skytells-orchestrator {VERSION} is already on {package_index.url}: bump the version in "
        "overlay/skytells_orchestrator/_version.py"
    ) in result.stdout
    assert package_index.files() == before
    assert package_index.password not in result.stdout


def test_make_publish_refuses_without_repository_url(
    built_dist: BuiltDist, package_index: PackageIndex
) -> None:
    before = package_index.files()
    env = package_index.twine_env()
    del env["TWINE_REPOSITORY_URL"]
    env["TWINE_REPOSITORY"] = "pypi"  # a named repository is no fallback either
    result = run_make("publish", env)
    assert result.returncode != 0
    assert "TWINE_REPOSITORY_URL is not set: refusing to upload" in result.stdout
    assert "never falls back to the public PyPI" in result.stdout
    assert "Nothing was uploaded." in result.stdout
    assert "Uploading" not in result.stdout
    assert package_index.password not in result.stdout
    assert package_index.files() == before


@pytest.mark.parametrize("scenario", ["wrong password", "credentials in the URL"])
def test_password_is_never_printed(
    scenario: str, published: str, package_index: PackageIndex
) -> None:
    if scenario == "wrong password":
        secret = f"{package_index.password}-wrong"
        env = package_index.twine_env(TWINE_PASSWORD=secret)
    else:
        secret = package_index.password
        authority = f"{package_index.username}:{quote(secret, safe='')}@"
        env = package_index.twine_env(
            TWINE_REPOSITORY_URL=package_index.url.replace("://", f"://{authority}")
        )
    before = package_index.files()
    code, output = run([*PUBLISH, str(REPO_ROOT / "dist")], env)
    assert code == 1, output
    assert "Uploading" in output  # twine ran and its output was relayed
    assert secret not in output
    assert package_index.password not in output
    assert package_index.files() == before


def test_refuses_empty_dist(package_index: PackageIndex, tmp_path: Path) -> None:
    code, output = run([*PUBLISH, str(tmp_path)], package_index.twine_env())
    assert code == 2
    assert "is empty: run `make build` first" in output
    assert "Nothing was uploaded." in output


def test_refuses_dist_of_another_version(
    built_dist: BuiltDist, package_index: PackageIndex, tmp_path: Path
) -> None:
    stale = built_dist.wheel.name.replace(f"-{VERSION}-", "-0.0.9-")
    shutil.copy(built_dist.wheel, tmp_path / stale)
    shutil.copy(built_dist.sdist, tmp_path / built_dist.sdist.name)
    before = package_index.files()
    code, output = run([*PUBLISH, str(tmp_path)], package_index.twine_env())
    assert code == 2, output
    assert f"{stale}: version 0.0.9, not {VERSION}" in output
    assert "overlay/skytells_orchestrator/_version.py" in output
    assert package_index.files() == before


@pytest.mark.parametrize("missing", ["TWINE_USERNAME", "TWINE_PASSWORD"])
def test_refuses_without_credentials(
    missing: str, built_dist: BuiltDist, package_index: PackageIndex
) -> None:
    env = package_index.twine_env()
    del env[missing]
    code, output = run([*PUBLISH, str(built_dist.directory)], env)
    assert code == 2
    assert f"{missing} not set" in output


# Stands in for twine in the relay test: it prints the password in the forms a misbehaving
# tool or index could, then fails the way devpi answers a duplicate upload.
LEAKY_TWINE = """
import base64, os, sys, urllib.parse
user, password = os.environ["TWINE_USERNAME"], os.environ["TWINE_PASSWORD"]
print("password:", password)
print("quoted:", urllib.parse.quote(password, safe=""))
print("Authorization: Basic", base64.b64encode(f"{user}:{password}".encode()).decode())
print("HTTPError: 409 Conflict from", os.environ["TWINE_REPOSITORY_URL"])
sys.exit(1)
"""


def test_relayed_twine_output_is_scrubbed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in (
        f"skytells_orchestrator-{VERSION}.tar.gz",
        f"skytells_orchestrator-{VERSION}-py3-none-any.whl",
    ):
        (tmp_path / name).write_bytes(b"")
    password = "hunter2 & more/+"
    monkeypatch.setattr(publish, "TWINE", (sys.executable, "-c", LEAKY_TWINE))
    for key in [k for k in os.environ if k.startswith("TWINE_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("TWINE_REPOSITORY_URL", "https://index.example/upload/")
    monkeypatch.setenv("TWINE_USERNAME", "ci")
    monkeypatch.setenv("TWINE_PASSWORD", password)

    assert publish.main([str(tmp_path)]) == 1
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "password: ********" in output
    assert "quoted: ********" in output
    assert "Authorization: Basic ********" in output
    for leaked in (password, quote(password, safe=""), "hunter2"):
        assert leaked not in output
    assert f"skytells-orchestrator {VERSION} is already on https://index.example/upload/" in output


def test_scrub_masks_every_form_of_the_password() -> None:
    env = {
        "TWINE_REPOSITORY_URL": "https://ci:url%2Fsecret@index.example/",
        "TWINE_USERNAME": "ci",
        "TWINE_PASSWORD": "p@ss word/+",
    }
    forms = publish.secrets_of(env)
    text = " | ".join(["p@ss word/+", "p%40ss%20word%2F%2B", "p%40ss+word%2F%2B", "url/secret"])
    scrubbed = publish.scrub(text, forms)
    assert scrubbed == " | ".join([publish.MASK] * 4)
    assert publish.display_url(env["TWINE_REPOSITORY_URL"]) == "https://index.example/"
    assert publish.scrub("nothing secret", publish.secrets_of({})) == "nothing secret"


def test_version_reader_matches_the_package() -> None:
    import skytells_orchestrator

    assert publish.read_version() == skytells_orchestrator.__version__
    assert os.path.samefile(
        publish.VERSION_FILE.parent, Path(skytells_orchestrator.__file__).parent
    )
