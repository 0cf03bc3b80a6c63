"""The shape of a ``prevent-peer-review/1`` document, as pydantic models.

Only shape lives here (keys, types, allowed values); rules that need the database or the
framework (known aspects, team names, evidence keys) are checked in ``checks``. Unknown keys
are refused everywhere: a typo must not lose data silently.
"""

import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, StringConstraints

FORMAT: Literal["prevent-peer-review/1"] = "prevent-peer-review/1"

Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]

OrganisationKind = Literal["local_authority", "police", "health", "education", "government", "other"]
StageKey = Literal[
    "self_assessment", "evidence_review", "on_site_review", "key_findings", "report", "follow_up"
]
RoleKey = Literal["lead_peer", "peer", "review_manager", "spoc", "deputy_spoc", "senior_officer"]
ReportStatusKey = Literal["draft", "factual_accuracy", "published"]
FindingKindKey = Literal["good_practice", "improvement"]
ActionStatusKey = Literal["not_started", "in_progress", "done"]
Marking = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Host(Strict):
    name: ShortText
    kind: OrganisationKind = "local_authority"


class OnSite(Strict):
    start: datetime.date
    end: datetime.date
    venue: ShortText | None = None


class Person(Strict):
    name: ShortText
    job_title: ShortText
    organisation: ShortText | None = None
    role: RoleKey
    email: Annotated[str, StringConstraints(max_length=254)] | None = None


class Response(Strict):
    aspect: int
    rating: str | None = None
    narrative: Annotated[str, StringConstraints(max_length=20000)]
    evidence: list[str]


class SelfAssessment(Strict):
    submitted_on: datetime.date | None = None
    responses: list[Response]


class Evidence(Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    filename: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    aspects: list[int]


class LineOfEnquiry(Strict):
    aspects: list[int]
    text: Text


class Interviewee(Strict):
    name: ShortText | None = None
    job_title: ShortText
    organisation: ShortText


class Interview(Strict):
    starts: AwareDatetime
    ends: AwareDatetime
    location: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    interviewees: list[Interviewee]
    interviewers: list[str]
    aspects: list[int]


class Presentation(Strict):
    date: datetime.date
    attendees: list[ShortText]


class Report(Strict):
    status: ReportStatusKey
    published_on: datetime.date | None = None
    context: Text | None = None
    executive_summary: list[Text]
    key_findings: list[Text]
    acknowledgements: list[Text] | None = None


class Finding(Strict):
    area: str
    kind: FindingKindKey
    aspects: list[int]
    text: Text


class Action(Strict):
    finding: int
    action: Text
    owner: ShortText
    due: datetime.date
    status: ActionStatusKey


class Review(Strict):
    reference: Slug
    host: Host
    protective_marking: Marking = "OFFICIAL"
    stage: StageKey = "self_assessment"
    on_site: OnSite | None = None
    team: list[Person] = []
    contacts: list[Person] = []
    self_assessment: SelfAssessment | None = None
    evidence: list[Evidence] = []
    lines_of_enquiry: list[LineOfEnquiry] = []
    interviews: list[Interview] = []
    presentation: Presentation | None = None
    report: Report | None = None
    findings: list[Finding] = []
    actions: list[Action] = []


class Document(Strict):
    format: Literal["prevent-peer-review/1"]
    framework: Slug = "prevent-scotland-2019"
    review: Review
