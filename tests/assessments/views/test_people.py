import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import ReviewPerson, Role
from assessments.rules import access
from peerreview.accounts.models import User
from tests.factories import UserFactory


def _url(cast):
    return reverse("review_people", args=[cast.review.reference])


def test_it_checks_access(cast, check_access):
    check_access(_url(cast), outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    check_access(
        _url(cast), outsider=cast.peer_elsewhere, forbidden=cast.lead_peer, allowed=cast.review_manager
    )


def test_adding_a_new_person_invites_them(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.review_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(cast),
            {
                "role": "peer",
                "email": "New.Peer@Glenbrae.example.org",
                "full_name": "Niamh Kerr",
                "job_title": "Safer Communities Officer",
                "organisation_name": "Glenbrae Council",
                "details": "1",
            },
        )
    assert response.status_code == 302
    person = ReviewPerson.objects.get(review=cast.review, user__email="new.peer@glenbrae.example.org")
    assert (person.role, person.name, person.organisation.name) == ("peer", "Niamh Kerr", "Glenbrae Council")
    assert len(mail.outbox) == 1
    assert "Peer for the Ardlarich Council Prevent peer review" in mail.outbox[0].body
    assert re.search(r"/accounts/invitation/\S+/", mail.outbox[0].body)
    assert access.can(person.user, access.Permission.VIEW_LINES_OF_ENQUIRY, cast.review)


def test_adding_an_existing_person_gives_the_role_without_an_invitation(
    cast, login, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="deputy2@ardlarich.example.org", organisation=cast.host)
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.review_manager).post(
            _url(cast),
            {
                "role": "senior_officer",
                "email": existing.email,
                "confirm": "1",
            },
        )
    assert ReviewPerson.objects.get(review=cast.review, user=existing).role == Role.SENIOR_OFFICER
    # Told of the role (issue 16), but not invited: the account has its password already.
    (message,) = mail.outbox
    assert message.to == [existing.email]
    assert message.subject == "You have a role on a peer review: Ardlarich Council"
    assert "/accounts/invitation/" not in message.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"role": "spoc", "email": "spoc@glenbrae.example.org"},
            "This address belongs to someone who does not work at Ardlarich Council. "
            "The council's people must work at Ardlarich",
        ),
        (
            {"role": "peer", "email": "x@ardlarich.example.org", "organisation_name": "Ardlarich Council"},
            "People at Ardlarich Council cannot be on the team that reviews it",
        ),
        ({"role": "spoc", "email": "second.spoc@ardlarich.example.org"}, "This review has a SPOC already"),
        (
            {"role": "lead_peer", "email": "someone@x.example.org"},
            "Enter the organisation the person works for",
        ),
        (
            {
                "role": "peer",
                "email": "peer@strathkeld.example.org",
                "organisation_name": "Strathkeld Council",
            },
            "already has a role",
        ),
        ({"role": "peer", "email": "not-an-address"}, "Enter an e-mail address in the correct format"),
        (  # the same council, spelt with a no-break space and another case (issue 13, defect 8)
            {
                "role": "peer",
                "email": "y@elsewhere.example.org",
                "organisation_name": "ARDLARICH\u00a0 council",
            },
            "People at Ardlarich Council cannot be on the team that reviews it",
        ),
    ],
)
def test_roles_that_break_the_rules_are_refused(cast, login, data, message):
    before = ReviewPerson.objects.count(), User.objects.count()
    response = login(cast.review_manager).post(
        _url(cast), {"full_name": "A Person", "job_title": "Officer", "details": "1", "confirm": "1", **data}
    )
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert (ReviewPerson.objects.count(), User.objects.count()) == before


