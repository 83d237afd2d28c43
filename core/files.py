"""File responses (CSV and Excel) shared by the staff exports and the public report downloads.

Every value a person typed that goes into a cell passes through `safe_cell`, so a spreadsheet program
never reads it as a formula (OWASP "CSV injection")."""

import csv
import datetime as dt
import io
import secrets
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .dates import vn_date

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def download(content, content_type, filename, *, private=True):
    """A file as an attachment. Staff files (`private`) are never stored by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """A text a spreadsheet program will show, never run: one that starts like a formula (=, +, -, @,
    also after a tab or a line break, or their full-width forms) gets a leading apostrophe, as the OWASP
    CSV-injection guidance says. Numbers and dates are left alone."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value):
    """The text `safe_cell` protected, as it was typed (for reading our own files back in)."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value


def append_row(sheet, values):
    """sheet.append() for user-supplied values: openpyxl stores a text starting with "=" as a formula."""
    sheet.append([safe_cell(v) for v in values])


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
    response = FileResponse(handle, as_attachment=False, filename=filename)
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
