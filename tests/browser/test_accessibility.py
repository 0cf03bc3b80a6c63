"""Every page each role reaches, checked with axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) in
Chromium, and for reflow at 320 CSS pixels wide."""

import pytest

from api.tokens import api_token_create
from assessments import demo as seed
from assessments.exchange import import_review
from assessments.models import HubQuestion, Review, SupportRequest
from assessments.services.follow_up import support_request_create
from peerreview.accounts.models import User
from peerreview.sso_settings import Issuer
from tests.assessments.exchange.documents import demo_document
from tests.browser.axe import violations
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DONE = "/reviews/ardlarich-2025/"
OPEN = "/reviews/ardlarich-2027/"
TEAM_PAGES = [
    "",
    "self-assessment/",
    "self-assessment/aspects/2/",
    "evidence/",
    "evidence-review/",
    "lines-of-enquiry/",
    "interviews/",
    "stakeholders/",
    "presentation/",
    "findings/",
    "report/",
    "report/preview/",
    "actions/",
]
PAGES = {
    "manager@demo.example.org": [
        "/",
        "/reviews/new/",
        "/overview/",
        *(DONE + p for p in TEAM_PAGES),
        DONE + "edit/",
        DONE + "people/",
        DONE + "support/",
        DONE + "interviews/new/",
        OPEN + "comparison/",
        OPEN + "report/text/",  # the 2025 report is published, so its text is frozen
        "/notifications/",
        "/notifications/e-mail/",
        "/good-practice/",
        "/search/?q=training",
        "/accounts/two-factor/",
        "/accounts/two-factor/set-up/",
        "/profile/",
        "/people/",
        "/people/?aspect=5&consenting=on",
        "/people/{spoc}/",
        "/accounts/two-factor/recovery-codes/",
        "/accounts/api-tokens/",  # with a token in its list
        "/hub/",
        "/hub/ask/",
        "/calendar/?year=2025",
        "/calendar/subscribe/",
        "/hub/{question}/",
        "/hub/{question}/hide/",
        DONE + "support/{support}/mentor/",
    ],
    "lead.peer@demo.example.org": ["/", *(DONE + p for p in TEAM_PAGES)],
    "spoc@ardlarich.example.org": [
        "/",
        DONE,
        DONE + "self-assessment/",
        DONE + "evidence/",
        DONE + "interviews/",
        DONE + "report/",
        DONE + "actions/",
        DONE + "support/",
        OPEN + "self-assessment/",
        OPEN + "self-assessment/aspects/4/",
        OPEN + "self-assessment/check/",
        OPEN + "self-assessment/workbook/upload/",
        OPEN + "comparison/",
        DONE + "feedback/",
        DONE + "good-practice/",
        "/good-practice/?words=training",
        "/profile/",
        "/hub/",
        "/hub/{question}/",
    ],
    "senior.officer@ardlarich.example.org": [
        "/",
        DONE,
        DONE + "report/",
        DONE + "actions/",
        "/accounts/two-factor/",
    ],
    None: ["/accounts/login/", "/accounts/password-reset/", "/accessibility/", "/privacy/"],
}


@pytest.fixture
def demo(db):
    import_review(demo_document("ardlarich-2025"))
    later = import_review(demo_document("ardlarich-2027"))
    Review.objects.filter(pk=later.pk).update(previous=Review.objects.get(reference="ardlarich-2025"))
    for user in User.objects.all():
        user.set_password(TEST_PASSWORD)
        user.save()
    manager = User.objects.get(email="manager@demo.example.org")
    manager.is_review_manager = True
    manager.save()
    api_token_create(user=manager, name="Programme dashboard", writes=False, days=90)
    seed.pool_profiles_add()
    seed.hub_add()
    support_request_create(  # a request for mentoring, with a mentor already asked and accepted
        review=Review.objects.get(reference="ardlarich-2025"),
        kind="mentoring",
        description="Help with our training needs analysis.",
        aspects=[5],
        by=User.objects.get(email="spoc@ardlarich.example.org"),
    )
    # The 2025 document's report is published: the import stored its version 1.
    assert Review.objects.get(reference="ardlarich-2025").report.versions.exists()