def test_a_review_s_own_manager_looks_up_only_people_on_reviews_they_manage(cast, login):
    """From the security probe: a manager of one review read any account's name, job and
    council by typing its address. Only a programme manager, or people on their own reviews."""
    manager = UserFactory(
        email="review.manager@gov.example.org", organisation=cast.review_manager.organisation
    )
    ReviewPerson.objects.create(
        review=cast.review, user=manager, role=Role.REVIEW_MANAGER, name="M", job_title="M"
    )
    stranger = UserFactory(
        email="stranger@kilbrannan.example.org", full_name="Secret Name", job_title="Secret Job"
    )
    client = login(manager)
    page = client.post(_url(cast), {"role": "peer", "email": stranger.email}).text
    assert "Secret Name" not in page
    assert "Secret Job" not in page
    assert "Kilbrannan" not in page
    assert 'name="full_name"' in page  # asked for, as for anyone new
    # Someone on a review they manage is shown, to be added without retyping.
    page = client.post(_url(cast), {"role": "peer", "email": cast.peer.email}).text
    assert cast.peer.full_name in html.unescape(page)  # a name may hold an apostrophe
    # A programme manager may look anyone up.
    page = login(cast.review_manager).post(_url(cast), {"role": "peer", "email": stranger.email}).text
    assert "Secret Name" in page


def test_removing_a_person_keeps_the_record_and_ends_their_access(cast, login, check_access):
    person = ReviewPerson.objects.get(review=cast.review, user=cast.peer)
    url = reverse("person_remove", args=[cast.review.reference, person.pk])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.lead_peer, allowed=cast.review_manager)
    response = login(cast.review_manager).post(url)
    assert response["Location"] == _url(cast)
    person.refresh_from_db()
    assert person.removed_at is not None
    assert person.removed_by == cast.review_manager
    assert not access.visible_reviews(cast.peer).exists()


def test_a_person_of_another_review_cannot_be_removed_through_this_one(cast, login):
    theirs = ReviewPerson.objects.get(review=cast.other_review, user=cast.other_spoc)
    url = reverse("person_remove", args=[cast.review.reference, theirs.pk])
    assert login(cast.review_manager).post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.removed_at is None


@pytest.mark.parametrize(
    ("role", "phrase"), [("spoc", "is now the SPOC"), ("deputy_spoc", "is now a deputy SPOC")]
)
def test_the_message_names_the_role_in_sentence_case(cast, login, role, phrase):
    """Issue 14, item 9: "is now the SPOC", not "is now spoc"."""
    ReviewPerson.objects.filter(review=cast.review, role="spoc").update(removed_at="2025-01-01T00:00Z")
    response = login(cast.review_manager).post(
        _url(cast),
        {
            "role": role,
            "email": "new@ardlarich.example.org",
            "full_name": "Eilidh Fraser",
            "job_title": "Officer",
            "details": "1",
        },
        follow=True,
    )
    assert f"Eilidh Fraser {phrase} on this review." in response.text


def test_adding_someone_asks_only_what_the_service_does_not_know(cast, login):
    """Issue 14, item 5: the address and role first; then who they are for someone new, or a
    check of the account's own details for someone known, with nothing to retype."""
    existing = UserFactory(
        email="director@ardlarich.example.org",
        full_name="Fiona Grant",
        job_title="Director",
        organisation=cast.host,
    )
    client = login(cast.review_manager)
    page = client.get(_url(cast)).text
    assert 'name="email"' in page
    assert 'name="full_name"' not in page
    known = client.post(_url(cast), {"role": "senior_officer", "email": "Director@Ardlarich.example.org"})
    assert "Add Fiona Grant?" in known.text
    assert "Director" in known.text
    assert 'name="full_name"' not in known.text
    assert not ReviewPerson.objects.filter(user=existing).exists()
    new = client.post(_url(cast), {"role": "peer", "email": "new.peer@glenbrae.example.org"})
    assert "Who is new.peer@glenbrae.example.org?" in new.text
    assert 'name="full_name"' in new.text
    assert 'name="organisation_name"' in new.text
    contact = client.post(_url(cast), {"role": "deputy_spoc", "email": "new.deputy@ardlarich.example.org"})
    assert 'name="full_name"' in contact.text
    assert 'name="organisation_name"' not in contact.text
    assert not User.objects.filter(email__in=["new.peer@glenbrae.example.org"]).exists()
