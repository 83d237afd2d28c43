"""A province's agencies loaded from Excel (issue 24, item 5): code, name, kind, parent (in the file or
already there) and the agencies before (recorded as change events that close them), checked row by row by
the model and agency_change_record, saved all or nothing by a coordinator only. Bad input — an unknown
code, a code given twice or already given, a loop of successors, a merge dated before its sources
existed — is named with its row, in Vietnamese, and nothing is saved."""

import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agencies import spreadsheets
from agencies.models import Agency, AgencyChange
from core.spreadsheets import PROBLEMS_HEADER
from tests.factories import AgencyFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:agencies_agency_import")
TEMPLATE = reverse("admin:agencies_agency_import_template")
LIST = reverse("admin:agencies_agency_changelist")
BASIS = "Nghị quyết 1655/NQ-UBTVQH15"


@pytest.fixture
def province():
    return AgencyFactory(name="UBND tỉnh Cà Mau thử", kind="ubnd_tinh", official_code="96")


@pytest.fixture
def districts(province):
    return (AgencyFactory(name="UBND huyện Năm Căn thử", kind="cap_huyen", official_code="971", parent=province,
                          existed_from=dt.date(2004, 1, 1)),
            AgencyFactory(name="UBND huyện Ngọc Hiển thử", kind="cap_huyen", official_code="972", parent=province,
                          existed_from=dt.date(2004, 1, 1)))


@pytest.fixture
def coordinator(client, province):
    user = coordinator_user(agency=province, username="dieuphoi", email="dieuphoi@tinh.gov.vn")
    client.force_login(user)
    return user


def xlsx(rows):
    workbook = Workbook()
    workbook.active.append(spreadsheets.HEADERS)
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content):
    file = io.BytesIO(content)
    file.name = "don-vi.xlsx"
    return client.post(IMPORT, {"file": file})


def page_text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def row(code="", name="", short="", kind="Cấp xã", parent="96", since="", before="", change="", basis=""):
    return [code, name, short, kind, parent, since, before, change, basis]


GOOD = [
    row(name="Trung tâm Phục vụ hành chính công thử", kind="Tổ chức khác", parent="Sở Nội vụ mới"),  # parent below
    row(name="Sở Nội vụ mới", short="SNV mới", kind="Sở, ban, ngành"),
    row("32101", "UBND xã Năm Căn mới", since="01/07/2025", before="971", change="Sáp nhập, hợp nhất", basis=BASIS),
    row("32102", "UBND xã Đất Mũi mới", since="01/07/2025", before="UBND huyện Ngọc Hiển thử", change="Chia tách",
        basis=BASIS),
    row("32103", "UBND xã Tân Ân mới", parent="UBND tỉnh Cà Mau thử", since="01/07/2025", before="972",
        change="chia tách", basis=BASIS),
]


def test_the_change_list_offers_the_import_and_the_template(client, coordinator):
    text = page_text(client.get(LIST))
    assert "Nhập từ Excel" in text and "Tải mẫu Excel" in text


def test_the_template_has_the_columns_and_the_lists_of_kinds(client, coordinator):
    response = client.get(TEMPLATE)
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Cơ quan, đơn vị"][1]][:4] == ["Mã đơn vị", "Tên cơ quan, đơn vị*",
                                                                     "Tên viết tắt", "Loại*"]
    lists = workbook["Danh mục"]
    assert "Cấp xã" in [c.value for c in lists["A"]] and "Chia tách" in [c.value for c in lists["C"]]


def test_a_good_file_creates_the_agencies_with_their_parents_and_predecessors(client, coordinator, province,
                                                                            districts):
    before = Agency.objects.count()
    response = upload(client, xlsx(GOOD))
    assert response.status_code == 200, page_text(response)
    assert response.context["can_confirm"], response.context["errors"]
    assert Agency.objects.count() == before and not AgencyChange.objects.exists()  # the check saved nothing
    assert Agency.objects.get(pk=districts[0].pk).existed_to is None
    done = client.post(IMPORT, {"token": response.context["token"], "filename": "don-vi.xlsx"})
    assert done.status_code == 302
    assert Agency.objects.count() == before + 5
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công thử")
    assert centre.parent.name == "Sở Nội vụ mới" and centre.kind == "khac"
    nam_can = Agency.objects.get(official_code="32101")
    assert nam_can.parent == province and nam_can.existed_from == dt.date(2025, 7, 1)
    assert list(nam_can.predecessors()) == [districts[0]]
    assert {a.official_code for a in districts[1].successors()} == {"32102", "32103"}
    split = AgencyChange.objects.get(kind="split")
    assert split.legal_basis == BASIS and split.effective_date == dt.date(2025, 7, 1)
    assert AgencyChange.objects.count() == 2
    for district in districts:
        district.refresh_from_db()
        assert district.existed_to == dt.date(2025, 6, 30) and not district.is_active


