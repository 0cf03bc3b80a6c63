"""Small, real files of each accepted type, made in memory for upload tests."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_MIME = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _entry(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp, so that the same file has the same bytes (and SHA-256) every time.
    return zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))


def content(extension: str) -> bytes:
    if extension in _OOXML_PART:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(_entry("[Content_Types].xml"), "<Types/>")
            archive.writestr(_entry(_OOXML_PART[extension]), "<document/>")
        return buffer.getvalue()
    if extension in _ODF_MIME:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(_entry("mimetype"), _ODF_MIME[extension])
            archive.writestr(_entry("content.xml"), "<document/>")
        return buffer.getvalue()
    return {
        "pdf": PDF,
        "png": PNG,
        "jpg": JPEG,
        "jpeg": JPEG,
        "txt": b"Prevent group minutes, 3 March.\nActions agreed.\n",
        "csv": b"aspect,rating\n1,established\n",
    }[extension]


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    extension = name.rsplit(".", 1)[-1].lower()
    return SimpleUploadedFile(name, content(extension) if data is None else data)


def packed_bomb(extension: str = "docx", *, unpacked_mb: int = 50, parts: int = 1) -> bytes:
    """A real office document that unpacks to ``unpacked_mb`` MB from a few tens of KB (a "zip
    bomb"), or that lists ``parts`` parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("[Content_Types].xml"), "<Types/>")
        archive.writestr(_entry(_OOXML_PART[extension]), "<document/>")
        padding = _entry("word/media/padding.xml")
        padding.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(padding, b"0" * (unpacked_mb * 1024 * 1024))
        for number in range(parts):
            archive.writestr(_entry(f"word/part{number}.xml"), "<p/>")
    return buffer.getvalue()


def lying_bomb(extension: str = "docx", *, unpacked_mb: int = 100, declared: int = 5 * 1024) -> bytes:
    """A real office document with one part that inflates to ``unpacked_mb`` MB while the
    archive's headers (local and central) declare ``declared`` bytes: the probe's zip bomb."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("[Content_Types].xml"), "<Types/>")
        archive.writestr(_entry(_OOXML_PART[extension]), "<document/>")
        padding = _entry(f"{_OOXML_PART[extension].split('/')[0]}/media/padding.xml")
        padding.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(padding, "w") as part:  # written a megabyte at a time
            for _ in range(unpacked_mb):
                part.write(b"0" * (1024 * 1024))
    data = bytearray(buffer.getvalue())
    name = padding.filename.encode()
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: unpacked size
    entry = data.index(b"PK\x01\x02", info.header_offset + 30)
    while data[entry + 46 : entry + 46 + struct.unpack_from("<H", data, entry + 28)[0]] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, declared)  # central directory: unpacked size
    return bytes(data)


def swollen(archive_bytes: bytes, *, padding_mb: int = 19) -> bytes:
    """The archive with a part of ``padding_mb`` MB of sheet-like XML added, which packs to about
    a fourteenth of that: the probe's workbook of 1.4 MB that unpacked to 19 MB."""
    source, target = zipfile.ZipFile(io.BytesIO(archive_bytes)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            archive.writestr(part, source.read(part))
        cells = "".join(f"<row r='{n}'><c r='A{n}' t='s'><v>{n % 97}</v></c></row>" for n in range(200_000))
        notes = "".join(
            f"<si><t>Note {n}: the Prevent group met and agreed actions.</t></si>" for n in range(200_000)
        )
        half = padding_mb * 1024 * 1024 // 2
        archive.writestr("xl/padding.xml", cells[: padding_mb * 1024 * 1024 - half] + notes[:half])
    return target.getvalue()
