"""Scanning files for viruses with ClamAV's daemon (clamd, from Debian's ``clamav-daemon``), through
clamav-client's INSTREAM: the file is streamed to the daemon, never written to its disk.

``CLAMAV_ADDRESS`` names the daemon: a Unix socket's path (``/run/clamav/clamd.ctl``) or a
``host:port`` on the network. Unset, files are not scanned: ``make run`` says so on the evidence
pages, and ``check --deploy`` warns.
"""

from dataclasses import dataclass
from typing import Any, BinaryIO

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings

TIMEOUT_SECONDS = 120


class ScannerUnavailable(Exception):
    """The daemon did not answer, or answered with an error: the file is not yet scanned."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    found: str = ""  # the signature's name, when not clean


def scanner_configured() -> bool:
    return bool(settings.CLAMAV_ADDRESS)


def _daemon() -> ClamdUnixSocket | ClamdNetworkSocket:
    address = str(settings.CLAMAV_ADDRESS)
    if address.startswith("/"):
        return ClamdUnixSocket(path=address, timeout=TIMEOUT_SECONDS)
    host, _, port = address.rpartition(":")
    return ClamdNetworkSocket(host=host or "127.0.0.1", port=int(port), timeout=TIMEOUT_SECONDS)


def scan(stream: BinaryIO | Any) -> Verdict:
    """The daemon's verdict on everything ``stream`` holds. Raises ``ScannerUnavailable``."""
    try:
        answer = _daemon().instream(stream)
    except (ClamdError, OSError) as error:
        raise ScannerUnavailable(str(error)) from error
    status, found = answer.get("stream", ("ERROR", "no answer"))
    if status == "OK":
        return Verdict(clean=True)
    if status == "FOUND":
        return Verdict(clean=False, found=str(found))
    raise ScannerUnavailable(f"clamd answered {status}: {found}")


def scanner_answers() -> bool:
    """Whether the daemon answers a ping (for a readiness check)."""
    try:
        return _daemon().ping() == "PONG"
    except (ClamdError, OSError):
        return False
