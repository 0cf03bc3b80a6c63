"""The council's choices about sharing its good practice with other councils."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Finding, Review, SharingConsent, SpocContact
from assessments.reads.published import shareable_good_practice
from assessments.rules import access
from assessments.rules.access import Permission
from peerreview.accounts.models import User


@transaction.atomic
def sharing_set(
    *, review: Review, shared: Iterable[int], shown: Iterable[int], contactable: bool, by: User
) -> None:
    """Shares the good-practice findings ``shared`` (primary keys of live findings, as the
    published version words them) and stops sharing the others the page showed (``shown``), so a
    choice made on another page meanwhile is not undone; and records whether ``by`` agrees to be
    e-mailed about them by other councils. Only findings the latest published version lists may
    be chosen: never one the team is drafting."""
    if not access.can(by, Permission.SHARE_GOOD_PRACTICE, review):
        raise ValidationError(
            "Only the council's SPOC or deputy can choose what to share, once the report is published"
        )
    findings: dict[int, Finding] = {
        wording.finding.pk: wording.finding
        for wording in shareable_good_practice(review)
        if wording.finding is not None
    }
    shared, shown = set(shared), set(shown)
    if not shared <= set(findings):
        raise ValidationError("Choose only good practice from this review's report")
    for pk in sorted(shown & set(findings)):
        has = hasattr(findings[pk], "sharing_consent")
        if pk in shared and not has:
            consent = SharingConsent(finding=findings[pk], given_by=by)
            consent.full_clean()
            consent.save()
        elif pk not in shared and has:
            findings[pk].sharing_consent.delete()
    contact = SpocContact.objects.filter(review=review).first()
    if contactable and (contact is None or contact.user_id != by.pk):
        if contact is not None:
            contact.delete()
        SpocContact.objects.create(review=review, user=by)
    elif not contactable and contact is not None and contact.user_id == by.pk:
        contact.delete()  # only their own agreement: a colleague's stands
