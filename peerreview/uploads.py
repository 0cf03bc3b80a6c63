"""Keeps the file names a browser sent, so that bad names can be refused rather than mended.

Django's multipart parser quietly cuts a file name down to its last path component and drops
control characters. That is safe, but the service promises to refuse such names with a clear
message, so this parser notes every name it had to change on ``request.upload_name_faults``.
"""

import html

from django.http.multipartparser import MultiPartParser


class NameRecordingParser(MultiPartParser):
    def __init__(self, *args, faults: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._faults = faults

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name)
        if cleaned != html.unescape(file_name):
            self._faults.append(html.unescape(file_name))
        return cleaned


class UploadNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_name_faults = []

        def parse_file_upload(meta, post_data):
            parser = NameRecordingParser(
                meta, post_data, request.upload_handlers, request.encoding, faults=request.upload_name_faults
            )
            return parser.parse()

        request.parse_file_upload = parse_file_upload
        return self.get_response(request)
