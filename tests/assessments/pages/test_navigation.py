"""The review navigation: each viewer's sections, with the page's own marked current."""

import re

import pytest
from django.urls import reverse

from assessments.pages.navigation import SECTIONS


def _nav(html: str) -> list[tuple[str, bool]]:
    """The navigation's links as ``(label, current)``."""
    nav = html.split('aria-label="This review"')[1].split("</nav>")[0]
    return [
        (label, bool(current))
        for current, label in re.findall(
            r'<li><a class="govuk-link" href="[^"]+"( aria-current="page")?>([^<]+)</a>', nav
        )
    ]


@pytest.mark.parametrize(
    ("url_name", "args", "section"),
    [
        ("review_detail", [], "Overview"),
        ("aspect_answer", [5], "Self-assessment"),
        ("self_assessment_check", [], "Self-assessment"),
        ("evidence_list", [], "Evidence"),
        ("timetable", [], "Interviews"),
        ("action_plan", [], "Action plan"),
        ("report", [], "Report"),
    ],
)
def test_the_page_s_own_section_is_marked_current(cast, login, url_name, args, section):
    html = login(cast.spoc).get(reverse(url_name, args=[cast.review.reference, *args])).text
    assert [label for label, current in _nav(html) if current] == [section]


def test_the_host_never_sees_the_team_s_sections(cast, login):
    labels = [
        label
        for label, _ in _nav(login(cast.spoc).get(reverse("review_detail", args=["ardlarich-2025"])).text)
    ]
    assert "Evidence review" not in labels
    assert "Findings" not in labels
    assert "People" not in labels
    assert {"Overview", "Self-assessment", "Evidence", "Report", "Action plan"} <= set(labels)


def test_a_manager_sees_people_and_the_audit_trail(cast, login):
    html = login(cast.review_manager).get(reverse("review_people", args=[cast.review.reference])).text
    assert ("People", True) in _nav(html)
    assert ("Audit trail", False) in _nav(html)


def test_every_section_and_page_names_a_real_url():
    names = {name for section in SECTIONS for name in section.pages}
    for name in names:
        assert reverse(name, args=["ardlarich-2025", 1][: _arguments(name)])


def _arguments(name: str) -> int:
    """How many arguments a review page's URL takes: the reference, and an id for item pages."""
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=["ardlarich-2025"])
    except NoReverseMatch:
        return 2
    return 1
