"""The double-click launchers. otmodel.command runs here under bash, in a copy of the repository with a home of its
own (the repository's .venv is never touched): a clear French message without Python 3.11; on first use a venv,
the pinned requirements, the app and the browser opened on it; then a start with nothing to install.
otmodel.bat cannot run here (no Windows): its text is checked — plain cmd.exe and python commands, Windows line
endings, ASCII."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures import ROOT, copy_checkout
from tools.browser import free_port

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash absent : otmodel.command ne peut pas être lancé ici")
TOOLS = ("dirname", "cmp", "cp")  # the external commands otmodel.command uses
PIP_CACHE = Path.home() / ".cache" / "pip"  # read-only reuse of the wheels pip already downloaded: a faster first use


def test_the_windows_launcher_is_plain_cmd_with_windows_line_endings():
    raw = (ROOT / "otmodel.bat").read_bytes()
    assert raw.isascii(), "otmodel.bat : ASCII seulement (cmd.exe lit le fichier dans la page de codes 850)"
    assert raw.count(b"\r\n") == raw.count(b"\n") > 20, "otmodel.bat : fins de ligne Windows (CRLF) partout"
    text = raw.decode("ascii")
    code = "\n".join(line for line in text.splitlines() if not line.startswith("rem "))
    assert not re.search(r"powershell|\$env:|Invoke-|Start-Process|Get-\w+|\bpwsh\b", code, flags=re.I)
    commands = [line.split()[0] for line in text.splitlines()
                if line.strip() and not line.startswith(("rem ", "::", ":")) and line.split()[0] != "@echo"]
    assert set(commands) <= {"setlocal", "cd", "if", "set", "%PYTHON%", "goto", "echo", "echo.",
                             '".venv\\Scripts\\python.exe"', "copy", "fc", "pause", "exit"}
    assert 'set "PYTHON=py -3"' in text and 'set "PYTHON=python"' in text  # the py launcher, then python
    assert 'sys.exit(sys.version_info < (3, 11))' in text
    assert "%PYTHON% -m venv .venv" in text
    assert '".venv\\Scripts\\python.exe" -m pip install --disable-pip-version-check --quiet -r requirements.txt' in text
    assert '".venv\\Scripts\\python.exe" -m otmodel serve --open %*' in text
    assert "Microsoft Store" in text and '"Python 3.12"' in text and "https://www.python.org/downloads/" in text
    # A folder named « Documents (copie) » or « R&D ! » must not break it: no ( ) blocks where %~dp0 or %* could
    # close one, no delayed expansion (« ! »), the folder always quoted.
    assert not re.search(r"\($|^\s*\)", code, flags=re.M) and "enabledelayedexpansion" not in code.lower()
    assert 'cd /d "%~dp0"' in text
    labels = set(re.findall(r"^:(\w+)", text, flags=re.M))
    assert set(re.findall(r"goto (\w+)", text)) <= labels  # every jump lands somewhere


def test_the_macos_launcher_is_executable_bash_with_unix_line_endings():
    raw = (ROOT / "otmodel.command").read_bytes()
    assert raw.startswith(b"#!/bin/bash\n") and b"\r" not in raw
    # macOS ships bash 3.2: nothing of bash 4 or later (associative arrays, case changes, mapfile, |&, ;&).
    assert not re.search(r"declare -A|\$\{\w+(,,|\^\^)|\bmapfile\b|\breadarray\b|\|&|;;?&", raw.decode())
    mode = subprocess.run(["git", "ls-files", "-s", "otmodel.command"], cwd=ROOT, capture_output=True, text=True)
    if mode.returncode == 0 and mode.stdout:
        assert mode.stdout.startswith("100755"), "otmodel.command doit être exécutable (git update-index --chmod=+x)"
    assert os.access(ROOT / "otmodel.command", os.X_OK)
    if BASH:
        assert subprocess.run([BASH, "-n", str(ROOT / "otmodel.command")]).returncode == 0


def _checkout(tmp_path: Path) -> Path:
    copy = copy_checkout(tmp_path / "Mes documents" / "Côte d'Émeraude" / "otmodel")  # as unzipped by a director
    if copy is None:
        pytest.skip("git absent ou pas de dépôt : la copie de travail ne peut pas être faite")
    return copy


def _tools(tmp_path: Path, python: str | None) -> Path:
    """A PATH with the few commands the launcher uses, and `python3` only if given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in TOOLS:
        (folder / tool).symlink_to(shutil.which(tool))
    if python:
        (folder / "python3").symlink_to(python)
    return folder


