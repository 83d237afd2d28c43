"""File responses (CSV and Excel) shared by the staff exports and the public report downloads.

Every value a person typed that goes into a cell passes through `safe_cell`, so a spreadsheet program
never reads it as a formula (OWASP "CSV injection")."""

import csv
import datetime as dt
import io

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def download(content, content_type, filename, *, private=True):
    """A file as an attachment. Staff files (`private`) are never stored by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def csv_bytes(headers, rows):
    """CSV in UTF-8 with a BOM, so Excel shows Vietnamese correctly; dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else ("" if v is None else v)
                         for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
