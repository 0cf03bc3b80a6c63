from django.db import migrations


class Migration(migrations.Migration):
    """The two old links, merged into ``EvidenceAspect`` by 0008, go."""

    dependencies = [
        ("assessments", "0008_merge_evidence_links"),
    ]

    operations = [
        migrations.RemoveField(model_name="aspectresponse", name="evidence"),
        migrations.RemoveField(model_name="evidence", name="aspects"),
        migrations.DeleteModel(name="ResponseEvidence"),
    ]