def _env(tmp_path: Path, path: Path) -> dict[str, str]:
    recorder = tmp_path / "navigateur.sh"
    recorder.write_text(f'#!/bin/sh\necho "$1" >> "{tmp_path / "ouvert.txt"}"\n')
    recorder.chmod(0o755)
    env = {"PATH": str(path), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "BROWSER": f"{recorder} %s"}  # what Python's webbrowser opens: here, a note of the address
    if PIP_CACHE.is_dir():
        env["PIP_CACHE_DIR"] = str(PIP_CACHE)
    return env


@needs_bash
def test_without_python_311_the_launcher_says_where_to_get_it(tmp_path):
    copy = _checkout(tmp_path)
    old = tmp_path / "vieux-python3"
    old.write_text("#!/bin/sh\necho 'Python 3.9.6'\nexit 1\n")  # Apple's python3 of older macOS: too old
    old.chmod(0o755)
    done = subprocess.run([BASH, str(copy / "otmodel.command")], env=_env(tmp_path, _tools(tmp_path, str(old))),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "otmodel a besoin de Python 3.11 ou plus récent, qui n'est pas installé sur ce Mac." in done.stdout
    assert "https://www.python.org/downloads/" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert not (copy / ".venv").exists()


def _start(copy: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen([BASH, str(copy / "otmodel.command"), "--port", str(port)], cwd=copy, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for_browser(tmp_path: Path, launcher: subprocess.Popen, log: Path, timeout: float) -> str:
    opened = tmp_path / "ouvert.txt"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not opened.exists():
        assert launcher.poll() is None, log.read_text()
        time.sleep(0.5)  # polling: the launcher writes no event this test could wait on
    assert opened.exists(), log.read_text()
    return opened.read_text().strip()


def _stop(launcher: subprocess.Popen) -> None:
    """The launcher's whole session (the server it became, the browser opener): what closing the window does."""
    os.killpg(launcher.pid, signal.SIGTERM)
    launcher.wait(timeout=30)


@needs_bash
@pytest.mark.slow
def test_the_macos_launcher_prepares_then_starts_otmodel_and_opens_the_browser(tmp_path):
    copy = _checkout(tmp_path)
    env = _env(tmp_path, _tools(tmp_path, sys.executable))
    port, log = free_port(), tmp_path / "premiere.log"
    launcher = _start(copy, env, port, log)
    try:
        assert _wait_for_browser(tmp_path, launcher, log, timeout=600) == f"http://localhost:{port}"
    finally:
        _stop(launcher)
    first = log.read_text()
    assert "Première utilisation : préparation d'otmodel dans le dossier .venv" in first
    assert "Installation des composants d'otmodel" in first
    assert "Base créée : " + str(copy / "data" / "otmodel.duckdb") in first
    assert (copy / ".venv" / "requirements.installed").read_bytes() == (copy / "requirements.txt").read_bytes()
    assert not (ROOT / ".venv" / "requirements.installed").exists()  # the repository's own venv untouched

    (tmp_path / "ouvert.txt").unlink()
    port, log = free_port(), tmp_path / "ensuite.log"
    launcher = _start(copy, env, port, log)
    try:
        assert _wait_for_browser(tmp_path, launcher, log, timeout=180) == f"http://localhost:{port}"
    finally:
        _stop(launcher)
    then = log.read_text()
    assert "Installation" not in then and "Première utilisation" not in then
    assert "Base : " + str(copy / "data" / "otmodel.duckdb") in then  # kept, not rebuilt
