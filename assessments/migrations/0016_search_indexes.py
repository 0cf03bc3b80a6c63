"""Full-text indexes for the good-practice library and search, on PostgreSQL only: the vectors
``assessments.reads.library`` matches against, built as Django builds them so that queries use them.
SQLite, the embedded default, has no such index and matches words more simply."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("PublishedFinding", ["text"], "published_finding_search"),
    ("Finding", ["text"], "finding_search"),
    ("Action", ["description", "owner"], "action_search"),
    ("SupportRequest", ["description"], "support_request_search"),
]


def _indexes(apps):
    for model_name, fields, name in INDEXES:
        yield (
            apps.get_model("assessments", model_name),
            GinIndex(SearchVector(*fields, config="english"), name=name),
        )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_good_practice_sharing")]

    operations = [migrations.RunPython(add, remove)]
