"""Bộ minh chứng of a reporting period: what the PAR Index self-assessment asks the province to attach.

One zip, built in a temporary file (never in memory: a period's evidence can be hundreds of megabytes),
with a folder per agency ("So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf": names transliterated, no path
from a user ever reaches an entry name) and "Danh-muc-minh-chung.xlsx", which lists every activity dated
in the period's window — with its evidence files, or "Chưa có minh chứng" — so what is missing shows."""

import shutil
import tempfile
import time
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.shortcuts import redirect
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from agencies import scoping
from core.dates import vn_date
from core.files import append_row, ascii_name, file_response, guard_cell, private_storage
from core.identity import describe_workbook
from core.numbers import format_number
from core.workbooks import print_setup, workbook_bytes

from .models import Activity, ActivityEvidence, ActivityPhoto, Submission

INDEX_NAME = "Danh-muc-minh-chung.xlsx"
# Over this many files (settings.EVIDENCE_PACK_REQUEST_FILES) a pack is not built while the coordinator
# waits: `manage.py build_evidence_packs` builds it into private storage and the page hands that out.
REQUEST_FILES = 300
NO_EVIDENCE = "Chưa có minh chứng"
NOT_EXPECTED = "Không thuộc danh sách phải báo cáo"
COPY_CHUNK = 1024 * 1024
# Formats that are compressed already: deflating them again gains nothing and took most of the time (200
# photos of 2 MB: 25 s deflated); they are stored as they are.
STORED_AS_IS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf", ".docx", ".xlsx", ".pptx", ".zip"}
INDEX_HEADERS = ["STT", "Cơ quan, đơn vị", "Ngày thực hiện", "Nội dung", "Hình thức tuyên truyền", "Số lượng",
                 "Đơn vị tính", "Đường dẫn minh chứng", "Tài liệu kiểm chứng (trong bộ minh chứng)",
                 "Trạng thái báo cáo của cơ quan"]
# In Calibri-11 digits; 160 in all, so A4 landscape fits them at ~96 % (they were 256: printed at ~6 pt).
INDEX_WIDTHS = [5, 18, 12, 30, 16, 7, 8, 20, 30, 14]
DATE_FORMAT = "dd/mm/yyyy"
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTERED = {0, 2, 5}  # STT, date, quantity


def _file_name(evidence):
    """The original name, transliterated, with the stored file's extension (images were re-encoded)."""
    stored = PurePosixPath(evidence.file.name)
    stem = ascii_name(PurePosixPath(evidence.name).stem if evidence.name else "", limit=60) or "tai-lieu"
    return f"{stem}{stored.suffix.lower()}"


def _photo_name(photo):
    """"Anh-<chú thích>" (or "Anh"), transliterated, with the stored image's extension."""
    caption = ascii_name(photo.caption, limit=60)
    return f"Anh-{caption}" if caption else "Anh", PurePosixPath(photo.image.name).suffix.lower()


def _unique(name, taken):
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{n}{dot}{suffix}" if dot else f"{name}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _index_header(sheet):
    cells = []
    for title in INDEX_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(name="Calibri", bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = GRID
        cells.append(cell)
    sheet.row_dimensions[2].height = 62  # four lines: "Trạng thái báo cáo của cơ quan" in its column
    sheet.append(cells)


def _wrapped(sheet, value, centered=False):
    """A cell that wraps in its column, aligned to the top, in the grid (a write-only sheet styles cells,
    not columns); a text that looks like a formula stays a text (guard_cell), as in every other file."""
    cell = guard_cell(WriteOnlyCell(sheet, value=value))
    cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if centered else None)
    cell.border = GRID
    return cell


