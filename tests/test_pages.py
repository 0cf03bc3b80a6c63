import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "heading"), [("accessibility", "Accessibility statement"), ("privacy", "Privacy notice")]
)
def test_footer_pages_are_public_and_linked_from_every_page(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.text
    login_page = client.get(reverse("accounts:login")).text
    assert f'href="{reverse(name)}"' in login_page


@pytest.mark.django_db
def test_every_page_carries_the_marking_a_skip_link_and_no_crown(client):
    text = client.get(reverse("accounts:login")).text
    assert text.count(">OFFICIAL</div>") == 2
    assert 'href="#main-content"' in text
    assert 'id="main-content"' in text
    assert "govuk-header__logotype" not in text
    assert "crown" not in text.lower()


def test_the_stylesheet_uses_no_gds_transport_font(settings):
    from pathlib import Path

    css = Path(settings.BASE_DIR, "static", "dist", "application.css")
    text = css.read_text(encoding="utf-8")
    assert "GDS Transport" not in text
    assert "@font-face" not in text
    assert "system-ui" in text


def test_the_health_check_answers_ok_and_touches_no_data(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"OK", "text/plain")
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_every_page_has_a_favicon_the_service_serves(client):
    """Issue 14, item 9: a favicon of the service's own (no crown), so browsers ask for no 404."""
    import re

    page = client.get(reverse("accounts:login")).text
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_templates_use_only_typography_classes_govuk_frontend_has(settings):
    """Issue 14, item 9: e.g. there is no govuk-caption-s, so such a caption was unstyled."""
    import re
    from pathlib import Path

    css = Path(settings.BASE_DIR, "static", "dist", "application.css").read_text(encoding="utf-8")
    defined = set(re.findall(r"\.(govuk-(?:caption|heading|body)-[a-z0-9-]+)", css))
    used = {
        (path.name, name)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for name in re.findall(
            r"\b(govuk-(?:caption|heading|body)-[a-z0-9-]+)", path.read_text(encoding="utf-8")
        )
    }
    assert {(file, name) for file, name in used if name not in defined} == set()


def test_the_403_page_gives_the_reason_and_never_contradicts_it(cast, login):
    """Issue 28: the page said "your role on this review lets you see this part of it" where no
    review was concerned. It now says why, and what the person can do."""
    page = login(cast.lead_peer).get(reverse("review_create"))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Only review managers can set up reviews." in text
    assert "on this review" not in text
    assert "If you think you should be able to, ask the review manager." in text
    assert f"quote this reference: {page['X-Request-ID']}" in text
