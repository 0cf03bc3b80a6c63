"""Tasks queued before the modules that define them moved into packages (issue 29) find them
there: a queued row names its task by its dotted path, and a path that no longer imports would
fail the task rather than run it. Nothing queued is lost."""

from django.db import migrations

MOVED = {
    "assessments.scanning.evidence_file_scan": "assessments.files.scanning.evidence_file_scan",
    "assessments.reminders.reminders_send": "assessments.jobs.reminders.reminders_send",
    "reports.tasks.version_render": "reports.publishing.tasks.version_render",
}


def _rename(apps, schema_editor, moves: dict[str, str]) -> None:
    queued = apps.get_model("django_tasks_database", "DBTaskResult").objects.using(
        schema_editor.connection.alias
    )
    for old, new in moves.items():
        queued.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0021_council_not_host_in_help_texts"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
