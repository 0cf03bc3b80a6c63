"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

They never download a browser. Where /usr/bin/chromium is missing they skip, saying why; CI
installs it, so there they always run.
"""

import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerreview.accounts.two_factor import two_factor_standing
from tests.two_factor import app_for, code_now

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


@pytest.fixture
def sign_in(live_server, page):
    def _sign_in(user, password, *, on_code_page=None):
        """Signs in through the form, giving a code from the user's app where they need one;
        ``on_code_page()`` is called while the code page is showing."""
        has_app, must_have_app = two_factor_standing(user)
        device = app_for(user) if has_app or must_have_app else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if device is not None:
            # A code is refused if its time step was used already; a test signs in again within
            # seconds, where a person would come back steps later.
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
            page.get_by_role("heading", name="Enter your sign-in code").wait_for()
            if on_code_page is not None:
                on_code_page()
            page.get_by_label("Code from your authenticator app").fill(code_now(device))
            page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="Your reviews").wait_for()

    return _sign_in


@pytest.fixture
def sign_out(page):
    def _sign_out():
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in").wait_for()

    return _sign_out


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
