"""Document uploads (tài liệu kiểm chứng): what is stored is either a file whose content we recognised as
the kind its name says, or a fresh image Pillow wrote from the pixels. Accepted: PDF, images (re-encoded by
core.images), Office Open XML (.docx, .xlsx, .pptx: a real zip, no macros, bounded when unpacked) and the
legacy Word/Excel files (.doc, .xls: an OLE container with a Word or Excel stream, no macros). Anything
else — a renamed .exe, an HTML page, an SVG (which can carry scripts), a macro-enabled .docm — is refused
in Vietnamese.

Macros are found as the formats define them, by parsers (oletools, olefile), never by searching bytes:
OLE names are case-insensitive ([MS-CFB] 2.6.4), so Office runs a VBA project spelt "_vba_project"; an
Excel 4.0 macro sheet ([MS-XLS] BOUNDSHEET, sheet type 1) needs no VBA at all; a VBA project in an OOXML
zip may be stored under any part name. A file the parsers cannot read is refused (fail closed): what
cannot be checked is not stored."""

import logging
import zipfile
from pathlib import PurePosixPath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oletools import crypto
from oletools.olevba import VBA_Parser
from oletools.thirdparty.oledump.plugin_biff import cBIFF

from .images import reencode_image

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
# The part each OOXML kind must have: a .docx that holds a workbook is not a .docx.
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
# The stream each legacy kind is made of ([MS-DOC] 2.1, [MS-XLS] 2.1.2; "Book" is Excel 5's), any case.
OLE_MAIN_STREAMS = {".doc": ("WordDocument",), ".xls": ("Workbook", "Book")}
OLE_EXTENSIONS = set(OLE_MAIN_STREAMS)
OOXML_MAX_ENTRIES = 2000
OOXML_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a 10 MB upload unpacking to more than this is a zip bomb
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# Storage and stream names that only a VBA project has ([MS-OVBA] 2.2.1: "VBA", "_VBA_PROJECT"; Excel keeps
# its project in "_VBA_PROJECT_CUR"), compared case-folded as Office compares them. The parser (olevba) finds
# complete projects and compressed VBA code in any stream; these names also refuse a partial one.
OLE_VBA_NAMES = {"vba", "_vba_project", "_vba_project_cur"}
# The sheet types plugin_biff (oletools) reports from BOUNDSHEET and BOF records that hold macros: Excel 4.0
# macro sheets (BOUNDSHEET type 1, BOF 0x40) and Excel 5 VBA module sheets (type 6).
BIFF_MACRO_SHEETS = ("excel 4.0 macro sheet", "visual basic module")
# What an OOXML package's content types or relationships name when it holds macros: macro-enabled main
# parts (.docm, .xlsm, .pptm, .dotm...), a VBA project, Excel 4.0 macro sheets (also "intlmacrosheet").
OOXML_MACRO_MARKS = (b"macroenabled", b"vbaproject", b"macrosheet")

ACCEPTED_TEXT = _("Chỉ nhận tệp PDF; ảnh JPEG, PNG, WebP, GIF; tài liệu Word, Excel, PowerPoint (.docx, .xlsx, "
                  ".pptx) hoặc Word, Excel bản cũ (.doc, .xls).")
PDF_ONLY_TEXT = _("Chỉ nhận tệp PDF.")


def _mismatch(name, kind, accepted=ACCEPTED_TEXT):
    return ValidationError(
        _("Nội dung tệp “%(name)s” không phải là %(kind)s: phần mở rộng của tệp phải đúng với nội dung. %(accepted)s"),
        code="document_mismatch", params={"name": name, "kind": kind, "accepted": accepted},
    )


def _macro(name):
    return ValidationError(
        _("Tệp “%(name)s” có chứa macro; không nhận tài liệu có macro. Hãy lưu lại thành tệp .docx, .xlsx "
          "hoặc .pptx thông thường (không có macro) rồi tải lên."),
        code="document_macro", params={"name": name},
    )


def _unreadable(name):
    return ValidationError(
        _("Không đọc được tệp “%(name)s” để kiểm tra (tệp bị hỏng hoặc có cấu trúc lạ), nên không nhận. Hãy "
          "mở tệp bằng Word, Excel hoặc PowerPoint, lưu lại rồi tải lên."),
        code="document_unreadable", params={"name": name},
    )


class Unreadable(Exception):
    """A parser could not read the file: it is refused, never stored unchecked."""


def _vba_in(name, data):
    """Whether olevba finds a VBA project (complete or as compressed code in any stream) in an OLE file or
    in any OLE part of an OOXML zip. relaxed=False: a part it cannot read is an error, not skipped."""
    try:
        return bool(VBA_Parser(name, data=data, relaxed=False).detect_vba_macros())
    except Exception as exc:  # any parser failure on untrusted bytes: refuse the file (fail closed)
        raise Unreadable from exc


def _ole_macros(ole):
    """Macros an opened OLE file declares outside VBA code: VBA storage/stream names in any case, and
    macro sheets in any Excel workbook stream in it (also one embedded in a Word file's ObjectPool)."""
    try:
        paths = ole.listdir(streams=True, storages=True)
        if any(part.casefold() in OLE_VBA_NAMES for path in paths for part in path):
            return True
        for path in paths:
            if path[-1].casefold() in ("workbook", "book") and ole.get_type(path) == olefile.STGTY_STREAM:
                # olevba runs this plugin only on files whose CLSID says Excel, and swallows its errors;
                # any OLE file with a workbook stream is checked here, and an error refuses the file.
                report = "\n".join(cBIFF(name=[path[-1]], stream=ole.openstream(path).read(),
                                          options="-o BOUNDSHEET,BOF").Analyze()).casefold()
                if any(mark in report for mark in BIFF_MACRO_SHEETS):
                    return True
    except Exception as exc:  # any parser failure on untrusted bytes: refuse the file (fail closed)
        raise Unreadable from exc
    return False


