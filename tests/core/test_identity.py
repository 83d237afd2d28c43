"""The portal's identity (core.models.PortalIdentity), set once in the admin by those allowed to: whose portal it
is, how to reach them (Nghị định 42/2022/NĐ-CP, Điều 4), and the defaults of every Word document. It shows on
every public page (header, title, footer, og:site_name), in emails, feeds, the Sites row, a new report's Word
letterhead and the Excel files' properties; empty, it shows a neutral name to the public and a prompt to staff."""

import io
import re
from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from accounts.emails import send_welcome_email
from core.identity import GENERIC_SITE_NAME, current_identity
from core.models import PortalIdentity
from reports.models import Report
from reports.word_documents import report_docx
from tests.factories import AgencyFactory, UserFactory, coordinator_user, data_entry_user

CHANGELIST = reverse("admin:core_portalidentity_changelist")
HOME = reverse("reports:home")
REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"

NEW_IDENTITY = {
    "site_name": "Cổng thông tin tuyên truyền cải cách hành chính tỉnh Thử Nghiệm",
    "short_name": "CCHC Thử Nghiệm",
    "operator_name": "Ủy ban nhân dân tỉnh Thử Nghiệm",
    "province_code": "99",
    "address": "Số 1 đường Thử Nghiệm, phường Trung Tâm",
    "phone": "0290 3831 234",
    "fax": "0290 3831 235",
    "email": "ubnd@thunghiem.gov.vn",
    "contact_name": "Nguyễn Văn Đầu Mối",
    "contact_title": "Chánh Văn phòng",
    "contact_unit": "Văn phòng UBND tỉnh Thử Nghiệm",
    "contact_phone": "0912 345 678",
    "contact_email": "daumoi@thunghiem.gov.vn",
    "document_parent_body": "",
    "document_issuer": "ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM",
    "document_place": "Thử Nghiệm",
    "document_signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "document_signer_name": "Trần Thị Ký",
}


def png(size=(120, 120), trailer=b""):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue() + trailer


def change_identity(client, commit, **changes):
    """What a coordinator does: open *Thông tin cổng* from the admin and save the form."""
    exists = PortalIdentity.objects.exists()
    url = reverse("admin:core_portalidentity_change", args=[1]) if exists else reverse("admin:core_portalidentity_add")
    assert client.get(url).status_code == 200
    with commit():
        return client.post(url, {**NEW_IDENTITY, **changes})


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what happens when the transaction commits (cache invalidation), as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()


def header_and_footer(html):
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    return header, footer


def text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


