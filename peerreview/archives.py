"""What a ZIP archive (an office document: DOCX, XLSX, PPTX, ODT, ODS) really unpacks to.

An archive's headers declare each part's unpacked size, and a "zip bomb" lies there: a part
declared as 5 KB may inflate to a gigabyte in whatever opens it later (a reviewer's word
processor, a preview, openpyxl). So the sizes here are counted by unpacking every part, a chunk
at a time with a running total, and the count stops as soon as it passes the limit: the work
and memory are bounded by the limit, never by what the file claims.
"""

import copy
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

CHUNK = 64 * 1024
UNBOUNDED = 1 << 62


class ArchiveRefused(Exception):
    """The archive cannot be accepted; ``damaged`` says whether it cannot even be read."""

    def __init__(self, *, damaged: bool = False, parts: int = 0, unpacked: int = 0):
        super().__init__("damaged" if damaged else f"{unpacked} bytes or more in {parts} parts")
        self.damaged = damaged
        self.parts = parts
        self.unpacked = unpacked


@dataclass(frozen=True)
class Unpacked:
    parts: int
    size: int  # bytes, as counted by unpacking


def measure(file: IO[bytes], *, limit: int, max_parts: int) -> Unpacked:
    """Unpacks every part of the archive in ``file`` without keeping it, and returns how many
    parts there are and how many bytes they come to. Raises ``ArchiveRefused``: with ``damaged``
    if it is not a readable archive; otherwise once the parts pass ``max_parts`` or the bytes
    pass ``limit`` (counting stops there). ``file`` is left at its start."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
            if len(parts) > max_parts:
                raise ArchiveRefused(parts=len(parts))
            total = 0
            for part in parts:
                total = _count(archive, part, total, limit, len(parts))
        return Unpacked(parts=len(parts), size=total)
    except ArchiveRefused:
        raise
    # What zipfile raises for a damaged, encrypted or unsupported archive, or a part whose
    # content does not match its checksum.
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise ArchiveRefused(damaged=True) from None
    finally:
        file.seek(0)


def _count(archive: zipfile.ZipFile, part: zipfile.ZipInfo, total: int, limit: int, parts: int) -> int:
    # zipfile stops a part at its declared size (and then fails its checksum); with no size to
    # stop at, a part that lies about its size inflates until the count passes the limit. A
    # truthful part still ends where its compressed data ends, its checksum checked.
    probe = copy.copy(part)
    probe.file_size = UNBOUNDED
    with archive.open(probe) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise ArchiveRefused(parts=parts, unpacked=total)
    return total
