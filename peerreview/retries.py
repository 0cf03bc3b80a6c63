"""Trying a background task again later, waiting twice as long after each failed attempt."""

import datetime
from typing import Any

from django.utils import timezone
from django_tasks import task_backends


def enqueue_after(task: Any, *args: Any, attempts: int, first_wait_seconds: int) -> None:
    """Queues ``task(*args)`` again after ``first_wait_seconds`` x 2^(attempts - 1): 1, 2, 4...
    waits. A backend that runs tasks as they are queued (the tests') runs it again at once."""
    if task_backends[task.backend].supports_defer:
        delay = datetime.timedelta(seconds=first_wait_seconds * 2 ** (attempts - 1))
        task.using(run_after=timezone.now() + delay).enqueue(*args)
    else:
        task.enqueue(*args)
