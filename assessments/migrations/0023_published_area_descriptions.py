"""The delivery areas' descriptions as the published reports word them (issue 30): the framework
file had shortened them ("proper governance structures; communicating" for "ensuring proper
governance structures; and communicating"). A description a manager has changed since is left
as they wrote it."""

from django.db import migrations

FRAMEWORK = "prevent-scotland-2019"
PUBLISHED = {
    "understanding the risk of radicalisation; proper governance structures; communicating the importance of the duty": "understanding the risk of radicalisation; ensuring proper governance structures; and communicating the importance of the duty",
    "effective training; a referral process; relevant policies and processes": "effective training; a referral process; and relevant policies and processes",
    "work with the local CONTEST group; other collaborative initiatives; links with national networks": "how the authority works with the local CONTEST group; other collaborative initiatives; and how the council links with national networks",
    "relevant agreements in place; understanding of threat and risk maintained and kept up to date": "having relevant agreements in place; and whether the understanding of threat and risk is maintained and kept up to date",
}


def _reword(apps, pairs):
    areas = apps.get_model("assessments", "DeliveryArea").objects.filter(framework__key=FRAMEWORK)
    for old, new in pairs:
        areas.filter(description=old).update(description=new)


def forwards(apps, schema_editor):
    _reword(apps, PUBLISHED.items())


def backwards(apps, schema_editor):
    _reword(apps, [(new, old) for old, new in PUBLISHED.items()])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0022_queued_tasks_follow_their_modules")]

    operations = [migrations.RunPython(forwards, backwards)]
