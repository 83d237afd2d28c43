"""Staff accounts onboarded in bulk from Excel (issue 24, item 5): a coordinator downloads the template,
uploads a file, sees it checked row by row (saving nothing), and confirms; the accounts are created all
or nothing, each welcomed by its set-password email once the transaction has committed. Every row meets
the rules of the form a coordinator fills in by hand: an email used once whatever its case, a data-entry
officer with an agency open today, a role the coordinator may grant. Bad rows are named, in Vietnamese,
and nothing is saved."""

import datetime as dt
import html
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import spreadsheets
from accounts.models import User
from accounts.roles import AGENCY_HEAD, COORDINATOR, DATA_ENTRY
from core.spreadsheets import PROBLEMS_HEADER
from tests.factories import AgencyFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:accounts_user_import")
TEMPLATE = reverse("admin:accounts_user_import_template")
LIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def agencies():
    return (AgencyFactory(name="Sở Nội vụ thử", short_name="SNV"),
            AgencyFactory(name="UBND xã Tân Thành thử", kind="cap_xa", official_code="32001"))


@pytest.fixture
def closed_agency():
    return AgencyFactory(name="UBND huyện Năm Căn thử", kind="cap_huyen", official_code="971",
                         existed_to=dt.date(2025, 6, 30), is_active=False)


@pytest.fixture
def coordinator(client, agencies):
    user = coordinator_user(agency=agencies[0], username="dieuphoi", full_name="Cán bộ điều phối",
                            email="dieuphoi@tinh.gov.vn")
    client.force_login(user)
    return user


def xlsx(rows, headers=None):
    workbook = Workbook()
    workbook.active.append(headers or spreadsheets.HEADERS)
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="can-bo.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT, {"file": file})


def confirm(client, response):
    return client.post(IMPORT, {"token": response.context["token"], "filename": "can-bo.xlsx"})


def page_text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


GOOD_ROWS = [
    ["Trần Văn Bình", "binh@tinh.gov.vn", "UBND xã Tân Thành thử", "Cán bộ nhập liệu", ""],
    ["Lê Thị Hoa", "Hoa@Tinh.gov.vn", "32001", "cán bộ nhập liệu", "lethihoa"],
    ["Phạm Minh Châu", "chau@tinh.gov.vn", "SNV", "Điều phối cấp tỉnh", ""],
]


def test_the_change_list_offers_the_import_and_the_template_to_a_coordinator(client, coordinator):
    text = page_text(client.get(LIST))
    assert "Nhập từ Excel" in text and "Tải mẫu Excel" in text


def test_the_template_lists_open_agencies_and_the_roles_the_coordinator_may_grant(
        client, coordinator, agencies, closed_agency):
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Cán bộ"]
    assert [c.value for c in sheet[1]] == ["Họ và tên*", "Email công vụ*", "Cơ quan, đơn vị", "Vai trò*",
                                          "Tên đăng nhập"]
    lists = workbook["Danh mục"]
    agencies_listed = [c.value for c in lists["A"][1:] if c.value]
    assert "UBND xã Tân Thành thử" in agencies_listed and "UBND huyện Năm Căn thử" not in agencies_listed
    assert [c.value for c in lists["C"][1:] if c.value] == [DATA_ENTRY, AGENCY_HEAD, COORDINATOR]
    assert {str(dv.sqref).split(":")[0] for dv in sheet.data_validations.dataValidation} == {"C2", "D2"}


def test_a_good_file_creates_every_account_and_one_email_each_after_commit(
        client, coordinator, agencies, django_capture_on_commit_callbacks):
    response = upload(client, xlsx(GOOD_ROWS))
    assert response.status_code == 200, page_text(response)
    assert response.context["can_confirm"] and response.context["create_count"] == 3
    # The check saved nothing and sent nothing.
    assert not User.objects.filter(email__iendswith="@tinh.gov.vn").exclude(pk=coordinator.pk).exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = confirm(client, response)
    assert done.status_code == 302 and done.url == LIST
    assert mail.outbox == []  # not before the commit
    for callback in callbacks:
        callback()
    created = {u.email: u for u in User.objects.exclude(pk=coordinator.pk)}
    assert set(created) == {"binh@tinh.gov.vn", "Hoa@tinh.gov.vn", "chau@tinh.gov.vn"}  # domain in lower case
    binh = created["binh@tinh.gov.vn"]
    assert binh.username == "binh@tinh.gov.vn" and binh.full_name == "Trần Văn Bình"
    assert binh.agency == agencies[1] and binh.is_staff and not binh.has_usable_password()
    assert list(binh.groups.values_list("name", flat=True)) == [DATA_ENTRY]
    assert created["Hoa@tinh.gov.vn"].username == "lethihoa"
    assert list(created["chau@tinh.gov.vn"].groups.values_list("name", flat=True)) == [COORDINATOR]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(created)
    assert all("đặt mật khẩu" in m.body for m in mail.outbox)


def bad_file(client, rows):
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    assert not response.context["can_confirm"]
    return page_text(response)


