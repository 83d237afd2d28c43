"""Document uploads (tài liệu kiểm chứng): what is stored is either a file whose content we recognised as
the kind its name says, or a fresh image Pillow wrote from the pixels. Accepted: PDF, images (re-encoded by
core.images), Office Open XML (.docx, .xlsx, .pptx: a real zip, no macros, bounded when unpacked) and the
legacy Word/Excel files (.doc, .xls: an OLE container without a VBA project). Anything else — a renamed
.exe, an HTML page, an SVG (which can carry scripts), a macro-enabled .docm — is refused in Vietnamese."""

import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .images import reencode_image

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# The part each OOXML kind must have: a .docx that holds a workbook is not a .docx.
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
OLE_EXTENSIONS = {".doc", ".xls"}
OOXML_MAX_ENTRIES = 2000
OOXML_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a 10 MB upload unpacking to more than this is a zip bomb
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# A VBA project's stream name as an OLE directory stores it (UTF-16LE): legacy files with macros.
OLE_VBA_MARK = "_VBA_PROJECT".encode("utf-16-le")

ACCEPTED_TEXT = _("Chỉ nhận tệp PDF; ảnh JPEG, PNG, WebP, GIF; tài liệu Word, Excel, PowerPoint (.docx, .xlsx, "
                  ".pptx) hoặc Word, Excel bản cũ (.doc, .xls).")


def _mismatch(name, kind):
    return ValidationError(
        _("Nội dung tệp “%(name)s” không phải là %(kind)s: phần mở rộng của tệp phải đúng với nội dung. %(accepted)s"),
        code="document_mismatch", params={"name": name, "kind": kind, "accepted": ACCEPTED_TEXT},
    )


def _check_ooxml(uploaded, name, extension):
    uploaded.seek(0)
    if uploaded.read(4) != ZIP_MAGIC:
        raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension})
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            if len(entries) > OOXML_MAX_ENTRIES or sum(e.file_size for e in entries) > OOXML_MAX_UNPACKED_BYTES:
                raise ValidationError(
                    _("Tệp “%(name)s” khi giải nén quá lớn (có thể là tệp độc hại); không nhận."),
                    code="document_zip_bomb", params={"name": name},
                )
            names = {e.filename for e in entries}
            if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
                raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension})
            content_types = archive.getinfo("[Content_Types].xml")
            if content_types.file_size > CONTENT_TYPES_MAX_BYTES:
                raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension})
            declared = archive.read(content_types).lower()
            if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroenabled" in declared:
                raise ValidationError(
                    _("Tệp “%(name)s” có chứa macro; không nhận tài liệu có macro. Hãy lưu lại thành tệp "
                      ".docx, .xlsx hoặc .pptx thông thường."),
                    code="document_macro", params={"name": name},
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension}) from exc


def _check_ole(uploaded, name, extension):
    uploaded.seek(0)
    if uploaded.read(8) != OLE_MAGIC:
        raise _mismatch(name, _("tài liệu Word, Excel bản cũ (%(ext)s)") % {"ext": extension})
    uploaded.seek(0)
    # The whole file is at most UPLOAD_MAX_BYTES; read it in overlapping chunks for the VBA mark.
    tail = b""
    for chunk in uploaded.chunks():
        if OLE_VBA_MARK in tail + chunk:
            raise ValidationError(
                _("Tệp “%(name)s” có chứa macro; không nhận tài liệu có macro."),
                code="document_macro", params={"name": name},
            )
        tail = chunk[-len(OLE_VBA_MARK):]


def clean_document(uploaded):
    """The file to store for an uploaded evidence document, or ValidationError (Vietnamese, with a code).
    Images come back re-encoded under a new name (JPEG, or PNG when transparent); other accepted files
    come back as they were, rewound."""
    name = PurePosixPath((uploaded.name or "").replace("\\", "/")).name
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB). Dung lượng tối đa là %(max)s MB."),
            code="document_too_large",
            params={"name": name, "size": f"{uploaded.size / 1048576:.1f}",
                    "max": settings.UPLOAD_MAX_BYTES // 1048576},
        )
    extension = PurePosixPath(name).suffix.lower()
    if extension == ".pdf":
        uploaded.seek(0)
        if uploaded.read(5) != PDF_MAGIC:
            raise _mismatch(name, "PDF")
    elif extension in IMAGE_EXTENSIONS:
        clean_file, _extension = reencode_image(uploaded)
        return clean_file
    elif extension in OOXML_MAIN_PART:
        _check_ooxml(uploaded, name, extension)
    elif extension in OLE_EXTENSIONS:
        _check_ole(uploaded, name, extension)
    else:
        raise ValidationError(
            _("Không nhận loại tệp “%(name)s”. %(accepted)s"), code="document_type",
            params={"name": name, "accepted": ACCEPTED_TEXT},
        )
    uploaded.seek(0)
    return uploaded
