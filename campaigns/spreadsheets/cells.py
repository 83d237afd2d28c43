"""One cell of an uploaded row into a value: a parser per kind of column (text, whole number, date, web
address, a name looked up among what the user may use), which the column table (`columns.COLUMNS`) names.

A parser is called with the cell (blank or not, already cleaned), the row's values parsed so far (a task is
looked up in the row's plan) and the file's `_Lookups`. It returns the value, or raises `CellError` with the
problem in Vietnamese. A required column's blank cell has been reported before the parsers run; they give it
a harmless value (a number 0, an empty text, no object)."""

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags

from core.numbers import NumberError, parse_whole_number
from core.spreadsheets import blank, cell_date

from .names import _Lookups, _Names, _plan_label

Parser = Callable[[object, dict, _Lookups], object]


class CellError(Exception):
    """A cell that does not parse: `message` says why, in Vietnamese; the row keeps `value` for the column."""

    def __init__(self, message, value=None):
        super().__init__(message)
        self.message = message
        self.value = value


_blank = blank


def _note_from_html(html):
    """The text of a rich-text description, on one line: the "Ghi chú" cell of an exported activity."""
    return re.sub(r"\s+", " ", strip_tags(html or "").replace("&nbsp;", " ")).strip()


# --- parsers, in the order of the columns -------------------------------------------------------------------

def optional_whole_number(raw, values, lookups):
    """A whole number, or None for a blank cell ("Mã dòng", participants, awards)."""
    if _blank(raw):
        return None
    try:
        return parse_whole_number(raw)
    except NumberError as exc:
        raise CellError(str(exc.message)) from exc


def plan_name(raw, values, lookups):
    """A plan the user may record activities against, by its number, title or slug."""
    if _blank(raw):
        return None
    plan = lookups.plans.get(raw)
    if plan is None:
        raise CellError(f"không tìm thấy kế hoạch “{raw}” (xem trang Danh mục)." + lookups.plans.suggestion(raw))
    return plan


def task_name(raw, values, lookups):
    """A task of the row's plan by its title (none without a plan). A task of another plan is returned all
    the same: the model refuses it, as the admin form does."""
    plan = values["plan"]
    if _blank(raw) or plan is None:
        return None
    names = lookups.tasks.get(plan.pk) or _Names()
    task = names.get(raw)
    if task is None:
        task = lookups.tasks_anywhere.get(raw)
    if task is None:
        raise CellError(f"kế hoạch {_plan_label(plan)} không có nhiệm vụ “{raw}”." + names.suggestion(raw))
    return task


def agency_name(raw, values, lookups):
    """Any agency by its name or short name (whether this user may use it is decided with the row's activity,
    `reading._check_agency`). A blank cell is the user's own agency; blank is an error only for those who
    have none or record for every agency."""
    if _blank(raw):
        if lookups.sees_all or lookups.own_agency is None:
            raise CellError("không được để trống")
        return lookups.own_agency
    agency = lookups.agencies.get(raw)
    if agency is None:
        raise CellError(f"không tìm thấy cơ quan, đơn vị “{raw}” (xem trang Danh mục)."
                        + lookups.entry.suggestion(raw))
    return agency


def channel_name(raw, values, lookups):
    """A channel by its name, its name with the unit, or its code."""
    if _blank(raw):
        return None
    channel = lookups.channels.get(raw)
    if channel is None:
        raise CellError(f"không có hình thức tuyên truyền “{raw}” (xem trang Danh mục)."
                        + lookups.channels.suggestion(raw))
    return channel


def date(raw, values, lookups):
    """A date cell, an Excel serial day number, or a text dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""
    if _blank(raw):
        return None
    try:
        return cell_date(raw)
    except (ValueError, OverflowError) as exc:
        raise CellError(f"“{raw}” không phải ngày hợp lệ (dd/mm/yyyy)") from exc


def text(raw, values, lookups):
    """A text on one line, its runs of spaces and line breaks made one space ("" for a blank cell)."""
    return re.sub(r"\s+", " ", str(raw or "")).strip()


def whole_number(raw, values, lookups):
    """A whole number; a blank cell (reported, the column being required) is 0."""
    if _blank(raw):
        return 0
    return optional_whole_number(raw, values, lookups)


_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def web_address(raw, values, lookups):
    """An http(s) address, or "" for a blank cell. A wrong one stays the row's value, reported."""
    url = str(raw or "").strip()
    if url:
        try:
            _WEB_ADDRESS(url)
        except ValidationError as exc:
            raise CellError("không phải đường dẫn hợp lệ (bắt đầu bằng http:// hoặc https://)", value=url) from exc
    return url