def _open_ole(data):
    """The OLE file, read strictly: every stream read to its end, and any structural defect olefile can
    see (a sector out of range, a stream cut short, one sector claimed by two streams — what lets two
    parsers read different contents) refuses the file instead of being worked around."""
    try:
        ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
        for path in ole.listdir(streams=True, storages=False):
            ole.openstream(path).read()
        return ole
    except Exception as exc:  # olefile raises OSError, ValueError, struct.error... on a broken file
        raise Unreadable from exc


def _check_ooxml(uploaded, name, extension):
    uploaded.seek(0)
    if uploaded.read(4) != ZIP_MAGIC:
        raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension})
    uploaded.seek(0)
    data = uploaded.read()
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
            # Part names are case-insensitive too (OPC, ECMA-376 part 2, 9.1.1.1).
            if any(n.casefold().endswith("vbaproject.bin") or "macrosheets/" in n.casefold() for n in names):
                raise _macro(name)
            # What the package declares: content types, and every relationship part (.rels).
            declarations = [e for e in entries if e.filename == "[Content_Types].xml"
                            or e.filename.casefold().endswith(".rels")]
            for entry in declarations:
                if entry.file_size > CONTENT_TYPES_MAX_BYTES:
                    raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension})
                if any(mark in archive.read(entry).lower() for mark in OOXML_MACRO_MARKS):
                    raise _macro(name)
            embedded = [e for e in entries if e.file_size >= len(OLE_MAGIC)
                        and archive.open(e).read(len(OLE_MAGIC)) == OLE_MAGIC]
            for entry in embedded:  # a workbook embedded in a document may hold macro sheets
                if _ole_macros(_open_ole(archive.read(entry))):
                    raise _macro(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _mismatch(name, _("tài liệu Office (%(ext)s)") % {"ext": extension}) from exc
    except Unreadable as exc:
        logger.info("Unreadable embedded OLE part in %r", name, exc_info=True)
        raise _unreadable(name) from exc
    # A VBA project under any part name (olevba opens every OLE part of the zip).
    try:
        if _vba_in(name, data):
            raise _macro(name)
    except Unreadable as exc:
        logger.info("olevba could not read %r", name, exc_info=True)
        raise _unreadable(name) from exc


def _check_ole(uploaded, name, extension):
    uploaded.seek(0)
    if uploaded.read(8) != OLE_MAGIC:
        raise _mismatch(name, _("tài liệu Word, Excel bản cũ (%(ext)s)") % {"ext": extension})
    uploaded.seek(0)
    data = uploaded.read()  # at most UPLOAD_MAX_BYTES
    try:
        ole = _open_ole(data)
        with ole:
            if not any(ole.exists(stream) for stream in OLE_MAIN_STREAMS[extension]):
                raise _mismatch(name, _("tài liệu Word, Excel bản cũ (%(ext)s)") % {"ext": extension})
            try:
                encrypted = crypto.is_encrypted(ole)
            except Exception as exc:  # any parser failure on untrusted bytes: refuse the file (fail closed)
                raise Unreadable from exc
            if encrypted:  # its content, sheet types included, cannot be checked
                raise ValidationError(
                    _("Tệp “%(name)s” được đặt mật khẩu (mã hóa) nên không kiểm tra được; không nhận. Hãy bỏ "
                      "mật khẩu, lưu lại rồi tải lên."),
                    code="document_encrypted", params={"name": name},
                )
            if _ole_macros(ole) or _vba_in(name, data):
                raise _macro(name)
    except Unreadable as exc:
        logger.info("Could not parse the OLE file %r", name, exc_info=True)
        raise _unreadable(name) from exc


def clean_document(uploaded, *, pdf_only=False):
    """The file to store for an uploaded document, or ValidationError (Vietnamese, with a code). Every
    upload of a document goes through here: evidence (campaigns.admin.evidence) and, `pdf_only`, a plan's
    signed PDF (campaigns.forms.PlanForm). Images come back re-encoded under a new name (JPEG, or PNG when
    transparent); other accepted files come back as they were, rewound."""
    name = PurePosixPath((uploaded.name or "").replace("\\", "/")).name
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB). Dung lượng tối đa là %(max)s MB."),
            code="document_too_large",
            params={"name": name, "size": f"{uploaded.size / 1048576:.1f}",
                    "max": settings.UPLOAD_MAX_BYTES // 1048576},
        )
    extension = PurePosixPath(name).suffix.lower()
    if pdf_only and extension != ".pdf":
        raise ValidationError(_("Không nhận loại tệp “%(name)s”. %(accepted)s"), code="document_type",
                              params={"name": name, "accepted": PDF_ONLY_TEXT})
    if extension == ".pdf":
        uploaded.seek(0)
        if uploaded.read(5) != PDF_MAGIC:
            raise _mismatch(name, "PDF", PDF_ONLY_TEXT if pdf_only else ACCEPTED_TEXT)
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
