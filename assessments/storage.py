"""Private storage for evidence: files live outside any public URL, under random names."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    # Built on each call so that a changed setting (tests, a deployment) is always honoured.
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


def random_name(review_id: int) -> str:
    """A stored name that says nothing about the file: the original name is kept in the database."""
    return f"evidence/{review_id}/{uuid.uuid4().hex}"
