"""What issue 34 is done by: a council's script reads its published findings, adds its action
progress with If-Match, and is refused another council's review, a draft and a stale write."""

from assessments.lifecycle import stages
from assessments.models import ActionUpdate, Finding, Review
from tests.lifecycle import bring_to, reword


def _review(review, part=""):
    return f"/api/v1/reviews/{review.reference}/{part}"


def test_a_council_reads_its_published_findings_by_area_and_kind(cast, script, published):
    answer = script(cast.spoc).get(_review(published, "findings/"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == 1
    kinds = {(finding["area"], finding["kind"]) for finding in body["findings"]}
    published_rows = published.report.versions.get().findings.values_list("area__key", "kind")
    assert kinds == set(published_rows)
    assert all(finding["text"] for finding in body["findings"])


def test_a_council_never_reads_the_teams_new_draft(cast, script, published):
    review = bring_to(
        published,
        "s5_new_draft",
        manager=cast.review_manager,
        spoc=cast.spoc,
        lead=cast.lead_peer,
        start="s5_published",
    )
    finding = Finding.objects.filter(review=review).first()
    reword(finding, "DRAFT WORDING the council must not see", by=cast.lead_peer)
    for path in ("findings/", "actions/", ""):
        assert "DRAFT WORDING" not in script(cast.spoc).get(_review(review, path)).text


def test_a_council_adds_progress_naming_the_version_it_read(cast, script, published):
    caller = script(cast.spoc)
    (action,) = caller.get(_review(published, "actions/")).json()
    read = caller.get(_review(published, f"actions/{action['id']}/"))
    assert read["ETag"] == action["etag"]
    added = caller.post(
        _review(published, f"actions/{action['id']}/progress/"),
        {"text": "Training needs analysis refreshed."},
        **{"If-Match": read["ETag"]},
    )
    assert added.status_code == 201
    assert added.json()["progress"][-1]["text"] == "Training needs analysis refreshed."
    assert added["ETag"] != read["ETag"]
    update = ActionUpdate.objects.get()
    assert update.by == cast.spoc


def test_a_stale_or_unnamed_write_is_refused_with_the_current_version(cast, script, published):
    caller = script(cast.spoc)
    (action,) = caller.get(_review(published, "actions/")).json()
    path = _review(published, f"actions/{action['id']}/progress/")
    first = caller.post(path, {"text": "First."}, **{"If-Match": action["etag"]})
    stale = caller.post(path, {"text": "Second, from an old read."}, **{"If-Match": action["etag"]})
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["etag"] == first["ETag"] == stale["ETag"]
    unnamed = caller.post(path, {"text": "No version named."})
    assert unnamed.status_code == 412
    assert "If-Match" in unnamed.json()["detail"]
    assert ActionUpdate.objects.count() == 1


def test_another_councils_review_does_not_exist_for_a_council(cast, script, published):
    outsider = script(cast.other_spoc)
    for path in ("", "findings/", "actions/", "self-assessment/", "support-requests/"):
        answer = outsider.get(_review(published, path))
        assert answer.status_code == 404, path
        assert answer.json()["status"] == 404
    assert published.reference not in outsider.get("/api/v1/reviews/").text


def test_a_read_only_token_changes_nothing(cast, script, published):
    caller = script(cast.spoc, writes=False)
    (action,) = caller.get(_review(published, "actions/")).json()
    refused = caller.post(
        _review(published, f"actions/{action['id']}/progress/"), {"text": "x"}, **{"If-Match": action["etag"]}
    )
    assert refused.status_code == 403
    assert "may only read" in refused.json()["detail"]
    assert not ActionUpdate.objects.exists()


def test_a_closed_review_refuses_writes(cast, script, published):
    caller = script(cast.spoc)
    (action,) = caller.get(_review(published, "actions/")).json()
    review = Review.objects.get(pk=published.pk)
    stages.stage_advance(review=review, by=cast.review_manager)
    stages.review_close(review=Review.objects.get(pk=review.pk), by=cast.review_manager, reason="Done here.")
    refused = caller.post(
        _review(published, f"actions/{action['id']}/progress/"), {"text": "x"}, **{"If-Match": action["etag"]}
    )
    assert refused.status_code == 403
    assert "closed" in refused.json()["detail"]
