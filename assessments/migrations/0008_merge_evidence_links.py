"""Merges the two old ways evidence named aspects into ``EvidenceAspect``.

Until now a document's tags (``Evidence.aspects``, chosen on the evidence page) and an answer's
documents (``ResponseEvidence``, chosen on the aspect page) were kept apart, so each page showed
its own half. Every link from either side is kept: first the document's tags in their order,
then any aspect whose answer named the document and the tags did not. Nothing is dropped, so
nobody's choice is lost; a number that names no aspect of the review's framework could not
have been shown anywhere and is left out.
"""

from django.db import migrations


def merge_links(apps, schema_editor):
    Evidence = apps.get_model("assessments", "Evidence")
    Aspect = apps.get_model("assessments", "Aspect")
    ResponseEvidence = apps.get_model("assessments", "ResponseEvidence")
    EvidenceAspect = apps.get_model("assessments", "EvidenceAspect")
    aspects = {(a.framework_id, a.number): a.pk for a in Aspect.objects.all()}
    from_answers: dict[int, list[int]] = {}
    for link in ResponseEvidence.objects.select_related("response").order_by("pk"):
        from_answers.setdefault(link.evidence_id, []).append(link.response.aspect_id)
    rows = []
    for evidence in Evidence.objects.select_related("review").order_by("pk"):
        framework = evidence.review.framework_id
        linked: list[int] = []
        for number in evidence.aspects or []:
            aspect = aspects.get((framework, number)) if isinstance(number, int) else None
            if aspect is not None and aspect not in linked:
                linked.append(aspect)
        linked += [a for a in dict.fromkeys(from_answers.get(evidence.pk, [])) if a not in linked]
        rows += [EvidenceAspect(evidence_id=evidence.pk, aspect_id=aspect) for aspect in linked]
    EvidenceAspect.objects.bulk_create(rows, batch_size=500)


def split_links(apps, schema_editor):
    """Back to the old pair: the tags on the document, and each link again on the answer where
    there is one. The merged rows go, so that merging again starts from the pair."""
    Evidence = apps.get_model("assessments", "Evidence")
    AspectResponse = apps.get_model("assessments", "AspectResponse")
    ResponseEvidence = apps.get_model("assessments", "ResponseEvidence")
    EvidenceAspect = apps.get_model("assessments", "EvidenceAspect")
    links = EvidenceAspect.objects.select_related("aspect", "evidence").order_by("evidence_id", "pk")
    tags: dict[int, list[int]] = {}
    answers = {
        (r.self_assessment.review_id, r.aspect_id): r.pk
        for r in AspectResponse.objects.select_related("self_assessment")
    }
    rows = []
    for link in links:
        tags.setdefault(link.evidence_id, []).append(link.aspect.number)
        response = answers.get((link.evidence.review_id, link.aspect_id))
        if response is not None:
            rows.append(ResponseEvidence(response_id=response, evidence_id=link.evidence_id))
    for evidence in Evidence.objects.filter(pk__in=tags):
        evidence.aspects = tags[evidence.pk]
        evidence.save(update_fields=["aspects"])
    ResponseEvidence.objects.bulk_create(rows, batch_size=500)
    EvidenceAspect.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_evidence_aspect_links"),
    ]

    operations = [
        migrations.RunPython(merge_links, split_links),
    ]
