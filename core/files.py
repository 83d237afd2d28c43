"""File responses shared by everything the portal hands out as a file — staff exports, report downloads,
the evidence pack, the private documents at /tai-lieu/ — and the cells that go into spreadsheets.

Every file is a download (`file_response`): `Content-Disposition: attachment` under a name that cannot
break the header (RFC 6266, Vietnamese names in filename*), with FILE_HEADERS — the headers nginx gives
/media/ too (tests/security/test_deploy_config.py keeps the two equal) — so a file that is also a page
(a PDF/HTML polyglot) is never shown as the portal's page, nor sniffed, nor runs script if opened.

Every value a person typed that goes into a cell is kept from being read as a formula (OWASP "CSV
injection"): in a CSV file by a leading apostrophe (`safe_cell`, the only defence a CSV has); in an .xlsx
file as a text cell with the quote-prefix style (`append_row`, `set_text`), which no spreadsheet program
evaluates, even when the cell is edited, and which shows the text as it was typed, without an apostrophe."""

import csv
import datetime as dt
import io
import mimetypes
import re
import secrets
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from openpyxl.cell.cell import Cell

from .dates import vn_date

# Every file the portal hands out, and /media/ in nginx: never sniffed into a script or a page; opened
# directly, it runs no script, loads nothing but its own image, submits nothing (sandbox, default-src
# 'none'); no page of another site may frame or embed it. (Until issue 23 /media/ also allowed inline
# styles: no image or PDF viewer needs them, browsers' own viewer styles are not subject to the policy.)
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def ascii_name(text, *, limit=80):
    """"Sở Nội vụ" → "So-Noi-vu": letters without diacritics, digits, dots, dashes and underscores only."""
    text = unicodedata.normalize("NFKD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9._]+", "-", text)
    text = re.sub(r"\.{2,}", ".", text).strip("-._")
    return text[:limit].rstrip("-._")


def content_disposition(filename):
    """`attachment; filename="…"` for a file saved as `filename` (RFC 6266): the last part of a path, without
    control or format characters (line breaks, a right-to-left override); a name that is not plain ASCII
    goes in filename* (UTF-8, percent-encoded: Vietnamese kept), with its transliteration in filename for
    older clients. Nothing in a name can end the header or add a parameter."""
    name = unicodedata.normalize("NFC", str(filename or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp")).strip()
    name = name.strip(".") or "tai-lieu"
    path = PurePosixPath(name)
    extension = ascii_name(path.suffix, limit=10)
    fallback = (ascii_name(path.stem if extension else name, limit=100) or "tai-lieu") + (
        f".{extension}" if extension else "")
    if fallback == name:
        return f'attachment; filename="{fallback}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(content, filename, *, content_type=None, cache_control="private, no-store"):
    """What every view that hands out a file returns: `content` (bytes, or an open binary file, streamed and
    closed when sent) as a download named `filename`, with FILE_HEADERS. Staff files are never stored by
    a cache (the default); a public file says how long it may be kept, or None to leave it to the caller."""
    if hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    if cache_control:
        response["Cache-Control"] = cache_control
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response


def download(content, content_type, filename, *, private=True):
    """A generated file (an export, a report) as a download. Staff files (`private`) are never cached."""
    return file_response(content, filename, content_type=content_type,
                         cache_control="private, no-store" if private else None)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_like(value) -> bool:
    """A text a spreadsheet program would take for a formula: it starts with =, +, -, @ (also after spaces,
    a tab or a line break, or their full-width forms) — behind any Unicode space too (no-break, em, ideographic),
    which a spreadsheet program may drop."""
    return isinstance(value, str) and (value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START))


def safe_cell(value):
    """A CSV field a spreadsheet program will show, never run: one that starts like a formula gets a leading
    apostrophe, as the OWASP CSV-injection guidance says. Numbers and dates are left alone. (An .xlsx cell
    needs no apostrophe: `guard_cell`.)"""
    if formula_like(value):
        return "'" + value
    return value


def unsafe_cell(value):
    """The text `safe_cell` protected, as it was typed (for reading back files written before issue 26, whose
    Excel cells carried the apostrophe too)."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value


def guard_cell(cell):
    """An openpyxl cell holding a text is written as a text cell: never a formula (openpyxl makes "=…" one)
    nor an error value ("#N/A"); one that starts like a formula also gets the quote-prefix style, so that
    Excel or LibreOffice keeps it a text when someone edits it. Returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def set_text(cell, value):
    """cell.value = value, guarded (`guard_cell`): for every value a person typed put in an .xlsx cell."""
    cell.value = value
    return guard_cell(cell)


def append_row(sheet, values):
    """sheet.append() for user-supplied values (also on a write-only sheet, and for cells already made):
    every text guarded by `guard_cell`."""
    sheet.append([guard_cell(v if isinstance(v, Cell) else Cell(sheet, row=1, column=1, value=v)) if isinstance(
        getattr(v, "value", v), str) else v for v in values])


def csv_bytes(headers, rows):
    """CSV in UTF-8 with a BOM, so Excel shows Vietnamese correctly; dates as dd/mm/yyyy; every text
    cell neutralised by `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([vn_date(v) if isinstance(v, dt.date) else ("" if v is None else safe_cell(v))
                         for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@deconstructible
class RandomName:
    """`upload_to` that stores a file under a random name (its extension kept): a draft's attachment
    cannot be found by guessing its original name ("ke-hoach-2027-du-thao.pdf")."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = PurePosixPath(filename).suffix.lower()[:10]
        return f"{timezone.now().strftime(self.folder)}{secrets.token_urlsafe(16)}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def private_storage():
    """The storage of files served only through a view that checks who asks (settings.PRIVATE_MEDIA_ROOT,
    never under MEDIA_ROOT, which the web server hands to anyone)."""
    return storages["private"]


def stored_file_response(field_file, filename, *, public):
    """A privately stored file as a download named `filename`; 404 if it has gone missing. `public`: it
    may be kept by caches for a few minutes (a published plan's document); otherwise never stored."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    # The type from the stored name, which the portal generated (RandomName) after checking the content.
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    return file_response(handle, filename, content_type=content_type,
                         cache_control="public, max-age=300" if public else "private, no-store")
