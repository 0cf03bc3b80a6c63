"""Running the service: every request traceable (a request id in JSON log lines and on error
pages), Prometheus metrics, a readiness check, and the task workers' heartbeats."""
