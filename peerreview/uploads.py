"""Uploads as they arrive: bad file names are refused rather than mended, and an upload stops at
the limits before its body is stored.

Django's multipart parser quietly cuts a file name down to its last path component and drops
control characters. That is safe, but the service promises to refuse such names with a clear
message, so the parser notes every name it had to change on ``request.upload_name_faults``.

``LimitedUploadHandler`` runs before Django's own handlers: a request may carry one file, of at
most ``EVIDENCE_MAX_UPLOAD_MB``. Past either limit it stops the upload (what was received is
discarded, never stored whole in memory or on disk) and notes why on ``request.upload_faults``
for the view to show in the GOV.UK error style. Bodies far over the limit never get here: they
are refused from their declared length first (``peerreview.request_limits``).
"""

import html

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser

ONE_FILE = "Upload one file at a time"
# The form's own fields (title, aspects, tokens) ride along with the file.
FORM_ALLOWANCE = 64 * 1024
DRAIN_CHUNK = 64 * 1024


def shown_name(name: str) -> str:
    """A file name as it may be shown back to someone: control characters become "?"."""
    return "".join(char if char.isprintable() else "?" for char in name)


def too_large() -> str:
    return f"The file must be smaller than {settings.EVIDENCE_MAX_UPLOAD_MB} MB"


class NameRecordingParser(MultiPartParser):
    def __init__(self, *args, faults: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._faults = faults

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name)
        if cleaned != html.unescape(file_name):
            self._faults.append(html.unescape(file_name))
        return cleaned


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request, *, faults: list):
        super().__init__(request)
        self.faults = faults
        self.limit = settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024
        self.files = 0
        self.received = 0
        self.declared_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Known before a byte of the body is read: refuse at the first file rather than receive it.
        self.declared_too_large = content_length > self.limit + FORM_ALLOWANCE

    def new_file(self, *args, **kwargs):
        self.files += 1
        if self.files > 1:
            self._stop(ONE_FILE)
        if self.declared_too_large:
            self._stop(too_large())

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop(too_large())
        return raw_data

    def file_complete(self, file_size):
        return None  # Django's own handlers keep the file

    def _stop(self, fault: str):
        self.faults.append(fault)
        # The rest of the body is read and dropped, so that the browser gets the error page: here,
        # in fixed chunks. Django's own draining reads it a line at a time, and a body with no
        # newline is one line, held whole in memory. Its length is capped before parsing starts
        # (peerreview.request_limits), so this reads at most that.
        while self.request is not None and self.request.read(DRAIN_CHUNK):
            pass
        raise StopUpload(connection_reset=False)


class UploadNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_name_faults = []
        request.upload_faults = []
        request.upload_handlers.insert(0, LimitedUploadHandler(request, faults=request.upload_faults))

        def parse_file_upload(meta, post_data):
            parser = NameRecordingParser(
                meta, post_data, request.upload_handlers, request.encoding, faults=request.upload_name_faults
            )
            return parser.parse()

        request.parse_file_upload = parse_file_upload
        return self.get_response(request)
