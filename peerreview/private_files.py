"""Where private files (evidence) are kept when no object storage is configured: the local disk,
under ``PRIVATE_STORAGE_ROOT``, outside any URL.

The folder is read from the setting each time it is needed rather than once, so that a changed
setting (a test's own folder) is honoured by the storage Django keeps for ``STORAGES["evidence"]``.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def __init__(self, **options):
        super().__init__(base_url=None, **options)

    @property
    def base_location(self) -> str:
        given = self.__dict__.get("_location")  # the location option, if one was given
        return str(self._value_or_setting(given, settings.PRIVATE_STORAGE_ROOT))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: they are downloaded through access-checked views")
