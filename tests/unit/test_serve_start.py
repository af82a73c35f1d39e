"""What `serve` does before Streamlit starts: the database created once from the demo, the launchers' browser
opened once the server answers, a port already in use said in French (a second double-click on a launcher)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from otmodel import db
from otmodel.cli import REFUSED, launch, main, serve
from otmodel.errors import Refused
from tools.browser import free_port


class _Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def healthy() -> Iterator[int]:
    """A server on loopback answering « ok » as Streamlit's /_stcore/health does; its port."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_database_is_created_once_and_then_left_alone(tmp_path, capsys, monkeypatch):
    assert serve.FIRST_DEMO == "destination"  # (the smaller one here: the browser tests start the destination)
    monkeypatch.setattr(serve, "FIRST_DEMO", "rural")
    path = tmp_path / "data" / "otmodel.duckdb"
    serve.ensure_database(path)
    said = capsys.readouterr().out
    assert "création de la base de démonstration « rural »" in said and f"Base créée : {path}" in said
    content = path.read_bytes()
    serve.ensure_database(path)
    assert capsys.readouterr().out == f"Base : {path}\n" and path.read_bytes() == content


def test_the_browser_opens_once_the_server_answers(healthy):
    opened = []
    url = launch.health_url("127.0.0.1", healthy)
    assert launch.wait_and_open(url, "http://localhost:8501", opener=opened.append)
    assert opened == ["http://localhost:8501"]


def test_no_browser_opens_when_nothing_answers():
    opened = []
    url = launch.health_url("0.0.0.0", free_port())
    assert url.startswith("http://127.0.0.1:")  # a server listening everywhere answers on loopback
    assert not launch.wait_and_open(url, "http://localhost:1", timeout=1.2, opener=opened.append)
    assert opened == []


def test_otmodel_already_answering_opens_the_browser_on_it(healthy, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr(serve.webbrowser, "open", opened.append)
    assert serve.already_served("127.0.0.1", healthy, f"http://localhost:{healthy}", open_browser=True)
    assert opened == [f"http://localhost:{healthy}"]
    assert capsys.readouterr().out == f"otmodel est déjà ouvert : http://localhost:{healthy}\n"


def test_a_port_held_by_another_program_is_refused_in_french():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert launch.port_taken("127.0.0.1", port)
        with pytest.raises(Refused, match=f"Le port {port} est déjà utilisé par un autre programme : choisissez-en "
                                          f"un autre \\(--port {port + 1}\\)"):
            serve.already_served("127.0.0.1", port, f"http://localhost:{port}", open_browser=False)
    assert not launch.port_taken("127.0.0.1", port)
    assert not serve.already_served("127.0.0.1", port, f"http://localhost:{port}", open_browser=False)


def test_a_database_another_otmodel_holds_is_refused_before_the_server_starts(tmp_path, lock_database, capsys,
                                                                             monkeypatch):
    """A second start on another port (or while an import runs): DuckDB lets one process open the file for writing,
    and on Windows the lock is the system's. Said in French before Streamlit starts, the file left as it was."""
    path = tmp_path / "Mes documents" / "otmodel.duckdb"
    path.parent.mkdir()
    db.connect(path).close()
    before = path.read_bytes()
    lock_database(path)
    monkeypatch.setattr(serve.os, "execve", lambda *args: pytest.fail("Streamlit démarré sur une base prise"))
    monkeypatch.setattr(serve.subprocess, "call", lambda *args, **kw: pytest.fail("Streamlit démarré"))
    assert main(["serve", "--db", str(path), "--port", str(free_port())]) == REFUSED
    said = capsys.readouterr()
    assert said.err == (f"La base « {path} » est déjà ouverte par un autre programme : otmodel, lancé dans une autre "
                        "fenêtre ou sur un autre port (revenez à son onglet dans le navigateur, ou fermez sa "
                        "fenêtre), ou un import en cours. Fermez-le, puis relancez otmodel.\n")
    assert "Base :" not in said.out and path.read_bytes() == before