def refused(client, rows):
    count, changes = Agency.objects.count(), AgencyChange.objects.count()
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    assert not response.context["can_confirm"]
    assert Agency.objects.count() == count and AgencyChange.objects.count() == changes
    return page_text(response)


def test_an_unknown_code_is_named(client, coordinator, districts):
    text = refused(client, [row("32101", "UBND xã A", since="01/07/2025", before="99999", change="Sáp nhập, hợp nhất",
                                basis=BASIS),
                            row("32102", "UBND xã B", parent="98")])
    assert "Dòng 2, cột Đơn vị trước: không tìm thấy đơn vị “99999”" in text
    assert "Dòng 3, cột Cơ quan cấp trên: không tìm thấy đơn vị “98”" in text


def test_a_code_twice_in_the_file_or_already_given_is_named(client, coordinator, districts):
    text = refused(client, [row("32101", "UBND xã A"), row("32101", "UBND xã B"),
                            row("971", "UBND huyện khác", kind="Cấp huyện")])
    assert "Dòng 3, cột Mã đơn vị: mã “32101” đã có ở dòng 2" in text
    assert "Dòng 4, cột Mã đơn vị: Mã 971 đã cấp cho “UBND huyện Năm Căn thử”" in text


def test_a_code_of_the_wrong_shape_is_named(client, coordinator):
    text = refused(client, [row("321", "UBND xã A")])
    assert "Dòng 2, cột Mã đơn vị: Mã đơn vị hành chính của đơn vị loại “Cấp xã” gồm 5 chữ số." in text


def test_a_loop_of_successors_is_named(client, coordinator):
    text = refused(client, [
        row("32101", "UBND xã A", since="01/07/2025", before="32102", change="Sáp nhập, hợp nhất", basis=BASIS),
        row("32102", "UBND xã B", since="01/07/2025", before="32101", change="Sáp nhập, hợp nhất", basis=BASIS)])
    assert "Dòng 2, cột Đơn vị trước: tạo thành vòng kế thừa (dòng 2 → dòng 3 → dòng 2)" in text


def test_a_merge_dated_before_its_sources_existed_is_named(client, coordinator, districts):
    text = refused(client, [row("32101", "UBND xã A", since="01/07/2000", before="971",
                                change="Sáp nhập, hợp nhất", basis=BASIS)])
    assert ("Dòng 2, cột Hoạt động từ ngày: Ngày hiệu lực 01/07/2000 không sau ngày UBND huyện Năm Căn thử bắt đầu "
            "hoạt động (01/01/2004)") in text


def test_predecessors_need_a_date_a_kind_and_a_legal_basis(client, coordinator, districts):
    text = refused(client, [row("32101", "UBND xã A", before="971")])
    assert "Dòng 2, cột Hoạt động từ ngày: đơn vị có đơn vị trước cần ngày hoạt động từ" in text
    assert "Dòng 2, cột Loại thay đổi: đơn vị có đơn vị trước cần loại thay đổi" in text
    text = refused(client, [row("32101", "UBND xã A", since="01/07/2025", before="971", change="Sáp nhập, hợp nhất")])
    assert "Dòng 2, cột Căn cứ pháp lý: Hãy ghi căn cứ pháp lý" in text


def test_the_problems_file_names_the_rows(client, coordinator):
    response = upload(client, xlsx([row("32101", "UBND xã A"), row("32101", "UBND xã B")]))
    sheet = load_workbook(io.BytesIO(client.get(response.context["problems_url"]).content)).active
    assert sheet.cell(1, 10).value == PROBLEMS_HEADER
    assert sheet.cell(2, 10).value is None and "đã có ở dòng 2" in sheet.cell(3, 10).value


def test_only_a_coordinator_may_import(client, province):
    client.force_login(data_entry_user(province, username="canbo"))
    assert client.get(IMPORT).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert upload(client, xlsx(GOOD)).status_code == 403
