"""A real province starts from nothing, following README's "Cho một tỉnh khác" (its "Then, in the browser"
steps), in a real browser: `setup_province` on an empty database (no demo), the coordinator's
set-password email, the portal's identity, a commune officer's account, the first plan with a task,
published, and the officer's first activity; the public plan page then carries the province's name."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from agencies.models import Agency
from campaigns.models import Activity, Plan
from tests.conftest import restore_seed_data

from .conftest import admin_url, log_in, screenshot

PROVINCE_CODE = "12"  # Lai Châu: 38 communes, the smallest list, so the setup stays quick
COORDINATOR_EMAIL = "dieuphoi.cchc@laichau.example.gov.vn"
OFFICER_EMAIL = "vanphong@xa-muong-kim.example.gov.vn"
PHONE_390 = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/dat-mat-khau/\S+/")


@pytest.fixture
def empty_portal(live_server, settings):
    """What `manage.py migrate` leaves (no demo), behind a live server whose address is SITE_URL, as
    README asks before running setup_province (the emails' links are built from it)."""
    restore_seed_data()
    cache.clear()
    settings.SITE_URL = live_server.url
    return live_server.url


def choose(page, field, search, option, scope=None):
    """Pick `option` (the whole text) in one of the admin's select2 autocomplete boxes, as a person does."""
    (scope or page).locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option").filter(has_text=re.compile(f"^{re.escape(option)}$")).click()


def set_password_from_email(page, message, password):
    """Open the one-time link of a welcome email and choose a password, as its reader does."""
    link = LINK.search(message.body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Đặt mật khẩu")
    page.get_by_label("Mật khẩu mới:", exact=True).fill(password)
    page.get_by_label("Nhập lại mật khẩu mới:", exact=True).fill(password)
    page.get_by_role("button", name="Lưu mật khẩu").click()
    page.wait_for_url(re.compile(r"/dat-mat-khau/xong/$"))


def test_a_province_goes_from_an_empty_database_to_its_first_published_plan(empty_portal, new_page):
    base = empty_portal
    assert not Agency.objects.exists() and not User.objects.exists()  # no demo

    # README: manage.py setup_province <mã tỉnh> --coordinator-email … --coordinator-name …
    out = io.StringIO()
    call_command("setup_province", PROVINCE_CODE, coordinator_email=COORDINATOR_EMAIL,
                 coordinator_name="Lò Văn Điều Phối", stdout=out)
    assert f"Đã gửi email đặt mật khẩu tới {COORDINATOR_EMAIL}" in out.getvalue()
    assert Agency.objects.get(official_code=PROVINCE_CODE).name == "UBND tỉnh Lai Châu"
    assert [m.to for m in mail.outbox] == [[COORDINATOR_EMAIL]]

    # The coordinator opens the link in the email and chooses a password, then logs in with the email.
    coordinator = new_page()
    set_password_from_email(coordinator, mail.outbox[0], "LaiChau-2026-dieuphoi")
    screenshot(coordinator, "tinh-moi-01-dat-mat-khau-1280")
    log_in(coordinator, base, COORDINATOR_EMAIL, "LaiChau-2026-dieuphoi")
    screenshot(coordinator, "tinh-moi-02-trang-dau-1280")

    # README: "complete it in the admin — address, phone, email, the contact official": the start page asks
    # for what setup_province could not know, naming it.
    expect(coordinator.locator(".dash-identity")).to_contain_text("cán bộ đầu mối")
    coordinator.get_by_role("link", name="Bổ sung thông tin cổng").click()
    coordinator.locator("#id_address").fill("Số 1 đường Trần Hưng Đạo, phường Tân Phong, tỉnh Lai Châu")
    coordinator.locator("#id_phone").fill("0213 3876 001")
    coordinator.locator("#id_email").fill("vanphong@laichau.example.gov.vn")
    coordinator.locator("#id_contact_name").fill("Lò Thị Đầu Mối")
    coordinator.locator("#id_contact_title").fill("Chuyên viên")
    coordinator.locator("#id_contact_unit").fill("Sở Nội vụ")
    coordinator.locator("#id_contact_phone").fill("0912 000 001")
    coordinator.locator("#id_contact_email").fill("daumoi@laichau.example.gov.vn")
    screenshot(coordinator, "tinh-moi-03-thong-tin-cong-1280")
    coordinator.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(coordinator.locator(".messagelist")).to_contain_text("Đã lưu thông tin cổng")
    expect(coordinator.locator(".dash-identity")).to_have_count(0)

    # Cán bộ → Thêm cán bộ: the officer of a commune, with a role and an agency; the email goes out on save.
    commune = Agency.objects.get(official_code="03637")
    coordinator.goto(admin_url(base, ""))
    coordinator.get_by_role("link", name="Cán bộ", exact=True).click()
    screenshot(coordinator, "tinh-moi-04-can-bo-1280")
    coordinator.get_by_role("link", name=re.compile("Thêm cán bộ", re.I)).click()
    coordinator.locator("#id_username").fill("vanphong.muongkim")
    coordinator.locator("#id_full_name").fill("Tòng Thị Văn Phòng")
    coordinator.locator("#id_email").fill(OFFICER_EMAIL)
    coordinator.get_by_label("Cán bộ nhập liệu").check()
    choose(coordinator, "agency", commune.name.split(" ", 1)[1], commune.name)
    screenshot(coordinator, "tinh-moi-05-them-can-bo-1280")
    coordinator.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(coordinator.locator(".messagelist .success")).to_be_visible()
    assert [m.to for m in mail.outbox][-1] == [OFFICER_EMAIL]

    # Kế hoạch → Thêm: the first plan with a task led by the commune, published by the coordinator.
    year = timezone.localdate().year
    title = f"Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Lai Châu năm {year}"
    coordinator.goto(admin_url(base, ""))
    coordinator.get_by_role("link", name="Kế hoạch", exact=True).click()
    coordinator.get_by_role("link", name=re.compile("Thêm kế hoạch", re.I)).click()
    coordinator.locator("#id_title").fill(title)
    coordinator.locator("#id_document_number").fill("12/KH-UBND")
    coordinator.locator("#id_year").fill(str(year))
    choose(coordinator, "issuing_agency", "Lai Châu", "UBND tỉnh Lai Châu")
    coordinator.locator("#id_issued_on").fill(f"15/01/{year}")
    coordinator.get_by_role("button", name=re.compile("Thêm.*nhiệm vụ", re.I)).click()
    task = coordinator.locator(".inline-related:not(.empty-form)").last
    task.locator("input[name$='-title']").fill("Tuyên truyền dịch vụ công trực tuyến trên loa truyền thanh xã")
    task.locator("select[name$='-channel']").select_option(index=1)
    task.locator("input[name$='-target_quantity']").fill("12")
    choose(coordinator, "lead_agency", "Mường Kim", commune.name, scope=task)
    task.locator("input[name$='-deadline']").fill(f"31/12/{year}")
    coordinator.locator("#id_status").select_option(label="Đã công khai")
    screenshot(coordinator, "tinh-moi-06-ke-hoach-1280")
    coordinator.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(coordinator.locator(".messagelist .success")).to_be_visible()
    plan = Plan.objects.get(title=title)
    assert plan.status == "published" and plan.tasks.count() == 1

    # The officer sets a password from their email, logs in and enters an activity for the plan.
    officer = new_page()
    set_password_from_email(officer, mail.outbox[-1], "MuongKim-2026-nhaplieu")
    log_in(officer, base, "vanphong.muongkim", "MuongKim-2026-nhaplieu")
    screenshot(officer, "tinh-moi-07-trang-dau-can-bo-1280")
    officer.get_by_role("link", name="Kết quả thực hiện", exact=True).click()
    officer.get_by_role("link", name=re.compile("Thêm kết quả", re.I)).click()
    choose(officer, "plan", "Lai Châu", f"12/KH-UBND {title}")
    choose(officer, "task", "loa", "Tuyên truyền dịch vụ công trực tuyến trên loa truyền thanh xã")
    officer.locator("#id_channel").select_option(index=1)
    officer.locator("#id_date").fill(timezone.localdate().strftime("%d/%m/%Y"))
    officer.locator("#id_title").fill("Phát 4 bản tin dịch vụ công trực tuyến trên loa truyền thanh")
    officer.locator("#id_quantity").fill("4")
    screenshot(officer, "tinh-moi-08-hoat-dong-1280")
    officer.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(officer.locator(".messagelist .success")).to_be_visible()
    activity = Activity.objects.get()
    assert (activity.agency, activity.plan, activity.quantity) == (commune, plan, 4)

    # A citizen on a phone: the header names the province's portal, the plan is listed and shows the work.
    citizen = new_page(viewport=PHONE_390, is_mobile=True, has_touch=True, device_scale_factor=2)
    citizen.goto(base + "/")
    header = citizen.locator("header").first
    expect(header).to_contain_text("Lai Châu")
    screenshot(citizen, "tinh-moi-09-trang-chu-390")
    citizen.locator("main").get_by_role("link", name=title).click()
    expect(citizen.locator("h1")).to_contain_text(title)
    expect(citizen.locator("main")).to_contain_text("Tuyên truyền dịch vụ công trực tuyến")
    footer = citizen.locator("footer").first
    expect(footer).to_contain_text("0213 3876 001")
    expect(footer).to_contain_text("Lò Thị Đầu Mối")
    assert "Cà Mau" not in citizen.content()
    screenshot(citizen, "tinh-moi-10-ke-hoach-390")
