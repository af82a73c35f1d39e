"""What a director's Windows laptop changes, checked here on Linux (no Windows on this machine): the app's code
calls nothing POSIX-only outside a guard; a checkout made by Git for Windows (core.autocrlf: every text file with
Windows line endings) gives the same demo and the same manual; a folder whose name has spaces and accents (« Mes
documents », « Côte d'Émeraude ») holds the database as well as any other."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from otmodel import db, manual, paths
from otmodel.cli import serve
from otmodel.demo import loading
from tests.fixtures import ROOT

APP_CODE = sorted([ROOT / "app.py", *(ROOT / "otmodel").rglob("*.py"), *(ROOT / "views").rglob("*.py")])
# Modules and calls that do not exist on Windows (or, like signal.SIGKILL, not as on POSIX).
POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix", "syslog", "crypt"}
POSIX_CALLS = {("os", name) for name in ("fork", "forkpty", "killpg", "setsid", "setpgrp", "getpgid", "getuid",
                                         "geteuid", "getgid", "chown", "mkfifo", "nice", "wait3", "wait4",
                                         "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp")}
POSIX_CALLS |= {("signal", name) for name in ("SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM",
                                              "SIGCHLD", "SIGPIPE", "alarm", "setitimer", "pthread_kill")}
POSIX_ARGUMENTS = {"preexec_fn", "start_new_session", "process_group"}  # subprocess: refused or ignored on Windows


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside an `if` that asks which system runs (os.name, sys.platform)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and any(isinstance(n, ast.Attribute) and n.attr in ("name", "platform")
                                            for n in ast.walk(node.test)):
            return True
    return False


def _posix_only(tree: ast.Module) -> list[tuple[int, str]]:
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, m) for m in modules if m.split(".")[0] in POSIX_MODULES]
            if isinstance(node, ast.ImportFrom) and node.module in ("os", "signal"):
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names
                          if (node.module, a.name) in POSIX_CALLS]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
                (node.value.id, node.attr) in POSIX_CALLS):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.keyword) and node.arg in POSIX_ARGUMENTS:
            found.append((node.value.lineno, f"{node.arg}="))
    return [(line, name) for line, name in found if not _guarded(_at(tree, line), parents)]


def _at(tree: ast.Module, line: int) -> ast.AST:
    return next(n for n in ast.walk(tree) if isinstance(n, ast.stmt) and n.lineno <= line <= (n.end_lineno or 0)
                and not any(isinstance(c, ast.stmt) and c.lineno <= line <= (c.end_lineno or 0)
                            for c in ast.iter_child_nodes(n)))


def test_the_app_calls_nothing_posix_only_outside_a_guard():
    assert len(APP_CODE) > 50 and ROOT / "otmodel" / "cli" / "serve.py" in APP_CODE
    found = {f"{path.relative_to(ROOT)}:{line} {name}"
             for path in APP_CODE for line, name in _posix_only(ast.parse(path.read_text(encoding="utf-8")))}
    assert found == set(), "seulement sous `if os.name == \"posix\":` (Windows n'a pas ces appels)"


def test_the_portability_check_finds_what_it_looks_for():
    code = ("import os, signal, subprocess\nimport fcntl\nos.fork()\nsubprocess.Popen(['x'], start_new_session=True)"
            "\nos.kill(1, signal.SIGKILL)\nif os.name == 'posix':\n    os.execve('x', ['x'], {})\n"
            "from os import killpg\n")
    assert _posix_only(ast.parse(code)) == [(2, "fcntl"), (8, "os.killpg"), (3, "os.fork"), (4, "start_new_session="),
                                            (5, "signal.SIGKILL")]
    assert [name for _, name in _posix_only(ast.parse((ROOT / "otmodel/cli/serve.py").read_text("utf-8")))] == []


def _windows_checkout(source: Path, target: Path, pattern: str) -> Path:
    """The files as Git for Windows checks them out (core.autocrlf=true): every line ending CRLF."""
    for path in source.rglob(pattern):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert b"\r\n" in next(target.rglob(pattern)).read_bytes()
    return target


def _content(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that say when a row was written (they differ between
    loads)."""
    with db.connect(path, read_only=True) as con:
        return {table: con.execute(f'SELECT {_columns(con, table)} FROM "{table}" ORDER BY ALL').fetchall()
                for table in [*db.row_counts(con), "scenarios"]}


def _columns(con, table: str) -> str:
    kinds = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                        "ORDER BY ordinal_position", [table]).fetchall()
    return ", ".join(f'"{name}"' for name, kind in kinds if not kind.startswith("TIMESTAMP"))


def test_the_demo_loads_the_same_from_a_windows_checkout(tmp_path, monkeypatch):
    loading.create(tmp_path / "unix.duckdb", "rural")
    monkeypatch.setattr(paths, "DEMO", _windows_checkout(paths.DEMO, tmp_path / "demo", "*.csv"))
    loading.create(tmp_path / "windows.duckdb", "rural")
    unix, windows = _content(tmp_path / "unix.duckdb"), _content(tmp_path / "windows.duckdb")
    assert len(windows["partenaires"]) == 180 and len(windows["scenarios"]) == 4
    assert windows == unix


def test_the_manual_reads_the_same_from_a_windows_checkout(tmp_path):
    docs = _windows_checkout(paths.DOCS, tmp_path / "docs", "*.md")
    shutil.copytree(paths.DOCS / "images", docs / "images")
    unix, windows = manual.Manual(paths.DOCS), manual.Manual(docs)

    def plain(found: manual.Manual) -> list[tuple]:
        return [(s.document, s.level, s.title, s.anchor, s.text, [b.markdown for b in s.blocks])
                for s in found.sections]

    assert len(windows.sections) > 100 and plain(windows) == plain(unix)
    assert not any("\r" in s.text for s in windows.sections)
    assert windows.search("Van Westendorp")[0].where == unix.search("Van Westendorp")[0].where


@pytest.mark.parametrize("folder", ["Mes documents/Office de tourisme Côte d'Émeraude", "Bureau/été 2026 (copie)"])
def test_the_first_start_creates_the_database_in_a_folder_with_spaces_and_accents(folder, tmp_path, capsys,
                                                                                   monkeypatch):
    monkeypatch.setattr(serve, "FIRST_DEMO", "rural")
    path = tmp_path / folder / "data" / "otmodel.duckdb"
    serve.ensure_database(path)
    assert f"Base créée : {path}" in capsys.readouterr().out
    assert len(_content(path)["partenaires"]) == 180
    assert [p.name for p in path.parent.iterdir()] == ["otmodel.duckdb"]  # nothing left from the building
    serve.ensure_database(path)
    assert capsys.readouterr().out == f"Base : {path}\n"