def _date(sheet, value):
    """A real date (sorts and filters as one), shown as 02/03/2019."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    cell.alignment = Alignment(vertical="top", horizontal="center")
    cell.border = GRID
    return cell


def _lines(text, width):
    """About how many lines a wrapped text takes in a column `width` characters wide."""
    return sum(max(1, -(-len(part) // max(1, int(width * 1.1)))) for part in str(text or "").split("\n"))


def _append_sized(sheet, row_number, values):
    """append_row, with the row tall enough for its wrapped texts: no spreadsheet program (LibreOffice
    on opening an .xlsx, nor Excel) grows a row for them by itself. The height is dropped once the row is
    written, so a long sheet keeps no per-row state in memory."""
    lines = max((_lines(v.value, w) for v, w in zip(values, INDEX_WIDTHS, strict=False)
                 if isinstance(v, Cell) and isinstance(v.value, str)), default=1)
    if lines > 1:
        sheet.row_dimensions[row_number].height = 15 * min(lines, 20)
    append_row(sheet, values)
    sheet.row_dimensions.pop(row_number, None)


def _setup_page(sheet):
    """Printable as the PAR Index annex: A4 landscape, all columns on one page wide, headers (row 2) repeated."""
    for index, width in enumerate(INDEX_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    print_setup(sheet, header_row=2, landscape=True, columns=len(INDEX_WIDTHS))


def build_pack(period, destination):
    """Write the period's evidence zip into the binary file `destination`. Returns (activity count,
    count of files in the pack: evidence files and photos)."""
    statuses = {s.agency_id: s.get_status_display() for s in Submission.objects.filter(period=period)}
    activities = (Activity.objects.filter(date__gte=period.start, date__lte=period.end)
                  .select_related("agency", "channel").prefetch_related("evidence", "photos")
                  .order_by("agency__name", "agency_id", "date", "id"))
    workbook = describe_workbook(Workbook(write_only=True), title=f"Danh mục tài liệu kiểm chứng — {period}")
    sheet = workbook.create_sheet("Danh mục minh chứng")
    _setup_page(sheet)
    title = WriteOnlyCell(sheet, value=f"DANH MỤC TÀI LIỆU KIỂM CHỨNG — {str(period).upper()} (số liệu từ "
                          f"{vn_date(period.start)} đến {vn_date(period.end)})")
    title.font = Font(name="Calibri", bold=True, size=13)
    append_row(sheet, [title])
    _index_header(sheet)
    folders, folder_of, files_in = set(), {}, {}
    activity_count = file_count = 0
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for activity in activities.iterator(chunk_size=500):
            activity_count += 1
            agency = activity.agency
            if agency.pk not in folder_of:
                folder_of[agency.pk] = _unique(ascii_name(agency.display_name) or f"Co-quan-{agency.pk}", folders)
                files_in[agency.pk] = set()
                archive.mkdir(folder_of[agency.pk])  # also for an agency without evidence: it shows
            names = []
            files = [(f"{activity.date:%Y-%m-%d}_{_file_name(e)}", e.file) for e in activity.evidence.all()]
            files += [(f"{activity.date:%Y-%m-%d}_{stem}{suffix}", photo.image)
                      for photo in activity.photos.all() for stem, suffix in [_photo_name(photo)]]
            for wanted, stored in files:
                entry = _unique(wanted, files_in[agency.pk])
                try:
                    source = stored.open("rb")
                except (FileNotFoundError, ValueError):
                    names.append(f"{entry} (tệp bị mất, cần tải lại)")
                    continue
                info = zipfile.ZipInfo(f"{folder_of[agency.pk]}/{entry}", date_time=time.localtime()[:6])
                info.compress_type = (zipfile.ZIP_STORED if PurePosixPath(entry).suffix in STORED_AS_IS
                                      else zipfile.ZIP_DEFLATED)
                with source, archive.open(info, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, COPY_CHUNK)
                names.append(f"{folder_of[agency.pk]}/{entry}")
                file_count += 1
            row = [_wrapped(sheet, value, index in CENTERED) for index, value in enumerate((
                activity_count, agency.name, activity.date, activity.title,
                activity.channel.name, activity.quantity, activity.channel.unit, activity.evidence_url,
                "\n".join(names) or NO_EVIDENCE, statuses.get(agency.pk, NOT_EXPECTED),
            ))]
            row[2] = _date(sheet, activity.date)
            _append_sized(sheet, activity_count + 2, row)
        if not activity_count:
            append_row(sheet, ["", "Không có kết quả thực hiện nào trong thời gian lấy số liệu của kỳ."])
        with tempfile.TemporaryFile() as index, archive.open(INDEX_NAME, "w", force_zip64=True) as target:
            index.write(workbook_bytes(workbook))
            index.seek(0)
            shutil.copyfileobj(index, target, COPY_CHUNK)
    return activity_count, file_count


def _download_name(period):
    return f"Minh-chung-{ascii_name(str(period))}.zip"


def pack_file_count(period):
    """How many files (evidence and photos) the period's pack holds: two counting queries."""
    window = {"activity__date__gte": period.start, "activity__date__lte": period.end}
    return ActivityEvidence.objects.filter(**window).count() + ActivityPhoto.objects.filter(**window).count()


def is_large(period, count=None):
    limit = getattr(settings, "EVIDENCE_PACK_REQUEST_FILES", REQUEST_FILES)
    return (pack_file_count(period) if count is None else count) > limit


def stored_pack_name(period):
    """Where `build_evidence_packs` keeps a large pack: private storage, handed out only by evidence_pack."""
    return f"evidence-packs/{period.pk}/{_download_name(period)}"


def build_stored_pack(period):
    """Build the pack into a temporary file, then put it in private storage in place of the previous one.
    Returns (activity count, file count)."""
    storage, name = private_storage(), stored_pack_name(period)
    with tempfile.TemporaryFile() as handle:
        counts = build_pack(period, handle)
        handle.seek(0)
        storage.delete(name)
        storage.save(name, File(handle, name=name))
    return counts


def evidence_pack(request, period):
    """The period's evidence zip as a download, for coordinators only (it holds every agency's files): built
    now when small; when large, the one `build_evidence_packs` stored, or a message saying it is not ready."""
    if not scoping.sees_all(request.user):
        raise PermissionDenied
    count = pack_file_count(period)
    if is_large(period, count):
        storage, name = private_storage(), stored_pack_name(period)
        if storage.exists(name):
            return file_response(storage.open(name, "rb"), _download_name(period), content_type="application/zip")
        messages.warning(request, f"Bộ minh chứng của {period} có {format_number(count)} tệp, quá lớn để tạo "
                                  "ngay khi tải. Máy chủ tạo sẵn bộ này mỗi ngày lúc 7 giờ 30 (lệnh "
                                  "build_evidence_packs); quản trị hệ thống có thể chạy lệnh ngay. "
                                  "Vui lòng tải lại sau khi bộ đã được tạo.")
        return redirect("admin:campaigns_reportingperiod_changelist")
    handle = tempfile.TemporaryFile()  # closed (and so deleted) by the response when sent
    try:
        build_pack(period, handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return file_response(handle, _download_name(period), content_type="application/zip")