def _visit_all(page, live_server, sign_in, check):
    problems = []

    def check_code_page():
        problems.extend(f"{email} (sign-in code): {problem}" for problem in check(page))

    for email, paths in PAGES.items():
        page.context.clear_cookies()
        if email:
            sign_in(User.objects.get(email=email), TEST_PASSWORD, on_code_page=check_code_page)
        for path in paths:
            path = path.format(
                spoc=User.objects.get(email="spoc@ardlarich.example.org").pk,
                question=HubQuestion.objects.get().pk,
                support=SupportRequest.objects.get().pk,
            )
            response = page.goto(live_server.url + path)
            assert response.status == 200, (email, path, response.status)
            problems += [f"{email or 'anonymous'} {path}: {problem}" for problem in check(page)]
    return problems


DUPLICATES = """() => {
  const problems = [];
  const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
  for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) {
    problems.push(`the id "${id}" is used more than once`);
  }
  for (const form of document.forms) {
    const names = [...form.querySelectorAll("input[type=hidden]")].map((input) => input.name);
    for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) {
      problems.push(`a form sends the hidden field "${name}" more than once`);
    }
  }
  return problems;
}"""


def _violations_and_duplicates(page) -> list[str]:
    """axe-core's findings, and (issue 14, item 9) duplicate element ids or hidden fields."""
    return violations(page) + page.evaluate(DUPLICATES)


def test_every_page_has_no_accessibility_violations(demo, page, live_server, sign_in):
    problems = _visit_all(page, live_server, sign_in, _violations_and_duplicates)
    assert problems == [], "\n".join(problems)


def test_every_page_reflows_at_320_pixels(demo, page, live_server, sign_in):
    page.set_viewport_size({"width": 320, "height": 640})
    shots = []

    def check(page):
        shots.append(page.screenshot())  # a screenshot at that width, as a person would see it
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        return [f"scrolls sideways by {overflow}px"] if overflow > 0 else []

    problems = _visit_all(page, live_server, sign_in, check)
    assert problems == [], "\n".join(problems)
    assert shots
    assert all(shot.startswith(b"\x89PNG") for shot in shots)


def test_a_table_wider_than_the_screen_says_so_and_keeps_every_column(demo, page, live_server, sign_in):
    """Issue 14, item 13: at 320 px the review list scrolls sideways in its own box, says so,
    and every column is still there; on a wide screen the hint is not shown."""
    from playwright.sync_api import expect

    sign_in(User.objects.get(email="manager@demo.example.org"), TEST_PASSWORD)
    hint = page.get_by_text("Scroll sideways to see the whole table.")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    expect(hint).to_be_hidden()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    expect(hint).to_be_visible()
    headers = page.locator(".app-table-scroll table thead th")
    assert headers.all_inner_texts() == ["Council", "On-site days", "Stage", "Self-assessment"]
    widths = [header.bounding_box()["width"] for header in headers.all()]
    assert all(width > 20 for width in widths), widths
    box = page.locator(".app-table-scroll").first
    assert box.evaluate("element => element.scrollWidth") >= sum(widths) - 2


def test_the_single_sign_on_pages_have_no_accessibility_violations(db, settings, page, live_server):
    """The sign-in page offering single sign-on, and the page that refuses one (here a callback
    with no sign-in started: refused before any issuer is asked)."""
    settings.OIDC_ISSUERS = [Issuer("https://idp.example.org", "peer-review", "secret")]
    problems = []
    for path in ("/accounts/login/", "/accounts/sso/0/callback/?code=x&state=forged"):
        page.goto(live_server.url + path)
        problems += [f"{path}: {problem}" for problem in _violations_and_duplicates(page)]
    assert page.get_by_role("heading", name="You are not signed in").is_visible()
    assert problems == [], "\n".join(problems)


def test_the_check_names_each_failing_element(page):
    """The checks above find nothing on the service's pages; on a page with faults, they find
    each one (a run kept to violations still reports every failing element)."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><title>Faults</title><main><h1>Faults</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="first">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="second">'
        '<input type="text" id="unlabelled"></main></html>'
    )
    found = violations(page)
    assert sum(problem.startswith("image-alt (critical): ['#first']") for problem in found) == 1
    assert sum(problem.startswith("image-alt (critical): ['#second']") for problem in found) == 1
    assert any(problem.startswith("label (critical): ['#unlabelled']") for problem in found)