class TestTheIdentityOnTheDemo:
    def test_the_demo_portal_says_whose_it_is(self, client, demo):
        html = client.get(HOME).content.decode()
        header, footer = header_and_footer(html)
        assert "Cà Mau" in text_of(header)
        assert ('<meta property="og:site_name" content="Cổng thông tin tuyên truyền cải cách hành chính '
                'tỉnh Cà Mau">') in html
        assert "Ủy ban nhân dân tỉnh Cà Mau" in text_of(footer)

    def test_changing_it_in_the_admin_changes_every_public_page_at_once(self, client, demo, commit, page_cache_on):
        assert client.get(HOME)["X-Cache"] == "MISS"
        assert client.get(HOME)["X-Cache"] == "HIT"
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="dieuphoi"))
        assert change_identity(staff, commit).status_code == 302

        response = client.get(HOME)
        assert response["X-Cache"] == "MISS"  # the cached page did not survive the change
        html = response.content.decode()
        header, footer = header_and_footer(html)
        assert "Cổng thông tin tuyên truyền cải cách hành chính tỉnh Thử Nghiệm" in text_of(header)
        assert "<title>Trang chủ — CCHC Thử Nghiệm</title>" in html
        assert ('<meta property="og:site_name" content="Cổng thông tin tuyên truyền cải cách hành chính tỉnh '
                'Thử Nghiệm">') in html
        footer_text = text_of(footer)
        for value in ("Ủy ban nhân dân tỉnh Thử Nghiệm", "Số 1 đường Thử Nghiệm, phường Trung Tâm", "0290 3831 234",
                      "0290 3831 235", "ubnd@thunghiem.gov.vn", "Nguyễn Văn Đầu Mối", "Chánh Văn phòng",
                      "Văn phòng UBND tỉnh Thử Nghiệm", "0912 345 678", "daumoi@thunghiem.gov.vn"):
            assert value in footer_text
        assert 'href="mailto:daumoi@thunghiem.gov.vn"' in footer and 'href="tel:0912345678"' in footer
        assert "Cà Mau" not in header + footer
        # The Sites row (what django.contrib.redirects and the comments app read) and the feeds follow.
        assert Site.objects.get_current().name == "CCHC Thử Nghiệm"  # the full name is longer than the row holds
        feed = client.get(reverse("reports:report_feed_atom")).content.decode()
        assert "CCHC Thử Nghiệm" in feed

    def test_its_history_is_kept(self, client, demo, commit):
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="dieuphoi"))
        change_identity(staff, commit)
        identity = PortalIdentity.objects.get()
        names = [h.site_name for h in identity.history.order_by("history_date")]
        assert names[-2:] == ["Cổng thông tin tuyên truyền cải cách hành chính tỉnh Cà Mau", NEW_IDENTITY["site_name"]]
        assert identity.history.latest().history_user.username == "dieuphoi"

    def test_a_new_report_takes_its_word_defaults_from_the_identity_a_published_one_keeps_its_own(
            self, client, demo, commit):
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="dieuphoi"))
        change_identity(staff, commit)
        add = staff.get(reverse("admin:reports_report_add")).content.decode()
        assert ">\nỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM</textarea>" in add
        assert 'name="place_name" value="Thử Nghiệm"' in add
        assert 'name="signer_name" value="Trần Thị Ký"' in add
        published = Report.objects.get(slug=REPORT_SLUG)
        response = staff.post(reverse("admin:reports_report_add"), {
            "title": "Báo cáo quý I năm 2026", "slug": "bao-cao-quy-i-2026", "document_number": "12/BC-UBND",
            "date": "31/03/2026", "issuing_agency": published.issuing_agency_id, "period": "quy",
            "period_start": "01/01/2026", "period_end": "31/03/2026", "summary": "", "narrative": "",
            "letterhead": NEW_IDENTITY["document_issuer"], "place_name": "Thử Nghiệm",
            "signer_authority": NEW_IDENTITY["document_signer_authority"], "signer_name": "Trần Thị Ký",
            "recipients": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        document = Document(io.BytesIO(report_docx(Report.objects.get(slug="bao-cao-quy-i-2026"))))
        left, right = document.tables[0].rows[0].cells
        assert [p.text for p in left.paragraphs if p.text][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THỬ NGHIỆM"]
        assert [p.text for p in right.paragraphs if p.text][-1] == "Thử Nghiệm, ngày 31 tháng 3 năm 2026"
        signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
        assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Ký"]
        # The published report keeps the letterhead it was published with.
        old = Document(io.BytesIO(client.get(reverse("reports:report_download",
                                                     kwargs={"slug": REPORT_SLUG, "fmt": "docx"})).content))
        assert [p.text for p in old.tables[0].rows[0].cells[0].paragraphs if p.text][:2] == [
            "ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]

    def test_excel_files_carry_the_identity_in_their_properties(self, client, demo, commit):
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="dieuphoi"))
        change_identity(staff, commit)
        files = {
            "report": client.get(reverse("reports:report_download", kwargs={"slug": REPORT_SLUG, "fmt": "xlsx"})),
            "activities": staff.get(reverse("admin:campaigns_activity_export_xlsx")),
            "template": staff.get(reverse("admin:campaigns_activity_template")),
        }
        for name, response in files.items():
            assert response.status_code == 200, name
            properties = load_workbook(io.BytesIO(response.content)).properties
            assert properties.creator == "Ủy ban nhân dân tỉnh Thử Nghiệm", name
            assert properties.lastModifiedBy == "Ủy ban nhân dân tỉnh Thử Nghiệm", name
            assert properties.description == NEW_IDENTITY["site_name"], name
            assert properties.title, name
        report_properties = load_workbook(io.BytesIO(files["report"].content)).properties
        assert report_properties.title == Report.objects.get(slug=REPORT_SLUG).title

    def test_emails_are_sent_and_signed_in_the_portals_name(self, demo, commit):
        staff = Client()
        staff.force_login(get_user_model().objects.get(username="dieuphoi"))
        change_identity(staff, commit)
        mail.outbox.clear()
        send_welcome_email(UserFactory(email="moi@thunghiem.gov.vn", full_name="Lê Văn Mới"))
        (message,) = mail.outbox
        sender = str(make_header(decode_header(message.message()["From"])))
        assert parseaddr(sender)[0] == "CCHC Thử Nghiệm"
        assert "\nCổng thông tin tuyên truyền cải cách hành chính tỉnh Thử Nghiệm\nhttp://testserver" in message.body
        assert "Quản trị Cổng thông tin tuyên truyền cải cách hành chính tỉnh Thử Nghiệm đã tạo" in message.body

    def test_an_officer_cannot_change_it_a_coordinator_can(self, client, demo, commit):
        identity = PortalIdentity.objects.get()
        change = reverse("admin:core_portalidentity_change", args=[identity.pk])
        officer = Client()
        officer.force_login(get_user_model().objects.get(username="dai_ptth"))
        assert officer.get(change).status_code == 403
        assert officer.post(change, NEW_IDENTITY).status_code == 403
        assert officer.get(CHANGELIST).status_code == 403
        assert officer.get(reverse("admin:core_portalidentity_history", args=[identity.pk])).status_code == 403
        assert PortalIdentity.objects.get().site_name.endswith("Cà Mau")
        coordinator = Client()
        coordinator.force_login(get_user_model().objects.get(username="dieuphoi"))
        assert coordinator.get(change).status_code == 200
        assert coordinator.post(reverse("admin:core_portalidentity_delete", args=[identity.pk])).status_code == 403


@pytest.mark.django_db
class TestAnEmptyIdentity:
    def test_the_public_sees_a_neutral_name_and_no_province(self, client):
        assert not PortalIdentity.objects.exists()
        html = client.get(HOME).content.decode()
        header, footer = header_and_footer(html)
        assert GENERIC_SITE_NAME in text_of(header)
        assert f'<meta property="og:site_name" content="{GENERIC_SITE_NAME}">' in html
        assert "Cà Mau" not in html
        assert "None" not in text_of(footer)

    def test_staff_are_asked_to_fill_it_in(self, client):
        coordinator = coordinator_user(AgencyFactory())
        client.force_login(coordinator)
        page = client.get(reverse("admin:index")).content.decode()
        add = reverse("admin:core_portalidentity_add")
        assert "Chưa khai báo thông tin của cổng" in page
        assert f'href="{add}"' in page
        officer = Client()
        officer.force_login(data_entry_user(AgencyFactory()))
        page = officer.get(reverse("admin:index")).content.decode()
        assert "Chưa khai báo thông tin của cổng" in page
        assert f'href="{add}"' not in page  # asked to tell a coordinator, not shown a form they cannot use
        assert officer.get(add).status_code == 403

    def test_a_name_without_contact_details_still_asks_for_them(self, client, commit):
        """What `setup_province` leaves: the province's name and operator, no address, phone, email or
        contact official. The public footer would have nothing Nghị định 42/2022 asks for, so the start page
        keeps asking, naming what is missing, until the contact details are in."""
        PortalIdentity.objects.create(site_name=NEW_IDENTITY["site_name"], operator_name=NEW_IDENTITY["operator_name"])
        cache.clear()
        client.force_login(coordinator_user(AgencyFactory()))
        page = client.get(reverse("admin:index")).content.decode()
        assert "Thông tin cổng còn thiếu" in page
        for missing in ("địa chỉ", "điện thoại", "thư điện tử", "họ và tên cán bộ đầu mối"):
            assert missing in page
        assert f'href="{reverse("admin:core_portalidentity_change", args=[1])}"' in page
        assert change_identity(client, commit).status_code == 302
        assert "Thông tin cổng còn thiếu" not in client.get(reverse("admin:index")).content.decode()

    def test_once_filled_in_the_prompt_is_gone(self, client, commit):
        client.force_login(coordinator_user(AgencyFactory()))
        assert change_identity(client, commit).status_code == 302
        assert "Chưa khai báo thông tin của cổng" not in client.get(reverse("admin:index")).content.decode()
        assert current_identity().site_name == NEW_IDENTITY["site_name"]
        # One identity: no second one can be added.
        assert client.get(reverse("admin:core_portalidentity_add")).status_code == 403
        assert client.post(reverse("admin:core_portalidentity_add"), NEW_IDENTITY).status_code == 403


@pytest.mark.django_db
class TestTheLogo:
    def test_a_logo_is_stored_as_a_fresh_image_and_shown_in_the_header(self, client, commit):
        client.force_login(coordinator_user(AgencyFactory()))
        upload = SimpleUploadedFile("logo.png", png(trailer=b"<script>alert(1)</script>"), content_type="image/png")
        assert change_identity(client, commit, logo=upload).status_code == 302
        logo = PortalIdentity.objects.get().logo
        assert logo.name.endswith(".jpg") and b"<script>" not in logo.read()
        assert f'src="{logo.url}"' in header_and_footer(Client().get(HOME).content.decode())[0]

    def test_a_file_that_is_not_an_image_is_refused_in_vietnamese_and_nothing_is_saved(self, client, commit):
        client.force_login(coordinator_user(AgencyFactory()))
        upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = change_identity(client, commit, logo=upload)
        assert response.status_code == 200
        assert "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng." in response.content.decode()
        assert not PortalIdentity.objects.exists()

    def test_a_bad_province_code_or_email_is_refused_in_vietnamese(self, client, commit):
        client.force_login(coordinator_user(AgencyFactory()))
        response = change_identity(client, commit, province_code="9A", contact_email="khong-phai-email")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Mã tỉnh gồm 2 chữ số" in html and "Nhập địa chỉ email." in html
        assert not PortalIdentity.objects.exists()


@pytest.mark.django_db
def test_a_page_whose_identity_cannot_be_read_fails_to_retry_instead_of_showing_and_caching_the_neutral_name(
        settings):
    """A connection lost mid-page (a failover) while the identity is read: the citizen gets the 503 page
    ("thử lại sau ít giây") — not the page under the neutral name, which the page cache would then keep."""
    from unittest import mock

    from django.db import InterfaceError

    PortalIdentity.objects.update_or_create(pk=1, defaults={"site_name": "Cổng thông tin CCHC tỉnh Thử Nghiệm",
                                                            "short_name": "CCHC Thử Nghiệm"})
    cache.clear()
    visitor = Client(raise_request_exception=False)
    with mock.patch("core.models.PortalIdentity.objects.filter",
                    side_effect=InterfaceError("connection already closed")):
        response = visitor.get("/")
    assert response.status_code == 503 and "thử lại sau ít giây" in response.content.decode()
    again = visitor.get("/")
    assert again.status_code == 200 and "CCHC Thử Nghiệm" in again.content.decode()
