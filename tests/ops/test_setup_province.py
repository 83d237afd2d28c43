"""`manage.py setup_province`: a real province starts from an empty database with its official units
(the National Statistics Office's list, packaged as vietnam-provinces), the standard departments and its
first coordinator, who sets a password from an email; without the demo, and the same after a second run."""

import datetime as dt
import io
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import COORDINATOR, DATA_ENTRY
from agencies.models import Agency
from campaigns.models import Activity, Plan, ReportingPeriod
from core.models import PortalIdentity
from ops.province import ProvinceSetupError, official_list, official_province
from tests.factories import data_entry_user

pytestmark = pytest.mark.django_db

EMAIL = "dieuphoi.cchc@example.gov.vn"


def setup(code="96", email=EMAIL, name="Nguyễn Thị Điều Phối", capture=None):
    out = io.StringIO()
    if capture is None:
        call_command("setup_province", code, coordinator_email=email, coordinator_name=name, stdout=out)
    else:
        with capture(execute=True):
            call_command("setup_province", code, coordinator_email=email, coordinator_name=name, stdout=out)
    return out.getvalue()


def snapshot():
    return (list(Agency.objects.order_by("pk").values_list("pk", "name", "official_code", "kind", "parent_id",
                                                           "existed_from", "updated_at")),
            Agency.history.count(),
            list(User.objects.order_by("pk").values_list("pk", "username", "email", "password", "is_staff",
                                                         "password_links_sent")),
            list(PortalIdentity.objects.values_list("province_code", "site_name", "operator_name", "updated_at")))


