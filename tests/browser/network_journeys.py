"""The journeys of the programme's network (issue 32), run with the mouse and with the keyboard
alone: the SPOCs' knowledge hub (asked, answered, thanked, a post hidden) and peer-to-peer
mentoring (matched, accepted, both sides introduced). Work another person does in between is
done through the service functions, as in ``journeys``."""

from playwright.sync_api import expect

from assessments.models import Aspect, HubAnswer, MatchStatus, MentoringMatch
from assessments.services.follow_up import support_request_create
from assessments.services.pool import profile_save
from peerreview.accounts.models import User
from peerreview.inbox.models import Notification
from peerreview.outbox.models import OutboundEmail
from tests.browser.drivers import Driver
from tests.browser.journeys import sign_in, sign_out
from tests.factories import OrganisationFactory, UserFactory

QUESTION = "How do you keep Prevent training current for school staff?"
ANSWER = "We refresh ours every August with the education service."


def _open_hub(ui: Driver) -> None:
    ui.follow("Go to the knowledge hub")
    expect(ui.page.get_by_role("heading", name="SPOC knowledge hub", exact=True)).to_be_visible()


def knowledge_hub(ui: Driver, cast) -> None:
    """A SPOC asks; a SPOC of another council answers and is thanked; a manager hides a post."""
    sign_in(ui, cast.spoc)
    _open_hub(ui)
    ui.press("Ask a question")
    ui.fill("Your question, in a sentence", QUESTION)
    ui.fill("More detail", "Our training plan dates from 2023.")
    ui.tick("5. The organisation has an agreed training programme")
    ui.press("Ask the network")
    expect(ui.page.get_by_role("heading", name=QUESTION)).to_be_visible()
    sign_out(ui)

    sign_in(ui, cast.other_spoc)
    _open_hub(ui)
    ui.follow(QUESTION)
    ui.fill("Your answer", ANSWER)
    ui.press("Post your answer")
    expect(ui.page.get_by_text("Your answer is posted.")).to_be_visible()
    sign_out(ui)

    sign_in(ui, cast.spoc)
    _open_hub(ui)
    ui.follow(QUESTION)
    ui.press(f"This answer helped (the answer by {cast.other_spoc.full_name})")
    expect(ui.page.get_by_text("The answer that helped")).to_be_visible()
    assert Notification.objects.filter(
        user=cast.other_spoc, subject__startswith="Your answer helped"
    ).exists()
    sign_out(ui)

    sign_in(ui, cast.review_manager)
    _open_hub(ui)
    ui.follow(QUESTION)
    ui.follow(f"Hide this answer by {cast.other_spoc.full_name}")
    ui.fill("Why are you hiding it?", "It names a school.")
    ui.press("Hide the post")
    expect(ui.page.get_by_text("The post is hidden, and its author is told why.")).to_be_visible()
    assert HubAnswer.objects.get().hidden_reason == "It names a school."


def _a_request_and_an_expert(cast) -> User:
    """The council's request for a mentor on aspect 5, and an expert in it at another council
    who offers to mentor: returns the expert."""
    support_request_create(
        review=cast.review, kind="mentoring", description="Help refresh our training needs analysis.",
        aspects=[5], by=cast.spoc,
    )  # fmt: skip
    expert = UserFactory(
        email="isla.grant@eastwick.example.org", full_name="Isla Grant", job_title="Prevent Lead",
        organisation=OrganisationFactory(name="Eastwick Council"),
    )  # fmt: skip
    profile_save(
        person=expert, aspects=Aspect.objects.filter(framework=cast.review.framework, number=5), areas=[],
        reviews_consent=False, mentoring_consent=True, by=expert,
    )  # fmt: skip
    return expert


def mentoring(ui: Driver, cast) -> None:
    """The council's request for mentoring is matched by the manager, accepted by the expert,
    and both are introduced; the council then sees who its mentor is."""
    expert = _a_request_and_an_expert(cast)
    sign_in(ui, cast.review_manager)
    ui.page.goto(f"{ui.base}/reviews/{cast.review.reference}/support/")
    ui.arrived()
    ui.follow("Find a mentor for this request")
    ui.press("Ask to mentor Isla Grant")
    expect(ui.page.get_by_text("Isla Grant is asked to mentor Ardlarich Council.")).to_be_visible()
    sign_out(ui)

    sign_in(ui, expert)
    ui.follow("Notifications", exact=False)
    ui.follow("Will you mentor Ardlarich Council?")
    expect(ui.page.get_by_text("Help refresh our training needs analysis.")).to_be_visible()
    ui.tick("Yes, I will mentor them")
    ui.press("Send my answer")
    expect(ui.page.get_by_role("heading", name="You agreed to mentor Ardlarich Council")).to_be_visible()
    assert MentoringMatch.objects.get().status == MatchStatus.ACCEPTED
    # The e-mails the service sends (delivered by its task queue): each side gets the other's details.
    to_council = OutboundEmail.objects.get(to=cast.spoc.email, subject="Your Prevent mentor: Isla Grant")
    to_mentor = OutboundEmail.objects.get(to=expert.email, subject__endswith="who to contact")
    assert expert.email in to_council.body
    assert cast.spoc.email in to_mentor.body
    sign_out(ui)

    sign_in(ui, cast.spoc)
    ui.page.goto(f"{ui.base}/reviews/{cast.review.reference}/support/")
    ui.arrived()
    expect(ui.page.get_by_role("link", name=expert.email)).to_be_visible()
