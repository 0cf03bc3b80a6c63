"""Run by the report benchmark in a new process: the first render of the demo report there
(after what gunicorn workers do before serving, ``ready_to_serve``, with --warm) and the median
of five later ones, printed as JSON ``[first, later]`` in seconds. Renders the HTML of the
database's review given, or the demo's."""

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.test_settings")


def main() -> None:
    import django

    django.setup()
    from assessments.models import Review
    from reports.documents.pdf import ready_to_serve, render_pdf
    from reports.documents.rendering import report_html

    html = report_html(Review.objects.order_by("pk").first())  # the database is ready before
    if "--warm" in sys.argv:
        ready_to_serve()
    timings = []
    for _ in range(6):
        started = time.perf_counter()
        render_pdf(html)
        timings.append(time.perf_counter() - started)
    print(json.dumps([timings[0], statistics.median(timings[1:])]))


if __name__ == "__main__":
    main()
