"""The service started as production would: gunicorn, debug off, WhiteNoise serving the
collected static files, settings from the environment."""

import re
import time
import urllib.request

import pytest

from tests.servers import gunicorn, manage, production_env


def _get(url: str):
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """One production deployment (collected files, a migrated database, gunicorn) that the
    module's tests share: none of them changes it, and each start costs seconds."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(folder, f"sqlite:///{folder / 'db.sqlite3'}")
    # Secure cookies stay on here, as in production: the test reads no signed-in pages.
    env.pop("DJANGO_SECURE_COOKIES")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    try:
        with gunicorn(env, log=folder / "gunicorn.log") as base:
            yield base, folder
    except RuntimeError as failure:
        pytest.fail(str(failure))


@pytest.fixture
def production(deployment):
    return deployment[0]


def test_gunicorn_serves_pages_and_static_files(production):
    status, headers, body = _get(production + "/accounts/login/")
    assert status == 200
    assert b"Sign in" in body
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    stylesheet = re.search(rb'href="(/static/dist/application\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "the stylesheet is served under its hashed name"
    status, headers, css = _get(production + stylesheet[1].decode())
    assert status == 200
    assert b"govuk" in css
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


def test_each_gunicorn_worker_warms_the_pdf_engine_and_sets_it_aside_before_serving(deployment):
    # gunicorn reads gunicorn.conf.py from the project folder, as it does when started there.
    # One worker answering says it is ready; the other may be warming still, so wait for it.
    deadline = time.monotonic() + 20
    while True:
        said = (deployment[1] / "gunicorn.log").read_text()
        warmed = set(re.findall(r"Worker (\d+) warmed the PDF engine in [0-9.]+ s", said))
        set_aside = dict(re.findall(r"Worker (\d+) set (\d+) loaded objects aside", said))
        if len(warmed) == len(set_aside) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(warmed) == 2, said[-2000:]
    assert set(set_aside) == warmed, said[-2000:]
    # Everything a worker loads (Django, the apps, WeasyPrint's stylesheets and fonts), not a few.
    assert all(int(count) > 100_000 for count in set_aside.values()), set_aside
