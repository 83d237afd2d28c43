"""Whole numbers as Vietnamese officers type them: "1.000" is one thousand, "1 000" too; "1,5" is not a
whole number. One parser for every staff form (through `WholeNumberField`) and for the Excel import, so
the same text never means two different numbers."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_INT = 2_147_483_647  # what the database's integer column holds (PositiveIntegerField, IntegerField)

_GROUPED = re.compile(r"[0-9]{1,3}([.\u00a0 ][0-9]{3})+")  # 1.234.567 — dots (or spaces) between groups of three
_PLAIN = re.compile(r"[0-9]+")  # ASCII: "²" and "٣" pass str.isdigit() but are not what anyone typed


class NumberError(ValueError):
    """`message` is the Vietnamese reason, without the field's name."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def parse_whole_number(value, *, maximum=MAX_INT):
    """Return the int a person meant, or raise NumberError with a Vietnamese reason. Bounded by length before
    int() reads the digits (Python's int() refuses more than 4,300 of them with a ValueError, and reading
    many costs time) and by value after: more digits than `maximum` has is too large, whatever they are."""
    if isinstance(value, bool):
        raise NumberError(_("phải là một số nguyên không âm"), "not_a_number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise NumberError(_("phải là số nguyên (không có phần thập phân)"), "not_whole")
        number = int(value)
    else:
        text = str(value).strip()
        if _GROUPED.fullmatch(text):
            text = re.sub(r"[.\u00a0 ]", "", text)
        elif re.fullmatch(r"-\s*[0-9.,]+", text):
            raise NumberError(_("không được là số âm"), "negative")
        elif re.fullmatch(r"[0-9]+[.,][0-9]+", text):
            raise NumberError(
                _("phải là số nguyên; “%(text)s” có phần thập phân (dấu chấm chỉ dùng để ngăn cách hàng "
                  "nghìn, ví dụ 1.000)") % {"text": text}, "not_whole")
        if not _PLAIN.fullmatch(text):
            raise NumberError(_("phải là một số nguyên không âm, ví dụ 1.000"), "not_a_number")
        if len(text.lstrip("0")) > len(str(maximum)):
            raise _too_large(maximum)
        number = int(text.lstrip("0") or "0")
    if number < 0:
        raise NumberError(_("không được là số âm"), "negative")
    if number > maximum:
        raise _too_large(maximum)
    return number


def _too_large(maximum):
    return NumberError(_("quá lớn (tối đa %(max)s)") % {"max": format_number(maximum)}, "too_large")


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percentage, rounded *down*: the one rule for every percentage the portal
    shows (a task's progress, the share of tasks done, reporting rates). Rounding to the nearest would make 548
    of 550 read 100 % beside "Đang thực hiện"; rounded down, 100 % means the whole is reached. Integer
    arithmetic, so no float ever tips 99.99… over. None without a whole (nothing to be a share of)."""
    if not whole:
        return None
    return 100 * part // whole


def parse_id(value, *, max_digits=18):
    """A number from a URL or a hidden field (an id, a year, a page): ASCII digits only, or None.
    Everything a visitor can send goes through here, so odd input is "not found", never a 500."""
    if not isinstance(value, str) or not 0 < len(value) <= max_digits or not _PLAIN.fullmatch(value):
        return None
    number = int(value)
    return number if number <= 2**63 - 1 else None


def format_number(number):
    """1234567 → "1.234.567" (what officers type back in)."""
    return f"{number:,}".replace(",", ".")


class WholeNumberInput(forms.TextInput):
    """Shown as "1.000" so that the value an officer sees is the value they would type."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class WholeNumberField(forms.IntegerField):
    """An IntegerField that reads "1.000" as 1000 (Django's own reads it as 1) and refuses "1,5" clearly."""

    widget = WholeNumberInput

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        kwargs.pop("step_size", None)
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)

    def widget_attrs(self, widget):
        return {}  # no min/max/step attributes: this is a text input

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_whole_number(value)
        except NumberError as exc:
            raise ValidationError(_("Số không hợp lệ: %(reason)s.") % {"reason": exc.message}, code=exc.code) from None


class YearInput(WholeNumberInput):
    """A year as it is written: "2026", not "2.026"."""

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return super().format_value(value)


class YearFormField(WholeNumberField):
    """A year in a form (core.fields.YearField's, and any form asking for one): shown "2026"; read as a whole
    number (a "2.026" pasted from a formatted sheet is still 2026)."""

    widget = YearInput
