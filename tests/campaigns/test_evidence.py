"""Tài liệu kiểm chứng: which files are accepted (core.document_uploads), the inline on the activity admin, who may
download a file at /tai-lieu/, and the period's evidence pack (campaigns.evidence)."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from campaigns.admin.evidence import ActivityEvidenceInline
from campaigns.cycle import period_dates
from campaigns.evidence import INDEX_NAME, ascii_name, stored_pack_name
from campaigns.models import (
    Activity,
    ActivityEvidence,
    ActivityPhoto,
    PeriodKind,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
)
from core.document_uploads import clean_document
from core.files import FILE_HEADERS, private_storage
from tests.campaigns.office_files import legacy_excel, legacy_word, ole_file, vba_project, workbook_stream
from tests.conftest import image_bytes
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    ChannelFactory,
    PlanFactory,
    coordinator_user,
    data_entry_user,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A real (if tiny) Word 97 file: an OLE container with a WordDocument stream (tests/campaigns/office_files.py).
# Until issue 23 this was the OLE signature followed by zeros, which no parser can read: it is now refused.
OLE = legacy_word()


def ooxml(main="word/document.xml", extra=(), content_type="application/vnd.openxmlformats-officedocument"
          ".wordprocessingml.document.main+xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types><Override PartName="/{main}" '
                                                f'ContentType="{content_type}"/></Types>')
        archive.writestr(main, "<document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- what is accepted -------------------------------------------------------------------------------------

def test_a_pdf_is_stored_as_it_came():
    stored = clean_document(upload("Biên bản hội nghị.pdf", PDF))
    assert stored.read() == PDF


def test_a_png_is_reencoded():
    stored = clean_document(upload("anh-hoi-nghi.png", image_bytes() + b"<script>alert(1)</script>"))
    assert stored.name.endswith(".jpg")
    assert b"<script>" not in stored.read()
    stored.seek(0)
    assert Image.open(stored).size == (64, 48)


@pytest.mark.parametrize("name,main", [("ke-hoach.docx", "word/document.xml"), ("so-lieu.xlsx", "xl/workbook.xml"),
                                       ("trinh-chieu.pptx", "ppt/presentation.xml")])
def test_office_documents_are_accepted(name, main):
    content = ooxml(main)
    assert clean_document(upload(name, content)).read() == content


def test_a_legacy_word_file_is_accepted():
    assert clean_document(upload("cong-van.doc", OLE)).read() == OLE


@pytest.mark.parametrize("name,content,message", [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "Không nhận loại tệp “setup.exe”"),
    ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 60, "không phải là PDF"),  # a renamed .exe
    ("trang.html", b"<html><script>alert(1)</script></html>", "Không nhận loại tệp"),
    ("trang.pdf", b"<html><script>alert(1)</script></html>", "không phải là PDF"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Không nhận loại tệp"),
    ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "ảnh hợp lệ"),
    ("macro.docm", ooxml(), "Không nhận loại tệp"),
    ("van-ban.docx", b"PK\x03\x04 not really a zip", "không phải là tài liệu Office (.docx)"),
    ("van-ban.docx", ooxml("xl/workbook.xml"), "không phải là tài liệu Office (.docx)"),  # a workbook
    ("van-ban.doc", PDF, "không phải là tài liệu Word, Excel bản cũ (.doc)"),
    ("khong-duoi", PDF, "Không nhận loại tệp"),
])
def test_what_is_not_what_it_says_is_refused_in_vietnamese(name, content, message):
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(name, content))
    assert message in caught.value.messages[0]


def test_the_refusal_lists_what_is_accepted():
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("setup.exe", b"MZ"))
    assert caught.value.code == "document_type"
    assert "Chỉ nhận tệp PDF; ảnh JPEG, PNG, WebP, GIF; tài liệu Word, Excel, PowerPoint" in caught.value.messages[0]


def test_a_macro_document_renamed_docx_is_refused():
    macro = ooxml(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")],
                  content_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("bao-cao.docx", macro))
    assert caught.value.code == "document_macro"
    assert "có chứa macro" in caught.value.messages[0]


def test_a_legacy_excel_file_with_a_vba_project_is_refused():
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("bang.xls", legacy_excel(vba=vba_project())))
    assert caught.value.code == "document_macro"


# --- macros, as the formats define them (issue 23, item 14) ------------------------------------------------
# OLE storage and stream names are case-insensitive ([MS-CFB] 2.6.4), so Office runs a project whose streams
# are spelled "_vba_project"; an Excel 4.0 macro sheet ([MS-XLS] BOUNDSHEET, sheet type 1) needs no VBA at all.

MACRO_SHEET_TYPE = "application/vnd.ms-excel.macrosheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def workbook_rels(relationship_type):
    return ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{relationship_type}" Target="worksheets/sheet1.xml"/>'
            '</Relationships>')


MACRO_FILES = [
    ("lower-case VBA names in a .doc", "cong-van.doc", lambda: legacy_word(vba_project("vba", "_vba_project"))),
    ("mixed-case VBA names in a .doc", "cong-van.doc", lambda: legacy_word(vba_project("Vba", "_Vba_Project"))),
    ("a lone _vba_project stream", "cong-van.doc", lambda: legacy_word({"vba": {"_vba_project": b"\xcc\x61"}})),
    ("compressed VBA code in an odd stream", "cong-van.doc",
     lambda: legacy_word({"x": b"\x01\x19\xb0\x00Attribut\x00e VB_Name = \"Module1\""})),
    ("lower-case VBA names in an .xls", "bang.xls", lambda: legacy_excel(vba=vba_project("vba", "_vba_project"))),
    ("an Excel 4.0 macro sheet Auto_Open", "bang.xls", lambda: legacy_excel(("Sheet1", 0), ("Auto_Open", 1))),
    ("an Excel 5 VBA module sheet", "bang.xls", lambda: legacy_excel(("Sheet1", 0), ("Module1", 6))),
    ("a VBA project stored under an image's name", "bao-cao.docx",
     lambda: ooxml(extra=[("word/media/image1.png", ole_file(vba_project("vba", "_vba_project")))])),
    ("an Excel 4.0 macro sheet in an .xlsx", "so-lieu.xlsx",
     lambda: ooxml("xl/workbook.xml", content_type=WORKBOOK_TYPE,
                   extra=[("xl/macrosheets/sheet1.xml", "<xm:macrosheet/>")])),
    ("a macro sheet declared only by its content type", "so-lieu.xlsx",
     lambda: ooxml("xl/workbook.xml", content_type=MACRO_SHEET_TYPE, extra=[("xl/worksheets/sheet1.xml", "")])),
    ("a macro sheet declared only by its relationship", "so-lieu.xlsx",
     lambda: ooxml("xl/workbook.xml", content_type=WORKBOOK_TYPE, extra=[
         ("xl/_rels/workbook.xml.rels",
          workbook_rels("http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet")),
         ("xl/worksheets/sheet1.xml", "")])),
    ("an .xlsm renamed .xlsx", "so-lieu.xlsx",
     lambda: ooxml("xl/workbook.xml", content_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml")),
]


@pytest.mark.parametrize("name,content", [pytest.param(name, build, id=label) for label, name, build in MACRO_FILES])
def test_a_document_with_macros_is_refused_whatever_their_case_or_kind(name, content):
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(name, content()))
    assert caught.value.code == "document_macro"
    assert f"Tệp “{name}” có chứa macro" in caught.value.messages[0]


@pytest.mark.parametrize("name,content", [
    ("cong-van.doc", legacy_word()),
    ("bang.xls", legacy_excel(("Sheet1", 0), ("Chart1", 2))),
    ("ke-hoach.docx", ooxml()),
    ("so-lieu.xlsx", ooxml("xl/workbook.xml", content_type=WORKBOOK_TYPE, extra=[
        ("xl/_rels/workbook.xml.rels",
         workbook_rels("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet")),
        ("xl/worksheets/sheet1.xml", "<worksheet/>")])),
])
def test_documents_without_macros_are_accepted(name, content):
    assert clean_document(upload(name, content)).read() == content


@pytest.mark.parametrize("name", ["bao-cao.docm", "so-lieu.xlsm", "mau.dotm", "trinh-chieu.pptm"])
def test_macro_enabled_kinds_are_refused_by_name(name):
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(name, ooxml()))
    assert caught.value.code == "document_type"


@pytest.mark.parametrize("name,content", [
    ("cong-van.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),  # the signature, then nothing
    ("cong-van.doc", legacy_word()[:1536]),  # cut short: the streams point past the end
    ("bao-cao.docx", ooxml(extra=[("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 hong")])),
])
def test_a_file_the_parser_cannot_read_is_refused_in_vietnamese(name, content):
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(name, content))
    assert caught.value.code == "document_unreadable"
    assert f"Không đọc được tệp “{name}”" in caught.value.messages[0]


def test_an_encrypted_workbook_is_refused():
    """Encrypted BIFF (a FILEPASS record) hides the sheet types, so a macro sheet could not be seen."""
    stream = workbook_stream(("Sheet1", 0))
    encrypted = stream[:20] + b"\x2f\x00\x06\x00\x00\x00\x01\x00\x01\x00" + stream[20:]
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("bang.xls", ole_file({"Workbook": encrypted})))
    assert caught.value.code == "document_encrypted"
    assert "đặt mật khẩu" in caught.value.messages[0]


@pytest.mark.parametrize("name,content", [
    ("cong-van.doc", legacy_excel()),  # a workbook renamed .doc
    ("bang.xls", legacy_word()),
])
def test_a_legacy_file_of_the_other_kind_is_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        clean_document(upload(name, content))
    assert caught.value.code == "document_mismatch"


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                entry.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024  # 101 MB of zeros in a file of a few hundred KB
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("bom.docx", buffer.getvalue()))
    assert caught.value.code == "document_zip_bomb"


def test_a_zip_with_too_many_entries_is_refused():
    content = ooxml(extra=[(f"word/p{i}.xml", "") for i in range(2100)])
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("nhieu.docx", content))
    assert caught.value.code == "document_zip_bomb"


def test_a_file_over_the_upload_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        clean_document(upload("lon.pdf", PDF + b"0" * (1024 * 1024)))
    assert "Dung lượng tối đa là 1 MB" in caught.value.messages[0]


def test_transliterated_names_are_safe():
    assert ascii_name("Sở Nội vụ") == "So-Noi-vu"
    assert ascii_name("Đài PT-TH Cà Mau") == "Dai-PT-TH-Ca-Mau"
    assert ascii_name("../../etc/passwd") == "etc-passwd"
    assert ascii_name("/tuyệt đối") == "tuyet-doi"


# --- the inline and /tai-lieu/ -----------------------------------------------------------------------------

def activity_post(activity, **files):
    data = {
        "plan": activity.plan_id, "agency": activity.agency_id, "channel": activity.channel_id,
        "date": activity.date.strftime("%d/%m/%Y"), "title": activity.title, "quantity": str(activity.quantity),
        "description": "", "evidence_url": "",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "evidence-TOTAL_FORMS": str(len(files)), "evidence-INITIAL_FORMS": "0", "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    for i, uploaded in enumerate(files.values()):
        data[f"evidence-{i}-file"] = uploaded
    return data


@pytest.fixture
def officer_activity(db):
    agency = AgencyFactory(name="Sở Nội vụ")
    activity = ActivityFactory(agency=agency, date=dt.date(2019, 3, 2), title="Hội nghị triển khai CCHC")
    return data_entry_user(agency), activity


@pytest.mark.django_db
def test_an_officer_attaches_evidence_in_the_activity_admin(client, officer_activity):
    officer, activity = officer_activity
    client.force_login(officer)
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), activity_post(
        activity, a=upload("Biên bản hội nghị.pdf", PDF, "application/pdf"),
        b=upload("Ảnh.png", image_bytes(), "image/png")))
    assert response.status_code == 302, response.content.decode()[:3000]
    pdf, photo = ActivityEvidence.objects.filter(activity=activity).order_by("id")
    assert pdf.name == "Biên bản hội nghị.pdf"
    # Private, under a random name (22 URL-safe characters), not "Biên bản hội nghị.pdf". (A check that
    # "Bi" is absent failed once in a few hundred runs: random characters spell it too.)
    assert re.fullmatch(r"evidence/\d{4}/[A-Za-z0-9_-]{22}\.pdf", pdf.file.name), pdf.file.name
    assert photo.name == "Ảnh.jpg"  # re-encoded: the name says what is stored
    page = client.get(reverse("admin:campaigns_activity_change", args=[activity.pk])).content.decode()
    assert "Tài liệu kiểm chứng" in page
    assert f'href="/tai-lieu/{pdf.file.name}"' in page


@pytest.mark.django_db
def test_a_refused_file_gets_the_message_in_the_inline(client, officer_activity):
    officer, activity = officer_activity
    client.force_login(officer)
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), activity_post(
        activity, a=upload("hoa-don.pdf.exe", b"MZ\x90", "application/x-msdownload")))
    assert response.status_code == 200
    assert "Không nhận loại tệp “hoa-don.pdf.exe”" in response.content.decode()
    assert not ActivityEvidence.objects.exists()


@pytest.mark.django_db
def test_a_lower_case_vba_document_is_refused_in_the_inline(client, officer_activity):
    officer, activity = officer_activity
    client.force_login(officer)
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), activity_post(
        activity, a=upload("cong-van.doc", legacy_word(vba_project("vba", "_vba_project")), "application/msword")))
    assert response.status_code == 200
    assert "Tệp “cong-van.doc” có chứa macro" in response.content.decode()
    assert not ActivityEvidence.objects.exists()


@pytest.fixture
def stored_evidence(officer_activity):
    officer, activity = officer_activity
    evidence = ActivityEvidence.objects.create(activity=activity, name="Biên bản.pdf",
                                               file=ContentFile(PDF, name="bien-ban.pdf"))
    return officer, activity, evidence


@pytest.mark.django_db
def test_the_agency_officer_and_a_coordinator_download_the_evidence(client, stored_evidence):
    officer, _activity, evidence = stored_evidence
    client.force_login(officer)
    response = client.get(f"/tai-lieu/{evidence.file.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(coordinator_user())
    assert client.get(f"/tai-lieu/{evidence.file.name}").status_code == 200


@pytest.mark.django_db
def test_evidence_is_a_download_under_its_vietnamese_name_with_the_media_headers(client, stored_evidence):
    officer, _activity, evidence = stored_evidence
    client.force_login(officer)
    response = client.get(f"/tai-lieu/{evidence.file.name}")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ("attachment; filename=\"Bien-ban.pdf\"; "
                                               "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf")
    for header, value in FILE_HEADERS.items():
        assert response[header] == value
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_another_agencys_officer_gets_404_on_the_evidence(client, stored_evidence):
    *_rest, evidence = stored_evidence
    client.force_login(data_entry_user(AgencyFactory(name="Báo Cà Mau")))
    assert client.get(f"/tai-lieu/{evidence.file.name}").status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_404_on_the_evidence(client, stored_evidence):
    *_rest, evidence = stored_evidence
    assert client.get(f"/tai-lieu/{evidence.file.name}").status_code == 404


@pytest.mark.django_db
def test_evidence_of_an_approved_activity_is_locked_in_the_inline(client, stored_evidence):
    officer, activity, evidence = stored_evidence
    start, end, due = period_dates(PeriodKind.Q1, 2019)
    period = ReportingPeriod.objects.create(kind=PeriodKind.Q1, year=2019, start=start, end=end, due_date=due)
    Submission.objects.create(period=period, agency=activity.agency, status=SubmissionStatus.APPROVED)
    request = RequestFactory().get("/")
    request.user = officer
    inline = ActivityEvidenceInline(Activity, admin.site)
    assert not inline.has_add_permission(request, activity)
    assert not inline.has_change_permission(request, activity)
    assert not inline.has_delete_permission(request, activity)
    client.force_login(officer)
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), activity_post(
        activity, a=upload("moi.pdf", PDF, "application/pdf")))
    assert response.status_code == 403
    assert list(ActivityEvidence.objects.values_list("pk", flat=True)) == [evidence.pk]
    request.user = coordinator_user()  # the lock holds for coordinators too
    assert not inline.has_add_permission(request, activity)


# --- the evidence pack -------------------------------------------------------------------------------------

@pytest.fixture
def pack_data(db):
    start, end, due = period_dates(PeriodKind.Q1, 2019)
    period = ReportingPeriod.objects.create(kind=PeriodKind.Q1, year=2019, start=start, end=end, due_date=due)
    home, paper = AgencyFactory(name="Sở Nội vụ"), AgencyFactory(name="Báo Cà Mau", short_name="Báo Cà Mau")
    plan, channel = PlanFactory(year=2019), ChannelFactory(name="Tọa đàm, hội nghị", unit="buổi")
    Submission.objects.create(period=period, agency=home, status=SubmissionStatus.SUBMITTED)
    meeting = ActivityFactory(plan=plan, agency=home, channel=channel, date=dt.date(2019, 3, 2),
                              title="Hội nghị triển khai CCHC", quantity=2, evidence_url="https://camau.gov.vn/a")
    ActivityEvidence.objects.create(activity=meeting, name="Biên bản hội nghị.pdf",
                                    file=ContentFile(PDF, name="x.pdf"))
    ActivityEvidence.objects.create(activity=meeting, name="Biên bản hội nghị.pdf",  # same name twice
                                    file=ContentFile(PDF + b"2", name="y.pdf"))
    ActivityEvidence.objects.create(activity=meeting, name="../../../etc/passwd", file=ContentFile(b"x", name="z.jpg"))
    ActivityFactory(plan=plan, agency=paper, channel=channel, date=dt.date(2019, 1, 15),
                    title='=HYPERLINK("http://evil.example","Bấm vào")', quantity=1)
    outside = ActivityFactory(plan=plan, agency=paper, channel=channel, date=dt.date(2019, 3, 15),
                              title="Sau ngày chốt số liệu")
    ActivityEvidence.objects.create(activity=outside, name="ngoai-ky.pdf", file=ContentFile(PDF, name="o.pdf"))
    return period


def download_pack(client, period):
    response = client.get(reverse("period_evidence_pack", args=[period.pk]))
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="Minh-chung-Quy-I-nam-2019.zip"'
    assert response["Content-Security-Policy"] == FILE_HEADERS["Content-Security-Policy"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_the_pack_has_a_folder_per_agency_with_its_evidence(client, pack_data):
    client.force_login(coordinator_user())
    archive = download_pack(client, pack_data)
    assert sorted(archive.namelist()) == [
        "Bao-Ca-Mau/", INDEX_NAME, "So-Noi-vu/", "So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi-2.pdf",
        "So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf", "So-Noi-vu/2019-03-02_passwd.jpg"]
    assert archive.read("So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf") == PDF
    assert archive.read("So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi-2.pdf") == PDF + b"2"
    assert not any(n.startswith("/") or ".." in n for n in archive.namelist())


@pytest.mark.django_db
def test_the_index_lists_every_activity_of_the_window_with_safe_cells(client, pack_data):
    client.force_login(coordinator_user())
    archive = download_pack(client, pack_data)
    sheet = load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "DANH MỤC TÀI LIỆU KIỂM CHỨNG — QUÝ I NĂM 2019 (số liệu từ 15/12/2018 đến 14/03/2019)"
    assert rows[1][:3] == ("STT", "Cơ quan, đơn vị", "Ngày thực hiện")
    assert rows[2:] == [
        (1, "Báo Cà Mau", dt.datetime(2019, 1, 15), '=HYPERLINK("http://evil.example","Bấm vào")',
         "Tọa đàm, hội nghị", 1, "buổi", None, "Chưa có minh chứng", "Không thuộc danh sách phải báo cáo"),
        (2, "Sở Nội vụ", dt.datetime(2019, 3, 2), "Hội nghị triển khai CCHC", "Tọa đàm, hội nghị", 2, "buổi",
         "https://camau.gov.vn/a", "So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf\n"
         "So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi-2.pdf\nSo-Noi-vu/2019-03-02_passwd.jpg", "Đã gửi, chờ duyệt"),
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["D3"].quotePrefix  # a text, shown without an apostrophe, even once edited (issue 26)
    assert {sheet.cell(row, 3).number_format for row in (3, 4)} == {"dd/mm/yyyy"}  # a date, shown 15/01/2019


@pytest.mark.django_db
def test_an_activity_with_only_a_photo_has_it_in_the_pack_and_the_index(client, pack_data):
    """Issue 25: an activity returned for missing evidence and fixed by adding a photo still showed
    "Chưa có minh chứng", and the agency's folder was empty."""
    paper = Activity.objects.get(date=dt.date(2019, 1, 15))
    ActivityPhoto.objects.create(activity=paper, caption="Tọa đàm tại xã Tân Thành",
                                 image=SimpleUploadedFile("IMG_0001.png", image_bytes(), "image/png"))
    ActivityPhoto.objects.create(activity=paper, image=SimpleUploadedFile("x.png", image_bytes(), "image/png"))
    client.force_login(coordinator_user())
    archive = download_pack(client, pack_data)
    photos = ["Bao-Ca-Mau/2019-01-15_Anh-Toa-dam-tai-xa-Tan-Thanh.png", "Bao-Ca-Mau/2019-01-15_Anh.png"]
    assert [n for n in archive.namelist() if n.startswith("Bao-Ca-Mau/")] == ["Bao-Ca-Mau/"] + photos
    assert Image.open(io.BytesIO(archive.read(photos[0]))).size == (64, 48)
    # compressed already: stored as it is (deflating 200 photos of 2 MB took 25 s), dated today
    assert {archive.getinfo(name).compress_type for name in photos} == {zipfile.ZIP_STORED}
    assert archive.getinfo(photos[0]).date_time[:3] == dt.date.today().timetuple()[:3]
    rows = list(load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active.iter_rows(values_only=True))
    assert rows[2][8] == "\n".join(photos)


