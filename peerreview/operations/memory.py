"""What a long-running process does with the garbage collector once it has loaded what it keeps.

A gunicorn worker or the task worker holds some 200,000 objects from the moment it has started:
Django, the apps' modules, WeasyPrint's stylesheets and fonts. Python's full collection walks
every one of them, and a report's render, whose boxes outlive the younger collections, sets one
off about every second render: 100 to 120 ms of a 300 ms render on the benchmark's machine, and
about 180 ms when one falls in a page's request. None of those objects is ever garbage.
"""

import gc

from django.urls import get_resolver


def freeze_what_is_loaded() -> int:
    """Loads every view's module (Django imports the URLconf on the first request otherwise),
    collects what starting up left behind, then moves every object still alive out of the
    collector's reach for the life of the process (``gc.freeze``): a full collection then walks
    only what requests have made since. Call once the process has loaded all else it will keep
    (after the PDF engine's warm-up). Returns how many objects were set aside."""
    get_resolver().url_patterns  # noqa: B018 (read for its import of every view)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
