"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

They never download a browser. Where /usr/bin/chromium is missing they skip, saying why; CI
installs it, so there they always run.
"""

import os
from pathlib import Path

import pytest

from tests.browser import journeys
from tests.browser.drivers import Mouse

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are safe here because the live server has its own thread and connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="Debian's Chromium (/usr/bin/chromium) is not installed")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_server():
    """Django's live server, serving static files as production does: WhiteNoise, in the
    middleware, serves the collected files under their hashed names. (pytest-django's own server
    puts Django's static handler in front, which finds only unhashed names.)"""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sign_in(live_server, page):
    """``sign_in(user, password, on_code_page=None)`` through the form, with the mouse."""
    mouse = Mouse(page, base=live_server.url)

    def _sign_in(user, password, *, on_code_page=None):
        journeys.sign_in(mouse, user, password=password, on_code_page=on_code_page)

    return _sign_in


@pytest.fixture(autouse=True)
def framework(transactional_db):
    """The framework rows that the migrations load.

    A browser test runs in a transaction-less test case whose database is flushed afterwards;
    pytest-django's serialized rollback does not restore the rows for tests that use
    pytest-playwright's ``page``, so each browser test loads the framework itself (an
    idempotent load: nothing changes when it is there already).
    """
    from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read

    return framework_load(framework_read(framework_file(DEFAULT_FRAMEWORK)))