@pytest.mark.django_db
def test_the_index_prints_one_page_wide_in_landscape_with_headers_repeated(client, pack_data):
    client.force_login(coordinator_user())
    sheet = load_workbook(io.BytesIO(download_pack(client, pack_data).read(INDEX_NAME))).active
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in ("9", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    # Fitted to A4 landscape (297 mm less the side margins), at a scale that keeps 11 pt text at 9 pt or more
    # (a column width unit is one Calibri 11 digit, 7 px at 96 dpi, about 1.85 mm); it was printed at ~6 pt.
    margins = sheet.page_margins
    printable = 297 - (margins.left + margins.right) * 25.4
    width = sum(sheet.column_dimensions[c].width for c in "ABCDEFGHIJ") * 7 * 25.4 / 96
    assert 11 * min(1, printable / width) >= 9


@pytest.mark.django_db
def test_an_officer_cannot_download_the_pack(client, pack_data):
    client.force_login(data_entry_user(AgencyFactory()))
    assert client.get(reverse("period_evidence_pack", args=[pack_data.pk])).status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login(client, pack_data):
    response = client.get(reverse("period_evidence_pack", args=[pack_data.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_pack_of_an_unknown_period_is_404(client, db):
    client.force_login(coordinator_user())
    assert client.get(reverse("period_evidence_pack", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_pack_takes_the_same_number_of_queries_for_more_activities(client, pack_data,
                                                                      django_assert_max_num_queries):
    client.force_login(coordinator_user())
    home = Submission.objects.get(period=pack_data).agency
    for day in range(1, 30):
        activity = ActivityFactory(agency=home, date=dt.date(2019, 2, day % 28 + 1))
        ActivityEvidence.objects.create(activity=activity, name="a.pdf", file=ContentFile(PDF, name="a.pdf"))
    with django_assert_max_num_queries(12):
        download_pack(client, pack_data)


# --- a large pack is built outside the request (issue 25, item 7) ---------------------------------------

@pytest.fixture
def large(settings, pack_data):
    """pack_data's window holds 3 files; with a limit of 2 it counts as large."""
    settings.EVIDENCE_PACK_REQUEST_FILES = 2
    private_storage().delete(stored_pack_name(pack_data))
    yield pack_data
    private_storage().delete(stored_pack_name(pack_data))


@pytest.mark.django_db
def test_a_large_pack_is_not_built_in_the_request(client, large):
    client.force_login(coordinator_user())
    response = client.get(reverse("period_evidence_pack", args=[large.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("admin:campaigns_reportingperiod_changelist")
    message = str(list(response.context["messages"])[0])
    assert "Bộ minh chứng của Quý I năm 2019 có 3 tệp" in message and "build_evidence_packs" in message
    assert not private_storage().exists(stored_pack_name(large))


@pytest.mark.django_db
def test_the_command_builds_a_large_pack_and_the_page_hands_it_out(client, large):
    out = io.StringIO()
    call_command("build_evidence_packs", stdout=out)
    assert "Quý I năm 2019: 3 tệp" in out.getvalue()
    client.force_login(coordinator_user())
    archive = download_pack(client, large)
    assert "So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf" in archive.namelist()
    assert archive.read("So-Noi-vu/2019-03-02_Bien-ban-hoi-nghi.pdf") == PDF
    client.force_login(data_entry_user(AgencyFactory()))  # the stored pack is for coordinators only too
    assert client.get(reverse("period_evidence_pack", args=[large.pk])).status_code == 403
    # and it is not reachable at /tai-lieu/ (which hands out only files a record owns), even for a coordinator
    client.force_login(coordinator_user())
    assert client.get(reverse("private_file", args=[stored_pack_name(large)])).status_code == 404


@pytest.mark.django_db
def test_the_command_skips_small_packs_unless_named(large, settings):
    settings.EVIDENCE_PACK_REQUEST_FILES = 100
    out = io.StringIO()
    call_command("build_evidence_packs", stdout=out)
    assert not private_storage().exists(stored_pack_name(large))
    call_command("build_evidence_packs", "--period", str(large.pk), stdout=out)
    assert private_storage().exists(stored_pack_name(large))
