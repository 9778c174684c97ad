"""What a file really is, read from its first bytes and, for Office files, from the parts
inside the zip container; the name and the type the browser claims are not trusted."""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
)
ACCEPTED = (PDF, PNG, JPEG, DOCX, XLSX)

_OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def sniff(handle: BinaryIO) -> FileType | None:
    """The accepted type of the file open in ``handle`` (read from the start, left at the
    start), or None when it is none of them."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            handle.seek(0)
        if "[Content_Types].xml" in names:
            for kind, part in _OFFICE_PARTS.items():
                if part in names:
                    return kind
    return None
