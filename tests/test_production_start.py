"""The service started as production would: gunicorn, debug off, WhiteNoise serving the
collected static files, settings from the environment."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str):
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def production(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "DJANGO_SECRET_KEY": "production-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # TLS ends at the proxy, which this test has none of
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
    }
    for command in (["collectstatic", "--no-input", "-v0"], ["migrate", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "peerreview.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(base + "/accessibility/")
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("gunicorn did not start: " + server.stderr.read().decode()[-2000:])
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_gunicorn_serves_pages_and_static_files(production):
    status, headers, body = _get(production + "/accounts/login/")
    assert status == 200
    assert b"Sign in" in body
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    stylesheet = re.search(rb'href="(/static/dist/application\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "the stylesheet is served under its hashed name"
    status, headers, css = _get(production + stylesheet[1].decode())
    assert status == 200 and b"govuk" in css
    assert "immutable" in headers.get("Cache-Control", "")


def test_gunicorn_refuses_unknown_hosts_and_hides_errors(production):
    request = urllib.request.Request(production + "/accounts/login/", headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(production + "/no-such-page/")
    assert caught.value.code == 404
    assert b"Traceback" not in caught.value.read()
