from django.db import migrations, models


class Migration(migrations.Migration):
    """The follow-up action's text is its description: `action.action` read as a riddle."""

    dependencies = [
        ("assessments", "0009_remove_old_evidence_links"),
    ]

    operations = [
        migrations.RenameField(model_name="action", old_name="action", new_name="description"),
        migrations.AlterField(
            model_name="action", name="description", field=models.TextField(help_text="What will be done.")
        ),
    ]
