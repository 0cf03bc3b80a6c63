"""Demo content for ``manage.py seed_demo``: a fictional council's reviews, written for this
service. Ardlarich Council and every person named here are invented."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent

# Imported in this order; the second follows up the first.
DOCUMENTS = ["ardlarich-2025.json", "ardlarich-2027.json"]
FOLLOW_UPS = {"ardlarich-2027": "ardlarich-2025"}

# One account per role. The review manager also runs the programme (sees every review).
ACCOUNTS = [
    ("manager@demo.example.org", "Review manager"),
    ("lead.peer@demo.example.org", "Lead peer"),
    ("peer@demo.example.org", "Peer"),
    ("spoc@ardlarich.example.org", "SPOC"),
    ("deputy.spoc@ardlarich.example.org", "Deputy SPOC"),
    ("senior.officer@ardlarich.example.org", "Senior officer"),
]
PROGRAMME_MANAGERS = {"manager@demo.example.org"}


def follow_ups_link(rename=lambda reference: reference) -> None:
    """Points each demo follow-up review at the review it follows (references through ``rename``)."""
    from assessments.models import Review

    for reference, previous in FOLLOW_UPS.items():
        Review.objects.filter(reference=rename(reference)).update(
            previous=Review.objects.get(reference=rename(previous))
        )


# The demo team in the programme's pool: aspects and delivery areas each knows, and whether they
# may be approached for reviews and for mentoring.
POOL = {
    "lead.peer@demo.example.org": ([1, 2, 3, 13], ["leadership", "partnership"], True, True),
    "peer@demo.example.org": ([5, 6, 7, 8], ["capabilities", "information_sharing"], True, False),
}


def pool_profiles_add() -> None:
    """Gives the demo team their pool profiles, where they have none yet."""
    from assessments.models import Aspect, DeliveryArea, Framework, PoolProfile
    from assessments.services.pool import profile_save
    from peerreview.accounts.models import User

    framework = Framework.objects.order_by("-pk").first()
    for email, (aspects, areas, reviews, mentoring) in POOL.items():
        person = User.objects.filter(email=email).first()
        if person is None or PoolProfile.objects.filter(user=person).exists():
            continue
        profile_save(
            person=person,
            aspects=Aspect.objects.filter(framework=framework, number__in=aspects),
            areas=DeliveryArea.objects.filter(framework=framework, key__in=areas),
            reviews_consent=reviews,
            mentoring_consent=mentoring,
            by=person,
        )


def hub_add() -> None:
    """A question on the knowledge hub from the demo SPOC, answered by the demo lead peer, where
    the hub has none yet."""
    from assessments.models import Aspect, HubQuestion
    from assessments.services.hub import answer_post, question_ask
    from peerreview.accounts.models import User

    spoc = User.objects.filter(email="spoc@ardlarich.example.org").first()
    lead = User.objects.filter(email="lead.peer@demo.example.org").first()
    if spoc is None or lead is None or HubQuestion.objects.exists():
        return
    question = question_ask(
        author=spoc,
        title="How do you keep a training needs analysis current?",
        body="Ours dates from 2023. How often do other councils refresh theirs, and who owns it?",
        aspects=Aspect.objects.filter(number=5).order_by("-framework_id")[:1],
        areas=[],
    )
    answer_post(
        question=question,
        author=lead,
        body="We review ours every year with HR, after the CONTEST group's annual report.",
    )
