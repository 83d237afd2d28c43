"""Files other programs open: a value that looks like a formula is shown as text, never run; every file is a
download under a name no one can use to break the header."""

import csv
import io
import re
from urllib.parse import unquote

import pytest
from openpyxl import Workbook, load_workbook

from core.files import (
    CSV_CONTENT_TYPE,
    FILE_HEADERS,
    append_row,
    content_disposition,
    csv_bytes,
    download,
    safe_cell,
    unsafe_cell,
)

HOSTILE = ['=HYPERLINK("http://evil.example","Chi tiết")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1",
           "＝1+1", "  =cmd|' /C calc'!A0",
           "\u00a0=1+1", "\u3000@SUM(A1)", "\u2003+1"]  # behind a no-break, ideographic or em space too


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_is_neutralised_and_reads_back_unchanged(value):
    assert safe_cell(value).startswith("'")
    assert unsafe_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["Phát thanh – truyền hình", 574, None, "'trích dẫn'"])
def test_ordinary_values_are_left_alone(value):
    assert safe_cell(value) == value
    assert unsafe_cell(value) == value


def test_csv_cells_cannot_start_a_formula():
    data = csv_bytes(["Nhiệm vụ", "Số lượng"], [[v, 1] for v in HOSTILE]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))[1:]
    assert all(row[0].startswith("'") for row in rows)
    assert [row[1] for row in rows] == ["1"] * len(HOSTILE)


def test_excel_cells_are_text_not_formulas():
    workbook = Workbook()
    append_row(workbook.active, [HOSTILE[0], 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    # A text cell with the quote-prefix style: no apostrophe shown (issue 26); tests/core/test_workbooks.py
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", HOSTILE[0], True)


# --- every file handed out is a download with the /media/ headers (issue 23, item 15) ----------------------

def disposition_filename(header):
    """The name a browser saves under: RFC 6266 4.3, filename* (RFC 8187, UTF-8) wins over filename."""
    extended = re.fullmatch(r"""attachment; filename="[^"]*"; filename\*=UTF-8''([A-Za-z0-9%._~!$&+^`|-]+)""", header)
    if extended:
        return unquote(extended.group(1), errors="strict")
    return re.fullmatch(r'attachment; filename="([^"\\]*)"', header).group(1)


@pytest.mark.parametrize("name,header", [
    ("bao-cao-quy-1.xlsx", 'attachment; filename="bao-cao-quy-1.xlsx"'),
    ("Biên bản hội nghị.pdf", "attachment; filename=\"Bien-ban-hoi-nghi.pdf\"; "
                              "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20ngh%E1%BB%8B.pdf"),
    ("Đề án 2026.docx",
     "attachment; filename=\"De-an-2026.docx\"; filename*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n%202026.docx"),
])
def test_a_download_is_named_the_rfc_6266_way(name, header):
    assert content_disposition(name) == header
    assert disposition_filename(header) == name


@pytest.mark.parametrize("name,saved", [
    ('a".pdf\r\nSet-Cookie: x=1', 'a".pdfSet-Cookie: x=1'),
    ("../../etc/passwd", "passwd"),
    ("bao;cao\\x.pdf", "x.pdf"),  # a Windows path: its last part
    ("bao;cao=1 \"2\".pdf", "bao;cao=1 \"2\".pdf"),
    ("\u202eexe.pdf", "exe.pdf"),  # a right-to-left override would show it as "fdp.exe"
    ("", "tai-lieu"),
])
def test_a_hostile_name_can_neither_end_the_header_nor_add_a_parameter(name, saved):
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="') and header.count('"') == 2
    assert disposition_filename(header) == saved


def test_a_generated_file_is_a_download_with_the_same_headers_as_media():
    response = download(b"a,b\r\n", CSV_CONTENT_TYPE, "Kết quả quý I.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="Ket-qua-quy-I.csv"; filename*=')
    assert response["Cache-Control"] == "private, no-store"
    for header, value in FILE_HEADERS.items():
        assert response[header] == value
    assert "sandbox" in FILE_HEADERS["Content-Security-Policy"]
