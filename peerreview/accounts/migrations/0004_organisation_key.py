import unicodedata

from django.db import migrations, models


def _key(name: str) -> str:
    # organisation_key() as it stands when this migration was written.
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def fill_keys(apps, schema_editor):
    """Existing organisations get their key; two whose names normalise alike (which the old,
    case-only check allowed) stay distinct records, the later one keyed with its id."""
    Organisation = apps.get_model("accounts", "Organisation")
    seen = set()
    for organisation in Organisation.objects.order_by("pk"):
        key = _key(organisation.name)
        organisation.key = key if key not in seen else f"{key} #{organisation.pk}"
        seen.add(organisation.key)
        organisation.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_form_submission")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="key",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="key",
            field=models.CharField(editable=False, max_length=200, unique=True),
        ),
    ]
