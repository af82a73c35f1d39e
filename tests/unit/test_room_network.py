"""A seminar on a shared network (otmodel.access, otmodel.cli.serve): which connections are the serving
computer, what X-Forwarded-For may change, and the server's command line for the local network and HTTPS."""

from __future__ import annotations

import pytest

from otmodel import access
from otmodel.cli import serve
from otmodel.cli.commands import main
from otmodel.errors import Refused


@pytest.mark.parametrize(("address", "local"), [
    (None, True),  # what Streamlit gives for 127.0.0.1 and ::1
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("10.99.0.1", False), ("192.168.1.20", False), ("::ffff:192.168.1.20", False), ("fe80::1%eth0", False),
    ("fd00::5", False), ("", False), ("localhost", False),  # a name is never what a socket reports
])
def test_only_loopback_connections_are_the_serving_computer(address, local):
    assert access.is_serving_computer(address, {}) is local


@pytest.mark.parametrize(("trusted", "local"), [
    ("127.0.0.1", True), ("127.0.0.1,::1", True), (" ::1 ", True),
    ("*", False), ("10.0.0.0/8", False), ("127.0.0.1,192.168.1.1", False),
])
def test_when_uvicorn_believes_a_proxy_beyond_loopback_no_connection_is_local(trusted, local):
    """uvicorn rewrites a connection's address from X-Forwarded-For only when the connection comes from
    $FORWARDED_ALLOW_IPS (loopback by default): trusting more would let the room name itself 127.0.0.1."""
    environ = {access.FORWARDED_ENV: trusted}
    assert access.forwarding_is_local(environ) is local
    assert access.is_serving_computer(None, environ) is local
    assert access.is_serving_computer("127.0.0.1", environ) is local


def test_the_room_reads_only_when_the_director_says_so():
    assert not access.room_reads({})
    assert not access.room_reads({access.ROOM_READS_ENV: "0"})
    assert access.room_reads({access.ROOM_READS_ENV: "1"})


def test_the_server_never_trusts_forwarded_addresses_beyond_loopback(monkeypatch):
    monkeypatch.setenv(access.FORWARDED_ENV, "*")
    monkeypatch.setenv(access.ROOM_READS_ENV, "1")
    env = serve.server_env("data/x.duckdb", room_reads=False)
    assert access.FORWARDED_ENV not in env and access.ROOM_READS_ENV not in env
    assert env["OTMODEL_DB"].endswith("data/x.duckdb")
    assert serve.server_env("data/x.duckdb", room_reads=True)[access.ROOM_READS_ENV] == "1"


def test_tls_serves_https_with_the_files_given(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "cle.pem"
    cert.write_text("certificat")
    key.write_text("clé")
    files = serve.tls_files([str(cert), str(key)])
    argv = serve.streamlit_argv("0.0.0.0", 8600, [], files)
    assert argv[argv.index("--server.sslCertFile") + 1] == str(cert)
    assert argv[argv.index("--server.sslKeyFile") + 1] == str(key)
    assert "--server.sslCertFile" not in serve.streamlit_argv("0.0.0.0", 8600, [], None)
    assert serve.tls_files(None) is None


def test_tls_refuses_a_missing_file_in_french(tmp_path, capsys):
    cert = tmp_path / "cert.pem"
    cert.write_text("certificat")
    with pytest.raises(Refused, match=r"--tls : le fichier de clé privée « .*absente\.pem » est introuvable"):
        serve.tls_files([str(cert), str(tmp_path / "absente.pem")])
    assert main(["serve", "--host", "0.0.0.0", "--tls", str(tmp_path / "non.pem"), str(cert)]) == 2
    assert "le fichier de certificat" in capsys.readouterr().err


def test_what_serve_says_about_the_room(monkeypatch):
    monkeypatch.setattr(serve, "lan_address", lambda: "192.168.1.20")
    assert serve.announce("127.0.0.1", 8501, tls=False, room_reads=False) == "otmodel : http://localhost:8501"
    lan = serve.announce("0.0.0.0", 8501, tls=False, room_reads=False)
    assert lan.startswith("otmodel : http://192.168.1.20:8501 (réseau local)")
    assert "Les autres appareils peuvent voter ; modifier : depuis cet ordinateur seulement." in lan
    assert "consulter les pages (lecture seule) et voter" in serve.announce("0.0.0.0", 8501, False, True)
    secure = serve.announce("0.0.0.0", 8443, tls=True, room_reads=False)
    assert secure.startswith("otmodel : https://192.168.1.20:8443") and "en HTTPS, avec le mot de passe" in secure
