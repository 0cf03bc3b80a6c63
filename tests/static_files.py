"""Static files collected as production collects them (hashed, compressed, served by WhiteNoise),
for the tests and the benchmarks, which both run with production's static-file storage."""

import fcntl
import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command


def collect_static() -> Path:
    """Collects into STATIC_ROOT, again only when the files to collect changed (their names, sizes
    and times, as the finders list them): a run on an unchanged tree reuses the last run's
    (collecting takes seconds). Under pytest-xdist every worker calls this; the first collects,
    under a lock, and the others find its mark (two collecting into one folder at once lose
    files). Returns the folder."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    mark = root / ".collected-from"
    with (root.parent / f"{root.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = _static_sources()
        if not mark.exists() or mark.read_text() != sources:
            call_command("collectstatic", "--no-input", "--clear", verbosity=0)
            mark.write_text(sources)
    return root


def _static_sources() -> str:
    """What collectstatic would collect, file by file (name, size, modification time), with the
    storage that post-processes them and what it leaves uncompressed: a change to any of them
    changes this."""
    # What collectstatic itself reads: the app's ignore patterns, and how WhiteNoise compresses.
    how = (settings.STORAGES["staticfiles"], getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None))
    digest = hashlib.sha256(repr(how).encode())
    for finder in get_finders():
        for path, storage in finder.list(apps.get_app_config("staticfiles").ignore_patterns):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
