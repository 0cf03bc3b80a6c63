"""The REST API (/api/v1/): an adapter over the apps' access rules, reads and services, for the
systems councils and the programme already use. Nothing imports this package."""
