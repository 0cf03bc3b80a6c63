import re

import pytest

from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read
from assessments.models import Framework
from tests.shared import FORMAT_DOC, REFERENCE_REPORT, shared_file

AREAS = ["leadership", "capabilities", "partnership", "information_sharing"]
SCALE = ["not_started", "developing", "established", "embedded"]


@pytest.fixture
def framework(db):
    return Framework.objects.get(key=DEFAULT_FRAMEWORK)


def test_the_migration_creates_four_areas_in_report_order(framework):
    assert [area.key for area in framework.areas.all()] == AREAS
    assert [area.title for area in framework.areas.all()] == [
        "Leadership",
        "Capabilities",
        "Partnership",
        "Information Sharing",
    ]


def test_the_rating_scale_is_lowest_first(framework):
    assert [level.key for level in framework.rating_levels.all()] == SCALE


def test_fourteen_aspects_map_to_their_default_areas(framework):
    mapping = {aspect.number: aspect.area.key for aspect in framework.aspects.select_related("area")}
    assert sorted(mapping) == list(range(1, 15))
    assert [n for n, area in mapping.items() if area == "leadership"] == [1, 2, 13]
    assert [n for n, area in mapping.items() if area == "partnership"] == [3, 14]
    assert [n for n, area in mapping.items() if area == "information_sharing"] == [4, 8]


def test_the_framework_matches_the_format_document_word_for_word(framework):
    text = shared_file(FORMAT_DOC).read_text(encoding="utf-8")
    found = re.findall(r"^\| (\d+) \| (\w+) \| (.+) \|$", text, re.MULTILINE)
    rows = {int(n): (area, aspect.strip()) for n, area, aspect in found}
    stored = {a.number: (a.area.key, a.text) for a in framework.aspects.select_related("area")}
    assert stored == rows
    for area in framework.areas.all():  # the areas by key and title; their descriptions below
        assert f"| `{area.key}` | {area.title} |" in text


def test_the_delivery_areas_are_described_as_the_published_report_describes_them(framework):
    """The format document's table shortens them; the report prints them, so the framework keeps
    the published wording (issue 30), as the Background section of the Midlothian report reads."""
    reference = shared_file(REFERENCE_REPORT).read_text(encoding="utf-8")
    for area in framework.areas.all():
        assert f"includes {area.description}." in reference, area.key


def test_loading_a_framework_twice_changes_nothing(framework):
    data = framework_read(framework_file(DEFAULT_FRAMEWORK))
    assert framework_load(data) == framework
    assert Framework.objects.count() == 1


def test_a_new_framework_is_data_not_code(db):
    data = framework_read(framework_file(DEFAULT_FRAMEWORK))
    data = {
        **data,
        "key": "prevent-scotland-2030",
        "title": "A later framework",
        "aspects": data["aspects"][:3],
    }
    later = framework_load(data)
    assert later.aspects.count() == 3
    assert Framework.objects.get(key=DEFAULT_FRAMEWORK).aspects.count() == 14
