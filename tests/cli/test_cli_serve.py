"""``serve`` checks its arguments before starting: one line, exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import skytells_orchestrator.local
from skytells_orchestrator.cli import main


def bad_arguments(tmp: Path) -> list[tuple[list[str], str]]:
    (tmp / "notes.txt").write_text("not a database\n")
    return [
        (["--port", "70000"], "70000 is not in the range"),
        (["--port", "-1"], "is not in the range"),
        (["--db", str(tmp / "missing" / "state.db")], "does not exist"),
        (["--db", str(tmp / "notes.txt")], "is not a SQLite database"),
        (["--db", str(tmp)], "is a folder"),
        (["--api-key", "sk-platform-key"], "looks like a platform key"),
        (["--api-key", "wfb_ has spaces"], "contains spaces"),
        (["--api-key", "plainkey"], "must start with 'wfb_'"),
        (["--api-key", "wfb_"], "must start with 'wfb_'"),
        (["--api-key", ""], "must not be empty"),
        (["--ai-line-delay", "inf"], "not a finite number"),
        (["--step-delay", "nan"], "not a finite number"),
        (["--step-delay", "-0.5"], "must not be negative"),
        (["--strict-auth", "--bogus"], "No such option"),
    ]


@pytest.mark.parametrize("case", range(14))
def test_bad_arguments_exit_2_with_one_line(
    case: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, message = bad_arguments(tmp_path)[case]
    assert main(["serve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1, captured.err
    assert message in captured.err


def test_an_existing_sqlite_file_or_an_empty_one_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened: list[str | None] = []

    class Refuses:
        def __init__(self, *, db: str | None, **options: object) -> None:
            opened.append(db)
            raise ValueError("stop here")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    empty = tmp_path / "empty.db"
    empty.touch()
    real = tmp_path / "real.db"
    real.write_bytes(b"SQLite format 3\x00" + bytes(100))
    for path in (empty, real, tmp_path / "new.db"):
        assert main(["serve", "--db", str(path)]) == 2
    assert opened == [str(empty), str(real), str(tmp_path / "new.db")]
    assert "stop here" in capsys.readouterr().err


def test_binding_beyond_loopback_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Refuses:
        def __init__(self, **options: object) -> None:
            raise ValueError("not started in tests")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert "warning: binding to 0.0.0.0" in capsys.readouterr().err
    for loopback in ("127.0.0.1", "localhost", "::1"):
        assert main(["serve", "--host", loopback, "--port", "0"]) == 2
        assert "warning" not in capsys.readouterr().err


def test_real_http_is_handed_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    class Refuses:
        def __init__(self, *, real_http: bool, **options: object) -> None:
            seen.append(real_http)
            raise ValueError("not started in tests")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    assert main(["serve", "--real-http"]) == 2
    assert main(["serve"]) == 2
    assert seen == [True, False]
