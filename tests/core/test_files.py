"""Files other programs open: a value that looks like a formula is shown as text, never run."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from core.files import append_row, csv_bytes, safe_cell, unsafe_cell

HOSTILE = ['=HYPERLINK("http://evil.example","Chi tiết")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1",
           "＝1+1", "  =cmd|' /C calc'!A0"]


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
    assert cell.data_type == "s" and cell.value == "'" + HOSTILE[0]
