"""Private storage for evidence: files live outside any public URL, under random names, in the
storage ``STORAGES["evidence"]`` names (the local disk, or object storage shared by every host)."""

import uuid

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The evidence storage, through Django's storage API only: code here never builds a backend
    nor assumes a disk."""
    return storages["evidence"]


def random_name(review_id: int) -> str:
    """A stored name that says nothing about the file: the original name is kept in the database."""
    return f"evidence/{review_id}/{uuid.uuid4().hex}"
