"""Data migrations, run on the real database from the state before them to the state after."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0007_evidence_aspect_links")]
MERGED = [("assessments", "0008_merge_evidence_links")]

# The rows migrations load (the framework) are put back after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    """Moves the assessments app to ``targets``; the models returned are as they stand there,
    beside every other app at its latest."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "assessments"]
    return executor.loader.project_state([*targets, *others]).apps


@pytest.fixture
def old_links():
    """A database back at 0007, returned to the latest migrations afterwards."""
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _review(apps):
    framework = apps.get_model("assessments", "Framework").objects.get(key="prevent-scotland-2019")
    host = apps.get_model("accounts", "Organisation")(name="Ardlarich Council", key="ardlarich")
    host.save()
    review = apps.get_model("assessments", "Review").objects.create(
        reference="ardlarich-2025", host=host, framework=framework
    )
    return framework, review


def test_links_from_both_old_sides_are_merged_in_order(old_links):
    apps = old_links
    framework, review = _review(apps)
    evidence = apps.get_model("assessments", "Evidence")
    # Tagged on the evidence page, 99 naming no aspect of the framework.
    plan = evidence.objects.create(review=review, key="E1", title="Plan", aspects=[6, 2, 99])
    minutes = evidence.objects.create(review=review, key="E2", title="Minutes", aspects=[])
    self_assessment = apps.get_model("assessments", "SelfAssessment").objects.create(review=review)
    response = apps.get_model("assessments", "AspectResponse")
    link = apps.get_model("assessments", "ResponseEvidence")
    for number, documents in ((9, [plan, minutes]), (2, [plan])):  # chosen on aspect pages
        answer = response.objects.create(
            self_assessment=self_assessment, aspect=framework.aspects.get(number=number), version=1
        )
        for document in documents:
            link.objects.create(response=answer, evidence=document)

    apps = _migrate(MERGED)
    links = apps.get_model("assessments", "EvidenceAspect").objects.order_by("evidence__key", "pk")
    assert [(link.evidence.key, link.aspect.number) for link in links] == [
        ("E1", 6),
        ("E1", 2),
        ("E1", 9),
        ("E2", 9),
    ]


def test_the_merge_can_be_undone_into_the_old_pair(old_links):
    apps = _migrate(MERGED)
    framework, review = _review(apps)
    plan = apps.get_model("assessments", "Evidence").objects.create(review=review, key="E1", title="Plan")
    self_assessment = apps.get_model("assessments", "SelfAssessment").objects.create(review=review)
    apps.get_model("assessments", "AspectResponse").objects.create(
        self_assessment=self_assessment, aspect=framework.aspects.get(number=5), version=1
    )
    for number in (5, 1):
        apps.get_model("assessments", "EvidenceAspect").objects.create(
            evidence=plan, aspect=framework.aspects.get(number=number)
        )

    apps = _migrate(BEFORE)
    assert apps.get_model("assessments", "Evidence").objects.get().aspects == [5, 1]
    (only,) = apps.get_model("assessments", "ResponseEvidence").objects.all()
    assert only.response.aspect.number == 5  # aspect 1 has no answer to carry the link
    assert not apps.get_model("assessments", "EvidenceAspect").objects.exists()


@pytest.fixture
def before_the_move():
    """A database back at 0021, before the modules that define tasks moved into packages."""
    _migrate([("assessments", "0021_council_not_host_in_help_texts")])
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_tasks_queued_before_their_modules_moved_run_from_the_new_ones(before_the_move):
    from django.utils import timezone
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    from assessments.files.scanning import evidence_file_scan

    queued = DBTaskResult.objects.create(
        task_path="assessments.scanning.evidence_file_scan",
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=timezone.now(),
        enqueued_at=timezone.now(),
    )
    _migrate([("assessments", "0022_queued_tasks_follow_their_modules")])
    queued.refresh_from_db()
    assert queued.task_path == "assessments.files.scanning.evidence_file_scan"
    assert import_string(queued.task_path) is evidence_file_scan  # as the worker finds it
