from django.conf import settings
from django.db import models


class Versioned(models.Model):
    """Something two people may edit at once.

    ``version`` goes up by one on every save through ``assessments.services.versioning``; a save
    that names an older version is refused, so nobody overwrites another's work unseen.
    """

    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
