"""Rules of the exchange format that need more than a document's shape: the framework's
aspects, areas and ratings; the team; evidence keys; who an e-mail address already belongs to.

Each check adds ``(path, message)`` faults rather than stopping at the first, so that a person
fixing a document sees everything wrong with it at once.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from assessments.exchange import schema
from assessments.models import HOST_ROLES, TEAM_ROLES, Framework
from assessments.rules import access, conflicts
from peerreview.accounts.models import Organisation, User, organisation_key


class Faults(list[tuple[str, str]]):
    def add(self, path: str, message: str) -> None:
        self.append((path, message))


def check_document(doc: schema.Document) -> tuple[Faults, Framework | None]:
    faults = Faults()
    framework = (
        Framework.objects.filter(key=doc.framework)
        .prefetch_related("areas", "aspects", "rating_levels")
        .first()
    )
    if framework is None:
        faults.add("framework", f'unknown framework "{doc.framework}"')
    review = doc.review
    _check_host(review, faults)
    _check_people(review, faults)
    _check_dates(review, faults)
    if framework is not None:
        _check_framework_refs(review, framework, faults)
    _check_evidence(review, faults)
    _check_interviews(review, faults)
    _check_actions(review, faults)
    return faults, framework


def _check_people(review: schema.Review, faults: Faults) -> None:
    roles = Counter(person.role for person in review.team)
    if roles["lead_peer"] != 1:
        faults.add("review.team", f"needs exactly one lead_peer (found {roles['lead_peer']})")
    if roles["review_manager"] < 1:
        faults.add("review.team", "needs at least one review_manager")
    for index, person in enumerate(review.team):
        if person.role not in TEAM_ROLES:
            faults.add(f"review.team[{index}].role", f'"{person.role}" is a council role, not a team role')
    names = Counter(person.name for person in review.team)
    for index, person in enumerate(review.team):
        if names[person.name] > 1:
            faults.add(f"review.team[{index}].name", f'"{person.name}" is named twice in the team')
    spocs = 0
    for index, person in enumerate(review.contacts):
        if person.role not in HOST_ROLES:
            faults.add(
                f"review.contacts[{index}].role", f'"{person.role}" is a team role, not a council role'
            )
        spocs += person.role == "spoc"
    if spocs > 1:
        faults.add("review.contacts", f"has at most one spoc (found {spocs})")
    _check_emails(review, faults)


def _check_emails(review: schema.Review, faults: Faults) -> None:
    host_key = organisation_key(review.host.name)
    seen: dict[str, str] = {}
    people = [("team", i, p) for i, p in enumerate(review.team)] + [
        ("contacts", i, p) for i, p in enumerate(review.contacts)
    ]
    emails = [p.email.strip().lower() for _, _, p in people if p.email]
    users = {u.email: u for u in User.objects.filter(email__in=emails).select_related("organisation")}
    for section, index, person in people:
        if not person.email:
            continue
        path = f"review.{section}[{index}].email"
        try:
            validate_email(person.email)
        except ValidationError:
            faults.add(path, f'"{person.email}" is not an e-mail address')
            continue
        email = person.email.strip().lower()
        if email in seen:
            faults.add(path, f"{email} also holds a role at {seen[email]}: one role per person on a review")
            continue
        seen[email] = f"review.{section}[{index}]"
        user = users.get(email)
        # An existing account's own organisation decides; for a new one, the document's.
        if user is not None:
            where = user.organisation.key if user.organisation else None
        else:
            where = organisation_key(person.organisation) if person.organisation else None
        if section == "contacts" and user is not None and not access.may_hold(person.role, where, host_key):
            faults.add(
                path,
                f"{email} has an account at another organisation, so cannot be one of the council's people",
            )
        if section == "team" and not access.may_hold(person.role, where, host_key):
            faults.add(
                path, f"{email} works at the council under review, so cannot be on the peer review team"
            )
        elif section == "team" and user is not None and (refused := _team_refusal(user, review, host_key)):
            faults.add(path, f"{refused} ({email})")


def _team_refusal(user: User, review: schema.Review, host_key: str) -> str | None:
    on_site = review.on_site
    return conflicts.refusal(
        user,
        host_key=host_key,
        host_name=review.host.name,
        first_day=on_site.start if on_site else None,
        last_day=on_site.end if on_site else None,
    )


def _check_dates(review: schema.Review, faults: Faults) -> None:
    if review.on_site and review.on_site.end < review.on_site.start:
        faults.add("review.on_site.end", "is before the start")
    for index, interview in enumerate(review.interviews):
        if interview.ends <= interview.starts:
            faults.add(f"review.interviews[{index}].ends", "is not after the start")


def _check_framework_refs(review: schema.Review, framework: Framework, faults: Faults) -> None:
    numbers = {aspect.number for aspect in framework.aspects.all()}
    if review.self_assessment:
        ratings = {level.key for level in framework.rating_levels.all()}
        _check_responses(review.self_assessment, numbers, ratings, faults)
    for section in ("evidence", "lines_of_enquiry", "interviews", "findings"):
        for index, item in enumerate(getattr(review, section)):
            _check_aspect_list(f"review.{section}[{index}]", item.aspects, numbers, faults)
    areas = {area.key for area in framework.areas.all()}
    for index, finding in enumerate(review.findings):
        if finding.area not in areas:
            faults.add(f"review.findings[{index}].area", f'unknown area "{finding.area}"')


def _check_aspect_list(path: str, values: list[int], numbers: set[int], faults: Faults) -> None:
    for position, number in enumerate(values):
        if number not in numbers:
            faults.add(f"{path}.aspects[{position}]", f"unknown aspect {number}")
    if len(set(values)) != len(values):
        faults.add(f"{path}.aspects", "names an aspect twice")


def _check_responses(
    self_assessment: schema.SelfAssessment, numbers: set[int], ratings: set[str], faults: Faults
) -> None:
    seen = set()
    for index, response in enumerate(self_assessment.responses):
        path = f"review.self_assessment.responses[{index}]"
        if response.aspect not in numbers:
            faults.add(f"{path}.aspect", f"unknown aspect {response.aspect}")
        elif response.aspect in seen:
            faults.add(f"{path}.aspect", f"aspect {response.aspect} has another response")
        seen.add(response.aspect)
        if response.rating is not None and response.rating not in ratings:
            faults.add(f"{path}.rating", f'unknown rating "{response.rating}"')


def _check_evidence(review: schema.Review, faults: Faults) -> None:
    keys = set()
    for index, evidence in enumerate(review.evidence):
        if evidence.key in keys:
            faults.add(f"review.evidence[{index}].key", f'duplicate key "{evidence.key}"')
        keys.add(evidence.key)
    if review.self_assessment:
        for index, response in enumerate(review.self_assessment.responses):
            for position, key in enumerate(response.evidence):
                if key not in keys:
                    faults.add(
                        f"review.self_assessment.responses[{index}].evidence[{position}]",
                        f'unknown evidence key "{key}"',
                    )
            if len(set(response.evidence)) != len(response.evidence):
                faults.add(f"review.self_assessment.responses[{index}].evidence", "names a document twice")


def _check_interviews(review: schema.Review, faults: Faults) -> None:
    team = {person.name for person in review.team}
    for index, interview in enumerate(review.interviews):
        for position, name in enumerate(interview.interviewers):
            if name not in team:
                faults.add(
                    f"review.interviews[{index}].interviewers[{position}]", f'"{name}" is not on the team'
                )
        if len(set(interview.interviewers)) != len(interview.interviewers):
            faults.add(f"review.interviews[{index}].interviewers", "names an interviewer twice")
        people = [(p.name, p.job_title, p.organisation) for p in interview.interviewees]
        if len(set(people)) != len(people):
            faults.add(f"review.interviews[{index}].interviewees", "names an interviewee twice")


def _check_actions(review: schema.Review, faults: Faults) -> None:
    count = len(review.findings)
    for index, action in enumerate(review.actions):
        if not 1 <= action.finding <= count:
            faults.add(
                f"review.actions[{index}].finding",
                f"no finding {action.finding} (the document has {count})",
            )


def _check_host(review: schema.Review, faults: Faults) -> None:
    organisation = Organisation.objects.filter(key=organisation_key(review.host.name)).first()
    if organisation and organisation.kind not in (Organisation.Kind.OTHER, review.host.kind):
        faults.add(
            "review.host.kind",
            f'"{organisation.name}" is recorded as {organisation.kind}, not {review.host.kind}',
        )
