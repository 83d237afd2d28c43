"""The activities' sheet, column by column (`COLUMNS`): header, whether required, width, hint, and the parser
that reads its cells (`cells`). The template, the export and the importer all follow this one list, so an
exported file imports back unchanged. Also what follows from it: the headers of the current layout and of
the one before "Mã dòng" (`LEGACY_HEADERS`), the model field each column carries, and the fields an import
writes (`UNDO_FIELDS`, and `_snapshot` of them, which an undo puts back)."""

import datetime as dt
from dataclasses import dataclass, field

from ..models import Activity
from . import cells

DATA_SHEET = "Kết quả thực hiện"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    hint: str = ""
    parse: cells.Parser = field(kw_only=True)
    # The parser reports a blank cell itself (the agency: blank is the user's own), not as "không được để trống".
    parse_checks_blank: bool = field(default=False, kw_only=True)


# Widths in Calibri-11 digits, 194 in all: the export and the template print on A4 landscape at ~74 %, the
# problems file (with its 36-wide last column) at ~63 %; long texts wrap (they were 301: printed at ~49 %).
COLUMNS = [
    Column("id", "Mã dòng", False, 8, "Mã của hoạt động, có trong tệp xuất Excel. Để trống với hoạt động mới; "
                                       "giữ nguyên để sửa đúng hoạt động đó", parse=cells.optional_whole_number),
    Column("plan", "Kế hoạch", True, 13, "Số, ký hiệu của kế hoạch, ví dụ 15/KH-UBND", parse=cells.plan_name),
    Column("task", "Nhiệm vụ", False, 24, "Tên nhiệm vụ trong kế hoạch (có thể để trống)", parse=cells.task_name),
    Column("agency", "Cơ quan, đơn vị", True, 22, "Tên cơ quan, đơn vị như ở trang Danh mục",
           parse=cells.agency_name, parse_checks_blank=True),
    # Blank: the task's channel (Activity.clean), as in the admin form.
    Column("channel", "Hình thức tuyên truyền", False, 18, "Như ở trang Danh mục; để trống: theo nhiệm vụ",
           parse=cells.channel_name),
    Column("date", "Ngày thực hiện", True, 14, "dd/mm/yyyy", parse=cells.date),
    Column("title", "Nội dung", True, 32, "Nội dung hoạt động", parse=cells.text),
    Column("quantity", "Số lượng", True, 8, "Số nguyên không âm, theo đơn vị tính của hình thức; 1.000 là một nghìn",
           parse=cells.whole_number),
    Column("participants", "Số người tham dự", False, 10, "Lượt người; có thể để trống",
           parse=cells.optional_whole_number),
    Column("awards", "Số giải", False, 7, "Với hội thi, cuộc thi", parse=cells.optional_whole_number),
    Column("evidence_url", "Đường dẫn minh chứng", False, 18, "https://…", parse=cells.web_address),
    Column("note", "Ghi chú", False, 20, "Mô tả ngắn; có thể để trống", parse=cells.text),
]
HEADERS = [c.header for c in COLUMNS]
# The template marks the required columns "*" (README; the importer reads the headers with or without it).
TEMPLATE_HEADERS = [c.header + ("*" if c.required else "") for c in COLUMNS]
KEYS = [c.key for c in COLUMNS]
LEGACY_KEYS = [k for k in KEYS if k != "id"]
LEGACY_HEADERS = [c.header for c in COLUMNS if c.key != "id"]  # the layout before "Mã dòng"
HEADER_OF = {c.key: c.header for c in COLUMNS}
# The model's fields and the columns that carry them (the column "note" is the field "description").
FIELD_OF = {"plan": "plan", "task": "task", "agency": "agency", "channel": "channel", "date": "date",
            "title": "title", "quantity": "quantity", "participants": "participants", "awards": "awards",
            "evidence_url": "evidence_url", "note": "description"}
COLUMN_OF_FIELD = {f: k for k, f in FIELD_OF.items()}
# What an import writes, and so what an undo puts back.
UNDO_FIELDS = ("plan", "task", "agency", "channel", "date", "title", "quantity", "participants", "awards",
               "evidence_url", "description")
_ATTNAMES = tuple(Activity._meta.get_field(name).attname for name in UNDO_FIELDS)


def _snapshot(activity):
    """The values an import may change, as JSON."""
    return {name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name, value in zip(UNDO_FIELDS, (getattr(activity, a) for a in _ATTNAMES), strict=True)}