def test_an_address_already_in_use_whatever_its_case_is_named_and_nothing_is_saved(
        client, coordinator, agencies, django_capture_on_commit_callbacks):
    data_entry_user(agencies[1], username="cu", email="chau@tinh.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        text = bad_file(client, [*GOOD_ROWS[:2], ["Phạm Minh Châu", "CHAU@tinh.gov.vn", "SNV", COORDINATOR, ""]])
    assert "Dòng 4, cột Email công vụ: Email này đã dùng cho một tài khoản khác." in text
    assert "chưa có dòng nào được lưu" in text
    assert User.objects.count() == 2 and mail.outbox == []


def test_the_same_address_twice_in_the_file_names_the_first_row(client, coordinator):
    text = bad_file(client, [GOOD_ROWS[0], ["Trần Văn Bình", "BINH@tinh.gov.vn", "SNV", DATA_ENTRY, "binh2"]])
    assert "Dòng 3, cột Email công vụ: email “BINH@tinh.gov.vn” đã có ở dòng 2" in text


def test_a_user_name_taken_from_a_repeated_email_is_not_a_second_problem(client, coordinator):
    text = bad_file(client, [GOOD_ROWS[0], ["Trần Văn Bình", "BINH@tinh.gov.vn", "SNV", DATA_ENTRY, ""]])
    assert "đã có ở dòng 2" in text and "cột Tên đăng nhập" not in text


def test_a_data_entry_officer_needs_an_agency(client, coordinator):
    text = bad_file(client, [["Trần Văn Bình", "binh@tinh.gov.vn", "", DATA_ENTRY, ""]])
    assert "Dòng 2, cột Cơ quan, đơn vị: Cán bộ nhập liệu cần thuộc một cơ quan, đơn vị" in text


def test_an_agency_closed_today_is_refused_with_why(client, coordinator, closed_agency):
    text = bad_file(client, [["Trần Văn Bình", "binh@tinh.gov.vn", "971", DATA_ENTRY, ""]])
    assert "Dòng 2, cột Cơ quan, đơn vị: UBND huyện Năm Căn thử đã thôi hoạt động từ 01/07/2025." in text


def test_an_unknown_agency_or_role_is_named(client, coordinator):
    text = bad_file(client, [["Trần Văn Bình", "binh@tinh.gov.vn", "Sở Không Có", "Quản trị", ""]])
    assert "Dòng 2, cột Cơ quan, đơn vị: không tìm thấy cơ quan, đơn vị “Sở Không Có”" in text
    assert "Dòng 2, cột Vai trò: không có vai trò “Quản trị”" in text


def test_a_role_beyond_the_coordinators_own_permissions_is_refused(client, coordinator, agencies):
    # The data-entry role now holds something the coordinator does not: they may no longer grant it.
    Group.objects.get(name=DATA_ENTRY).permissions.add(Permission.objects.get(codename="delete_user"))
    text = bad_file(client, [GOOD_ROWS[0]])
    assert "Dòng 2, cột Vai trò: bạn không được cấp vai trò “Cán bộ nhập liệu”" in text


def test_required_cells_are_named(client, coordinator):
    text = bad_file(client, [["", "", "SNV", "", ""]])
    for column in ("Họ và tên", "Email công vụ", "Vai trò"):
        assert f"Dòng 2, cột {column}: không được để trống" in text


def test_a_file_that_went_bad_since_its_check_saves_nothing_on_confirm(
        client, coordinator, agencies, django_capture_on_commit_callbacks):
    response = upload(client, xlsx(GOOD_ROWS))
    assert response.context["can_confirm"]
    data_entry_user(agencies[1], username="nhanh_tay", email="chau@tinh.gov.vn")  # someone was quicker
    with django_capture_on_commit_callbacks(execute=True):
        again = confirm(client, response)
    assert again.status_code == 400
    assert "Dòng 4, cột Email công vụ: Email này đã dùng cho một tài khoản khác." in page_text(again)
    assert not User.objects.filter(email__in=["binh@tinh.gov.vn", "Hoa@Tinh.gov.vn"]).exists()
    assert mail.outbox == []


def test_the_problems_file_carries_each_rows_errors(client, coordinator):
    response = upload(client, xlsx([GOOD_ROWS[0], ["+cmd|' /C calc'!A0", "khong-phai-email", "SNV", DATA_ENTRY, ""]]))
    problems = client.get(response.context["problems_url"])
    assert problems.status_code == 200
    sheet = load_workbook(io.BytesIO(problems.content)).active
    assert sheet.cell(1, 6).value == PROBLEMS_HEADER
    assert sheet.cell(2, 6).value is None
    assert "Email công vụ" in sheet.cell(3, 6).value
    cell = sheet.cell(3, 1)  # never a formula, shown as typed (issue 26)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("+cmd|' /C calc'!A0", "s", True)
    assert sheet.cell(3, 2).fill.fgColor.rgb.endswith("F8D7DA")


def test_a_data_entry_officer_may_not_import(client, agencies):
    officer = data_entry_user(agencies[1], username="canbo", email="canbo@tinh.gov.vn")
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "add_user"]))
    client.force_login(officer)
    assert client.get(IMPORT).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert upload(client, xlsx(GOOD_ROWS)).status_code == 403
    assert "Nhập từ Excel" not in page_text(client.get(LIST))
