from django.db import migrations

from assessments.frameworks import DEFAULT_FRAMEWORK, framework_file, framework_load, framework_read


def load(apps, schema_editor):
    framework_load(framework_read(framework_file(DEFAULT_FRAMEWORK)), apps=apps)


def unload(apps, schema_editor):
    apps.get_model("assessments", "Framework").objects.filter(key=DEFAULT_FRAMEWORK).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
