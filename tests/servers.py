"""Starting the service as production would (gunicorn, debug off, settings from the
environment) for the production-start test and the load benchmark."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(folder: Path, database_url: str) -> dict[str, str]:
    """Production settings for a throwaway service whose files live under ``folder``."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "DJANGO_SECRET_KEY": "production-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # TLS ends at the proxy, which there is none of here
        "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on the loopback
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "PRIVATE_STORAGE_ROOT": str(folder / "private"),
    }


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, log: Path | None = None, started: list | None = None):
    """Runs gunicorn on a free loopback port until the block ends; yields its base URL. What it
    says goes to a file (``log``, or a temporary one), not a pipe: a pipe nobody reads fills up
    and stops the server. ``started``, if given, receives the master process."""
    with log.open("w+b") if log else tempfile.TemporaryFile() as said:
        server = subprocess.Popen(
            [str(GUNICORN), "peerreview.wsgi", "--bind", f"127.0.0.1:{(port := free_port())}"]
            + ["--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=said,
        )
        base = f"http://127.0.0.1:{port}"
        if started is not None:
            started.append(server)
        try:
            _wait_for(server, base, said)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


def _wait_for(server: subprocess.Popen, base: str, said) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/accessibility/", timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                server.wait(timeout=10)
                said.seek(0)
                raise RuntimeError("gunicorn did not start: " + said.read().decode()[-2000:]) from None
            time.sleep(0.2)


@contextmanager
def s3_server():
    """A real S3 API over HTTP on a free loopback port (moto's server, a dev requirement), until
    the block ends; yields its address. Any access key is accepted; buckets start empty."""
    port = free_port()
    with tempfile.TemporaryFile() as said:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
            stdout=said,
            stderr=subprocess.STDOUT,
        )
        address = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        said.seek(0)
                        raise RuntimeError(
                            "moto_server did not start: " + said.read().decode()[-2000:]
                        ) from None
                    time.sleep(0.1)
            yield address
        finally:
            server.terminate()
            server.wait(timeout=10)


# A harmless file the tests' own signature database calls a virus (never a downloaded signature).
TEST_VIRUS = b"PEERREVIEW-TEST-SIGNATURE: a harmless file the tests treat as a virus.\n"


@contextmanager
def clamd_server(folder: Path):
    """ClamAV's daemon (Debian's clamav-daemon) on a Unix socket in ``folder``, with a signature
    database made here by ``sigtool`` from ``TEST_VIRUS`` alone; yields the socket's path."""
    database = folder / "signatures"
    database.mkdir(parents=True)
    sample = folder / "test-virus.txt"
    sample.write_bytes(TEST_VIRUS)
    signature = subprocess.run(["sigtool", "--md5", str(sample)], capture_output=True, check=True, text=True)
    (database / "peerreview-test.hdb").write_text(signature.stdout)
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"DatabaseDirectory {database}\nLocalSocket {socket_path}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 50M\n"
        + ("User root\n" if os.geteuid() == 0 else "")
    )
    server = subprocess.Popen(
        ["clamd", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            if time.monotonic() > deadline or server.poll() is not None:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                raise RuntimeError("clamd did not start: " + log[-2000:])
            time.sleep(0.1)
        yield str(socket_path)
    finally:
        server.terminate()
        server.wait(timeout=15)


@contextmanager
def oidc_provider(client_id: str, client_secret: str):
    """A real OpenID Connect provider (``tests.oidc_provider``) on a free loopback port, with its
    own keys, until the block ends; yields its issuer URL."""
    port = free_port()
    with tempfile.TemporaryFile() as said:
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider", str(port), client_id, client_secret],
            cwd=ROOT,
            stdout=said,
            stderr=subprocess.STDOUT,
        )
        issuer = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        said.seek(0)
                        raise RuntimeError(
                            "the OpenID provider did not start: " + said.read().decode()[-2000:]
                        ) from None
                    time.sleep(0.1)
            yield issuer
        finally:
            server.terminate()
            server.wait(timeout=10)