def test_an_empty_database_gets_the_province_its_communes_departments_and_first_coordinator(
        django_capture_on_commit_callbacks):
    output = setup(capture=django_capture_on_commit_callbacks)

    province = Agency.objects.get(official_code="96")
    assert (province.name, province.kind, province.parent) == ("UBND tỉnh Cà Mau", Agency.Kind.PROVINCE, None)

    communes = Agency.objects.filter(kind=Agency.Kind.COMMUNE)
    assert communes.count() == 64
    assert set(communes.values_list("parent", flat=True)) == {province.pk}
    assert set(communes.values_list("existed_from", flat=True)) == {dt.date(2025, 7, 1)}  # NQ 202/2025/QH15
    assert all(re.fullmatch(r"[0-9]{5}", code) for code in communes.values_list("official_code", flat=True))
    # Phường and đặc khu are commune-level units: kind "Cấp xã", their exact official name kept.
    assert communes.get(official_code="32002").name == "Phường An Xuyên"
    assert communes.filter(name__startswith="Phường").exists() and communes.filter(name__startswith="Xã").exists()

    departments = Agency.objects.filter(kind=Agency.Kind.DEPARTMENT)
    assert set(departments.values_list("name", flat=True)) == {
        "Văn phòng UBND tỉnh Cà Mau", "Sở Nội vụ tỉnh Cà Mau", "Sở Tư pháp tỉnh Cà Mau", "Sở Tài chính tỉnh Cà Mau",
        "Sở Công Thương tỉnh Cà Mau", "Sở Nông nghiệp và Môi trường tỉnh Cà Mau", "Sở Xây dựng tỉnh Cà Mau",
        "Sở Khoa học và Công nghệ tỉnh Cà Mau", "Sở Giáo dục và Đào tạo tỉnh Cà Mau", "Sở Y tế tỉnh Cà Mau",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau", "Thanh tra tỉnh Cà Mau"}
    assert set(departments.values_list("parent", flat=True)) == {province.pk}
    assert set(departments.values_list("official_code", flat=True)) == {""}
    assert Agency.objects.count() == 1 + 64 + 12  # no press: the official list names none

    coordinator = User.objects.get(email=EMAIL)
    assert coordinator.is_staff and coordinator.is_active and not coordinator.is_superuser
    assert not coordinator.has_usable_password()
    assert list(coordinator.groups.values_list("name", flat=True)) == [COORDINATOR]
    assert coordinator.full_name == "Nguyễn Thị Điều Phối"
    assert coordinator.agency.name == "Sở Nội vụ tỉnh Cà Mau"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "đặt mật khẩu" in message.subject
    assert re.search(r"http://testserver/\S*/dat-mat-khau/\S+/\S+/", message.body)  # built from SITE_URL

    assert "Cà Mau" in output and "64" in output


def test_the_coordinator_sets_a_password_from_the_link_and_signs_in(client, django_capture_on_commit_callbacks):
    setup(capture=django_capture_on_commit_callbacks)
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    page = client.post(form.redirect_chain[-1][0], {"new_password1": "Mat-khau-rat-dai-2026!",
                                                    "new_password2": "Mat-khau-rat-dai-2026!"})
    assert page.status_code == 302
    assert User.objects.get(email=EMAIL).has_usable_password()


def test_running_it_twice_changes_nothing_and_sends_no_second_email(django_capture_on_commit_callbacks):
    setup(capture=django_capture_on_commit_callbacks)
    before = snapshot()
    output = setup(capture=django_capture_on_commit_callbacks)
    assert snapshot() == before
    assert len(mail.outbox) == 1
    assert "đã có" in output
    assert re.search(r"64 đã có", output)


def test_an_unknown_province_code_is_refused_and_nothing_is_saved(django_capture_on_commit_callbacks):
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã 97"):
        setup(code="97", capture=django_capture_on_commit_callbacks)
    for bad in ("abc", "960"):
        with pytest.raises(CommandError, match="Mã tỉnh"):
            setup(code=bad, capture=django_capture_on_commit_callbacks)
    assert not Agency.objects.exists() and not User.objects.exists() and not PortalIdentity.objects.exists()
    assert mail.outbox == []


def test_an_email_already_in_use_is_refused_naming_it_and_nothing_is_saved(django_capture_on_commit_callbacks):
    officer = data_entry_user(agency=Agency.objects.create(name="Một cơ quan có sẵn"), username="canbo")
    User.objects.filter(pk=officer.pk).update(email="Da.Dung@example.gov.vn")
    agencies_before = Agency.objects.count()
    with pytest.raises(CommandError, match=r"da\.dung@example\.gov\.vn.*đã dùng") as refused:
        setup(email="da.dung@example.gov.vn", capture=django_capture_on_commit_callbacks)
    assert "Email này đã dùng cho một tài khoản khác" in str(refused.value)
    assert Agency.objects.count() == agencies_before
    assert User.objects.count() == 1 and not PortalIdentity.objects.exists()
    assert mail.outbox == []


def test_no_demo_data_is_created(django_capture_on_commit_callbacks):
    setup(capture=django_capture_on_commit_callbacks)
    assert not Plan.objects.exists() and not Activity.objects.exists() and not ReportingPeriod.objects.exists()
    assert not Agency.objects.filter(kind__in=[Agency.Kind.PRESS, Agency.Kind.DISTRICT]).exists()
    assert list(User.objects.values_list("email", flat=True)) == [EMAIL]
    assert not User.objects.filter(groups__name=DATA_ENTRY).exists()


def test_an_empty_identity_gets_the_province(django_capture_on_commit_callbacks):
    setup(capture=django_capture_on_commit_callbacks)
    identity = PortalIdentity.objects.get()
    assert identity.province_code == "96"
    assert identity.operator_name == "Ủy ban nhân dân tỉnh Cà Mau"
    assert identity.site_name == "Cổng thông tin tuyên truyền cải cách hành chính tỉnh Cà Mau"
    assert identity.document_issuer == "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU"
    assert identity.document_place == "Cà Mau"
    assert "Cà Mau" in mail.outbox[0].body  # the welcome email names the portal it is for


def test_an_identity_already_set_is_left_alone(django_capture_on_commit_callbacks):
    PortalIdentity.objects.create(site_name="Cổng CCHC đã đặt tên", operator_name="Cơ quan đã khai báo",
                                  province_code="96")
    before = list(PortalIdentity.objects.values())
    setup(capture=django_capture_on_commit_callbacks)
    assert list(PortalIdentity.objects.values()) == before


def test_a_unit_of_the_list_already_typed_without_its_code_is_refused_saying_what_to_do(
        django_capture_on_commit_callbacks):
    Agency.objects.create(name="Phường An Xuyên", kind=Agency.Kind.COMMUNE)
    with pytest.raises(CommandError, match="“Phường An Xuyên”.*32002.*nhập mã đó trong trang quản trị"):
        setup(capture=django_capture_on_commit_callbacks)
    assert Agency.objects.count() == 1 and not User.objects.exists() and mail.outbox == []


class TestOnTheDemo:
    def test_the_demo_units_with_the_same_code_or_name_are_kept_as_they_are(self, demo,
                                                                           django_capture_on_commit_callbacks):
        ubnd = Agency.objects.get(official_code="96")
        demo_agencies = Agency.objects.count()
        output = setup(capture=django_capture_on_commit_callbacks)
        assert "UBND tỉnh, thành phố: 0 tạo mới, 1 đã có" in output
        assert set(Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, parent=ubnd, is_active=True)
                   .values_list("name", flat=True)) >= {"Văn phòng UBND tỉnh Cà Mau", "Sở Nội vụ tỉnh Cà Mau"}
        created = Agency.objects.count() - demo_agencies
        assert created == int(re.search(r"đặc khu.*: (\d+) tạo mới", output).group(1)) + int(
            re.search(r"sở, ngành: (\d+) tạo mới", output).group(1))
        assert "Thông tin cổng: đã có, giữ nguyên" in output


