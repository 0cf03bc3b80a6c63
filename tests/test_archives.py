"""peerreview.archives: an archive is measured by unpacking it, never by the sizes it declares."""

import io
import zipfile

import pytest

from peerreview.archives import ArchiveRefused, measure
from tests.files import content, lying_bomb, packed_bomb

MB = 1024 * 1024


def test_a_truthful_document_is_measured_by_what_it_unpacks_to():
    data = packed_bomb(unpacked_mb=3)
    declared = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
    unpacked = measure(io.BytesIO(data), limit=10 * MB, max_parts=10)
    assert unpacked.size == declared
    assert unpacked.parts == 4


def test_a_part_that_declares_5_kb_but_inflates_to_100_mb_is_caught_at_the_limit():
    data = lying_bomb(unpacked_mb=100)
    assert sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist()) < 6 * 1024
    with pytest.raises(ArchiveRefused) as refused:
        measure(io.BytesIO(data), limit=10 * MB, max_parts=10)
    assert not refused.value.damaged
    # Counting stops a chunk past the limit: the other 90 MB are never unpacked.
    assert 10 * MB < refused.value.unpacked <= 10 * MB + 64 * 1024


def test_too_many_parts_are_refused_before_any_is_unpacked():
    with pytest.raises(ArchiveRefused) as refused:
        measure(io.BytesIO(packed_bomb(unpacked_mb=0, parts=30)), limit=10 * MB, max_parts=20)
    assert (refused.value.parts, refused.value.unpacked) == (33, 0)


@pytest.mark.parametrize(
    "data",
    [b"not an archive", content("docx")[:-30], b"PK\x03\x04 broken"],
    ids=["not a zip", "cut short", "broken header"],
)
def test_what_is_not_a_readable_archive_is_damaged(data):
    with pytest.raises(ArchiveRefused) as refused:
        measure(io.BytesIO(data), limit=MB, max_parts=10)
    assert refused.value.damaged


def test_a_part_whose_content_does_not_match_its_checksum_is_damaged():
    data = bytearray(packed_bomb(unpacked_mb=1))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/media/padding.xml")
    data[info.header_offset + 30 + len(info.filename) + 200] ^= 0xFF  # a byte of its deflated data
    with pytest.raises(ArchiveRefused) as refused:
        measure(io.BytesIO(bytes(data)), limit=10 * MB, max_parts=10)
    assert refused.value.damaged


def test_the_file_is_left_at_its_start():
    file = io.BytesIO(content("xlsx"))
    file.seek(5)
    measure(file, limit=MB, max_parts=10)
    assert file.tell() == 0
