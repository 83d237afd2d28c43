"""Excel import and Excel/CSV export of activities, as staff use them in the admin."""

import csv
import datetime as dt
import html
import io
import re
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns import spreadsheets
from campaigns.models import Activity, Plan
from reports.models import Report

IMPORT_URL = reverse("admin:campaigns_activity_import")
STATION = "Đài Phát thanh – Truyền hình Cà Mau"
PAPER = "Báo Cà Mau"
TV = "Phát thanh – truyền hình"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def xlsx(rows, headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers if headers is not None else spreadsheets.HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(title="Phóng sự CCHC", date="15/03/2019", quantity=2, agency=STATION, channel=TV, plan="15/KH-UBND",
        task="", participants=None, awards=None, url="", note=""):
    return [plan, task, agency, channel, date, title, quantity, participants, awards, url, note]


def upload(client, content, name="ket-qua.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_URL, {"file": file})


def page_text(response):
    """What a person reads: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def confirm(client, response):
    token = response.context["token"]
    return client.post(IMPORT_URL, {"token": token, "filename": "ket-qua.xlsx"})


# --- template and export --------------------------------------------------------------------------

def test_template_has_vietnamese_headers_and_a_lists_sheet_scoped_to_the_agency(client, demo):
    login(client, "dai_ptth")
    response = client.get(reverse("admin:campaigns_activity_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kết quả thực hiện", "Danh mục"]
    assert [c.value for c in workbook["Kết quả thực hiện"][1]] == [
        "Kế hoạch", "Nhiệm vụ", "Cơ quan, đơn vị", "Hình thức tuyên truyền", "Ngày thực hiện", "Nội dung",
        "Số lượng", "Số người tham dự", "Số giải", "Đường dẫn minh chứng", "Ghi chú"]
    lists = list(workbook["Danh mục"].iter_rows(values_only=True))
    channels = [r[0] for r in lists[1:] if r[0]]
    agencies = [r[3] for r in lists[1:] if r[3]]
    assert TV in channels and "Hội thi, cuộc thi" in channels
    assert agencies == [STATION]  # a data-entry officer's template offers their own agency only
    assert ("Phát thanh – truyền hình", "đề tài") in [(r[0], r[1]) for r in lists]
    # A person filling the template starts right under the headers.
    assert workbook["Kết quả thực hiện"].max_row == 1


def test_export_follows_the_admin_filters_and_the_agency_scope(client, demo):
    login(client, "bao_camau")
    response = client.get(reverse("admin:campaigns_activity_export_xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(spreadsheets.HEADERS)
    assert len(rows) - 1 == Activity.objects.filter(agency__name=PAPER).count() > 0
    assert {r[2] for r in rows[1:]} == {PAPER}

    login(client, "dieuphoi")
    talk_shows = Activity.objects.filter(channel__code="toa-dam-hoi-thao")
    response = client.get(reverse("admin:campaigns_activity_export_csv"),
                          {"channel__id__exact": talk_shows.first().channel_id})
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == spreadsheets.HEADERS
    assert len(rows) - 1 == talk_shows.count() == 10
    assert all(r[3] == "Tọa đàm, hội thảo" and re.fullmatch(r"\d\d/\d\d/2019", r[4]) for r in rows[1:])


def test_export_then_import_changes_nothing(client, demo):
    login(client, "dieuphoi")
    exported = client.get(reverse("admin:campaigns_activity_export_xlsx")).content
    before = list(Activity.objects.order_by("pk").values())
    response = upload(client, exported)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok and result.count("unchanged") == len(before) == 49
    assert confirm(client, response).status_code == 302
    assert list(Activity.objects.order_by("pk").values()) == before


# --- importing --------------------------------------------------------------------------------------

def test_data_entry_imports_500_rows_and_sees_them_in_the_admin_and_the_report_preview(client, demo):
    login(client, "dai_ptth")
    plan = Plan.objects.get(document_number="15/KH-UBND")
    draft = Report.objects.create(title="Báo cáo thử", slug="bao-cao-thu", date=dt.date(2020, 1, 10), plan=plan,
                                  issuing_agency=plan.issuing_agency)
    rows = [row(title=f"Bản tin CCHC số {i}", date=dt.date(2019, 1 + i % 12, 1 + i % 28), quantity=1)
            for i in range(500)]
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    assert "500 dòng dữ liệu: 500 thêm mới, 0 cập nhật" in page_text(response)
    assert Activity.objects.filter(title__startswith="Bản tin CCHC số").count() == 0  # nothing before confirming

    response = confirm(client, response)
    assert response.status_code == 302
    assert Activity.objects.filter(title__startswith="Bản tin CCHC số", agency__name=STATION).count() == 500
    changelist = client.get(reverse("admin:campaigns_activity_changelist"), {"q": "Bản tin CCHC số 499"})
    assert "Bản tin CCHC số 499" in changelist.content.decode()
    created = Activity.objects.get(title="Bản tin CCHC số 7")
    assert created.history.first().history_user.username == "dai_ptth"

    login(client, "dieuphoi")
    preview = page_text(client.get(draft.get_absolute_url()))
    assert "1.074" in preview  # 574 + 500 topics, live in the draft's preview

    # The same file again updates nothing and adds nothing.
    login(client, "dai_ptth")
    again = upload(client, xlsx(rows))
    assert again.context["result"].count("unchanged") == 500
    confirm(client, again)
    assert Activity.objects.filter(title__startswith="Bản tin CCHC số").count() == 500


def test_reimport_with_a_changed_quantity_updates_the_row(client, demo):
    login(client, "dai_ptth")
    confirm(client, upload(client, xlsx([row(quantity=2)])))
    response = upload(client, xlsx([row(quantity=5)]))
    assert response.context["result"].count("update") == 1
    confirm(client, response)
    assert Activity.objects.get(title="Phóng sự CCHC").quantity == 5


def test_data_entry_cannot_import_another_agencys_rows_and_nothing_is_saved(client, demo):
    login(client, "bao_camau")
    response = upload(client, xlsx([row(agency=PAPER, channel="Báo chí (báo in, báo ảnh)", title="Bài hợp lệ"),
                                    row(agency=STATION, title="Bài của Đài")]))
    assert "Dòng 3, cột Cơ quan, đơn vị: bạn chỉ được nhập kết quả của Báo Cà Mau" in page_text(response)
    assert "token" not in response.context
    assert not Activity.objects.filter(title__in=["Bài hợp lệ", "Bài của Đài"]).exists()


def test_blank_agency_means_the_officers_own_agency(client, demo):
    login(client, "bao_camau")
    confirm(client, upload(client, xlsx([row(agency=None, channel="Báo chí (báo in, báo ảnh)")])))
    assert Activity.objects.get(title="Phóng sự CCHC").agency.name == PAPER


@pytest.mark.parametrize(("cells", "message"), [
    ({"quantity": "hai"}, "Dòng 2, cột Số lượng: phải là số không âm"),
    ({"quantity": -3}, "Dòng 2, cột Số lượng: phải là số không âm"),
    ({"quantity": 2.5}, "Dòng 2, cột Số lượng: phải là số không âm"),
    ({"participants": "nhiều"}, "Dòng 2, cột Số người tham dự: phải là số không âm"),
    ({"date": "32/01/2019"}, "Dòng 2, cột Ngày thực hiện: “32/01/2019” không phải ngày hợp lệ (dd/mm/yyyy)"),
    ({"date": None}, "Dòng 2, cột Ngày thực hiện: không được để trống"),
    ({"agency": "Sở Không Tồn Tại"}, "Dòng 2, cột Cơ quan, đơn vị: không tìm thấy cơ quan, đơn vị “Sở Không Tồn Tại”"),
    ({"channel": "Bồ câu đưa thư"}, "Dòng 2, cột Hình thức tuyên truyền: không có hình thức tuyên truyền “Bồ câu"),
    ({"plan": "99/KH-UBND"}, "Dòng 2, cột Kế hoạch: không tìm thấy kế hoạch “99/KH-UBND”"),
    ({"task": "Nhiệm vụ lạ"}, "Dòng 2, cột Nhiệm vụ: kế hoạch 15/KH-UBND không có nhiệm vụ “Nhiệm vụ lạ”"),
    ({"url": "javascript:alert(1)"}, "Dòng 2, cột Đường dẫn minh chứng: không phải đường dẫn hợp lệ"),
    ({"title": ""}, "Dòng 2, cột Nội dung: không được để trống"),
])
def test_bad_cells_are_reported_by_row_and_column(client, demo, cells, message):
    login(client, "dieuphoi")
    response = upload(client, xlsx([row(**cells)]))
    assert response.status_code == 200
    assert message in page_text(response)
    assert "chưa có dòng nào được lưu" in page_text(response)
    assert not Activity.objects.filter(title="Phóng sự CCHC").exists()


def test_dates_as_excel_serials_real_dates_and_text(client, demo):
    login(client, "dieuphoi")
    rows = [row(title="Ngày dạng số", date=43539),  # Excel's serial for 15/03/2019
            row(title="Ngày thật", date=dt.datetime(2019, 3, 16)),
            row(title="Ngày chữ", date="17/03/2019"),
            row(title="Số có dấu chấm", quantity="1.234")]
    confirm(client, upload(client, xlsx(rows)))
    dates = dict(Activity.objects.filter(title__startswith="Ngày").values_list("title", "date"))
    assert dates == {"Ngày dạng số": dt.date(2019, 3, 15), "Ngày thật": dt.date(2019, 3, 16),
                     "Ngày chữ": dt.date(2019, 3, 17)}
    assert Activity.objects.get(title="Số có dấu chấm").quantity == 1234


def test_the_same_row_twice_in_one_file_is_an_error(client, demo):
    login(client, "dieuphoi")
    response = upload(client, xlsx([row(), row()]))
    assert "Dòng 3: trùng với dòng 2" in page_text(response)


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"this is not a spreadsheet at all", "ket-qua.xlsx", "Tệp không phải là bảng tính Excel (.xlsx)"),
    ("Kế hoạch,Nhiệm vụ\n15/KH-UBND,x\n".encode(), "doi-duoi.xlsx", "Tệp không phải là bảng tính Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "cu.xls", "Đây là tệp Excel cũ (.xls)"),
    (xlsx([], headers=spreadsheets.HEADERS[:-2]), "thieu.xlsx",
     "thiếu cột “Đường dẫn minh chứng”, “Ghi chú”"),
    (xlsx([], headers=[*spreadsheets.HEADERS, "Cột lạ"]), "thua.xlsx", "thừa cột “Cột lạ”"),
    (xlsx([], headers=[]), "trong.xlsx", "Trang tính đầu tiên trống"),
    (xlsx([]), "chi-tieu-de.xlsx", "Tệp không có dòng dữ liệu nào"),
])
def test_bad_files_get_a_clear_message(client, demo, content, name, message):
    login(client, "dieuphoi")
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in page_text(response)


def test_a_damaged_zip_is_not_a_server_error(client, demo):
    login(client, "dieuphoi")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-really-xml")
    response = upload(client, buffer.getvalue())
    assert response.status_code == 400
    assert "Không đọc được tệp Excel" in page_text(response)


def test_a_file_over_the_limit_is_refused_before_it_is_parsed(client, demo, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1024 * 1024

    def must_not_parse(*args, **kwargs):
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr(spreadsheets, "load_workbook", must_not_parse)
    login(client, "dieuphoi")
    response = upload(client, b"PK" + b"\0" * 1_572_862)
    assert response.status_code == 400
    assert "Tệp quá lớn (1,5 MB); tối đa 1 MB. Vui lòng chia nhỏ tệp." in page_text(response)


def test_a_zip_bomb_is_refused(client, demo, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    login(client, "dieuphoi")
    rows = [row(title="x" * 250 + str(i)) for i in range(3000)]
    response = upload(client, xlsx(rows))
    assert response.status_code == 400
    assert "Tệp giải nén ra quá lớn" in page_text(response)


def test_saving_is_all_or_nothing(client, demo, monkeypatch):
    login(client, "dai_ptth")
    confirm(client, upload(client, xlsx([row(title="Đã có", quantity=1)])))
    response = upload(client, xlsx([row(title="Đã có", quantity=9), row(title="Mới")]))

    def fail(*args, **kwargs):
        raise RuntimeError("database went away mid-import")

    monkeypatch.setattr(spreadsheets, "bulk_update_with_history", fail)
    with pytest.raises(RuntimeError):
        confirm(client, response)
    assert not Activity.objects.filter(title="Mới").exists()  # the created rows were rolled back too
    assert Activity.objects.get(title="Đã có").quantity == 1


def test_a_token_from_someone_else_or_forged_is_refused(client, demo):
    login(client, "dai_ptth")
    token = upload(client, xlsx([row()])).context["token"]
    login(client, "dieuphoi")
    for forged in (token, "../../etc/passwd", "0" * 32):
        response = client.post(IMPORT_URL, {"token": forged})
        assert response.status_code == 400
        assert "Tệp đã kiểm tra không còn" in page_text(response)
    assert not Activity.objects.filter(title="Phóng sự CCHC").exists()


def test_users_without_add_permission_cannot_import(client, demo):
    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code in (302, 403)


@pytest.mark.slow
def test_twenty_thousand_rows_import_in_one_go(client, demo, capsys):
    login(client, "dai_ptth")
    rows = [row(title=f"Tin CCHC {i}", date=dt.date(2019, 1 + i % 12, 1 + i % 28), quantity=1) for i in range(20_000)]
    content = xlsx(rows)
    started = time.monotonic()
    response = upload(client, content)
    checked = time.monotonic()
    assert response.context["result"].count("create") == 20_000
    assert confirm(client, response).status_code == 302
    done = time.monotonic()
    assert Activity.objects.filter(title__startswith="Tin CCHC ").count() == 20_000
    with capsys.disabled():
        print(f"\n20,000-row import ({len(content) / 1e6:.1f} MB): check {checked - started:.1f} s, "
              f"check again + save {done - checked:.1f} s")
