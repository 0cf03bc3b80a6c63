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
