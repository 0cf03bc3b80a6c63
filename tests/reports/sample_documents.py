"""A second review, written for these tests: another council, on-site days across two months,
OFFICIAL-SENSITIVE, an area with no good practice, and text that tries to be HTML."""

HOSTILE = '<b>bold</b> <img src="file:///etc/passwd"> & <a href="http://example.org/x">link</a>'


KILBRANNAN_TEAM = [
    {
        "name": "Aileen Moffat",
        "job_title": "Community Safety Manager",
        "organisation": "Glenbrae Council",
        "role": "lead_peer",
    },
    {
        "name": "Peter Odell",
        "job_title": "Prevent Coordinator",
        "organisation": "Eastwick Borough Council",
        "role": "peer",
    },
    {
        "name": "Rhona Small",
        "job_title": "Prevent Policy Team",
        "organisation": "Scottish Government",
        "role": "review_manager",
    },
]
KILBRANNAN_FINDINGS = [
    (
        "leadership",
        "good_practice",
        "Leadership finding one: the chief executive chairs the Prevent group.",
    ),
    ("leadership", "improvement", "Leadership improvement one: publish the Prevent plan."),
    (
        "capabilities",
        "good_practice",
        "Capabilities finding one: training is mandatory for front-line staff.",
    ),
    ("capabilities", "improvement", f"Capabilities improvement one: {HOSTILE}"),
    ("partnership", "improvement", "Partnership improvement one: meet faith groups twice a year."),
    ("information_sharing", "good_practice", "Information sharing finding one: the protocol is signed."),
]


def _interview(day: str, start: str, who: str, org: str) -> dict:
    """An hour's interview at Kilbrannan, both peers on the panel."""
    return {
        "starts": f"2026-{day}T{start}:00+01:00",
        "ends": f"2026-{day}T{int(start[:2]) + 1:02d}:{start[3:]}:00+01:00",
        "location": "Kilbrannan Chambers",
        "interviewees": [{"job_title": who, "organisation": org}],
        "interviewers": ["Aileen Moffat", "Peter Odell"],
        "aspects": [1],
    }


def kilbrannan_document() -> dict:
    return {
        "format": "prevent-peer-review/1",
        "review": {
            "reference": "kilbrannan-2026",
            "host": {"name": "Kilbrannan Council"},
            "protective_marking": "OFFICIAL-SENSITIVE",
            "stage": "report",
            "on_site": {"start": "2026-09-30", "end": "2026-10-01"},
            "team": [dict(person) for person in KILBRANNAN_TEAM],  # a fresh copy for each document
            "contacts": [
                {"name": "Morven Greig", "job_title": "Prevent Single Point of Contact", "role": "spoc"}
            ],
            "interviews": [
                _interview("09-30", "09:30", "Prevent Single Point of Contact", "Kilbrannan Council"),
                _interview("09-30", "11:00", "Detective Sergeant", "Police Scotland"),
                _interview("10-01", "09:30", "Head of Education", "Kilbrannan Council"),
                _interview("10-01", "11:00", "Prevent Single Point of Contact", "Kilbrannan Council"),
            ],
            "report": {
                "status": "draft",
                "context": "the ninth such review held in Scotland",
                "executive_summary": ["Kilbrannan Council has made a confident start."],
                "key_findings": ["Strong leadership.", "Training is well established."],
            },
            "findings": [
                {"area": a, "kind": k, "aspects": [1], "text": t} for a, k, t in KILBRANNAN_FINDINGS
            ],
        },
    }