def test_names_follow_the_writing_rules_for_cities():
    hanoi, hcmc, camau = (official_province(code) for code in ("01", "79", "96"))
    assert (hanoi.place, hanoi.document_place) == ("thành phố Hà Nội", "Hà Nội")
    assert (hcmc.place, hcmc.document_place) == ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh")
    assert (camau.place, camau.document_place) == ("tỉnh Cà Mau", "Cà Mau")
    assert official_province("1") == hanoi


@pytest.mark.parametrize("code", ["0²", "٩٦", "９６", "²"])
def test_a_code_of_non_ascii_digits_is_refused_as_not_a_code(code):
    """str.isdigit accepts superscripts and other scripts' digits: "0²" became "mã 0²"."""
    with pytest.raises(ProvinceSetupError, match=f"Mã tỉnh “{code}” không hợp lệ"):
        official_province(code)


def test_the_packaged_list_is_the_2025_one():
    provinces = official_list()
    assert len(provinces) == 34
    assert sum(len(province.communes) for province in provinces.values()) == 3321
    assert len(provinces["79"].communes) == 168 and len(provinces["96"].communes) == 64


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "không kết nối được")


@pytest.mark.django_db(transaction=True)
def test_the_command_says_the_email_was_sent_once_committed():
    output = setup()
    assert f"Đã gửi email đặt mật khẩu tới {EMAIL}" in output
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_email_that_cannot_be_sent_keeps_the_account_and_says_how_to_get_a_link(settings):
    settings.EMAIL_BACKEND = "tests.ops.test_setup_province.RefusingBackend"
    errors = io.StringIO()
    call_command("setup_province", "96", coordinator_email=EMAIL, coordinator_name="Nguyễn Thị Điều Phối",
                 stdout=io.StringIO(), stderr=errors)
    assert "chưa gửi được email đặt mật khẩu" in errors.getvalue() and "Quên mật khẩu?" in errors.getvalue()
    assert User.objects.filter(email=EMAIL, is_staff=True).exists() and Agency.objects.count() == 77
