"""Who is acting, for the audit log: set by middleware for each request."""

from contextlib import contextmanager
from contextvars import ContextVar

current_user: ContextVar = ContextVar("audit_user", default=None)
current_address: ContextVar = ContextVar("audit_address", default=None)
# True while a request is served by the admin site, where any record may be changed or deleted.
in_admin: ContextVar = ContextVar("audit_in_admin", default=False)
# True while a bulk operation (an import) records itself as one event instead of row by row.
summarised: ContextVar = ContextVar("audit_summarised", default=False)


@contextmanager
def as_one_event():
    token = summarised.set(True)
    try:
        yield
    finally:
        summarised.reset(token)
