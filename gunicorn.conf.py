"""gunicorn's settings for the service, read from the working directory as gunicorn starts
(command-line options still win)."""


def post_worker_init(worker):
    """Each worker renders a tiny PDF once it has loaded the application, before it takes a
    request: a first download then costs what later ones do."""
    import time

    from reports.pdf import warm_up

    started = time.perf_counter()
    warm_up()
    worker.log.info("Worker %s warmed the PDF engine in %.2f s", worker.pid, time.perf_counter() - started)
