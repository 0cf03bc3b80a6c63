"""JSON lines that keep every value exactly, for backups: Django's own "jsonl" format, but times
keep their microseconds (Django's JSON encoder cuts them to milliseconds, so a restored row would
differ from the row backed up). Registered as the "jsonl-exact" format in settings."""

import datetime
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time) and not (
            isinstance(o, datetime.time) and o.utcoffset() is not None
        ):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # (not in django-stubs)
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer
