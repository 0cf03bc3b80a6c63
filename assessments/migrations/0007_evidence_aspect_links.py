import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The one link between evidence and aspects (filled from the two old ones by 0008)."""

    dependencies = [
        ("assessments", "0006_published_findings"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvidenceAspect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "aspect",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence_links",
                        to="assessments.aspect",
                    ),
                ),
                (
                    "evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aspect_links",
                        to="assessments.evidence",
                    ),
                ),
            ],
            options={"ordering": ["evidence_id", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="evidenceaspect",
            constraint=models.UniqueConstraint(
                fields=("evidence", "aspect"), name="evidence_aspect_linked_once"
            ),
        ),
    ]
