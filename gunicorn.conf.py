"""gunicorn's settings for the service, read from the working directory as gunicorn starts
(command-line options still win)."""

# The request line and headers: gunicorn refuses more than these before the service sees the
# request (400 or 431). Bodies are the service's own to cap, route by route, from their declared
# length (peerreview.request_limits): gunicorn has no setting for them.
limit_request_line = 4094  # bytes: the longest URL the service makes is well under 500
limit_request_fields = 50  # headers; browsers send about 15
limit_request_field_size = 8190  # bytes in one header: a session and CSRF cookie fit easily


def post_worker_init(worker):
    """Each worker warms the PDF engine once it has loaded the application, before it takes a
    request (a first download then costs what later ones do), then sets what it has loaded aside
    from the garbage collector's full collections: ``reports.documents.pdf.ready_to_serve``."""
    from reports.documents.pdf import ready_to_serve

    warmed, frozen = ready_to_serve()
    worker.log.info("Worker %s warmed the PDF engine in %.2f s", worker.pid, warmed)
    worker.log.info("Worker %s set %d loaded objects aside from garbage collection", worker.pid, frozen)
