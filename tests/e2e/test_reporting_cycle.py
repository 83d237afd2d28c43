"""The quarter's cycle in a real browser: the officer sends the agency's report, the coordinator returns it
with a reason, the officer reads it, corrects and sends again, the coordinator approves — and the public
plan page changes only then. Each step is told by email (campaigns.notices) and listed in “Việc cần làm”."""

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from campaigns.models import Activity

from .conftest import STATION, admin_url, log_in, screenshot, station_quarter_report

PLAN_PATH = "/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/"


def broadcast_total(page, base):
    page.goto(base + PLAN_PATH)
    row = page.locator(".task", has_text="phát sóng chuyên mục").first
    return row.inner_text()


def test_officer_sends_coordinator_returns_officer_fixes_coordinator_approves(portal, new_page):
    period, submission, _broadcast = station_quarter_report(
        60, created_by=get_user_model().objects.get(username="dai_ptth"))
    station = submission.agency
    users = get_user_model().objects
    users.filter(username="dai_ptth").update(email="dai_ptth@camau.example")
    users.filter(username="dieuphoi").update(email="dieuphoi@camau.example")
    mail.outbox.clear()
    citizen = new_page()
    before = broadcast_total(citizen, portal)
    assert "574" in before  # entered, not approved: not counted

    officer = new_page()
    log_in(officer, portal, "dai_ptth")
    officer.goto(admin_url(portal, f"campaigns/submission/{submission.pk}/change/"))
    expect(officer.get_by_text("Kết quả thực hiện trong kỳ: 1 kết quả")).to_be_visible()
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".messagelist")).to_contain_text("gửi")
    assert "574" in broadcast_total(citizen, portal)  # sent, still waiting
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dieuphoi@camau.example"], f"[Cổng CCHC] {STATION} đã gửi báo cáo Quý I năm 2020")]
    mail.outbox.clear()

    coordinator = new_page()
    log_in(coordinator, portal, "dieuphoi")
    coordinator.goto(admin_url(portal))
    todo = coordinator.locator(".dash-todo")
    expect(todo).to_contain_text(f"Duyệt báo cáo Quý I năm 2020 của {station.display_name}")
    screenshot(coordinator, "cycle-coordinator-start-page")
    coordinator.goto(admin_url(portal, f"campaigns/submission/{submission.pk}/change/"))
    coordinator.get_by_label("Lý do trả lại").fill("Số chuyên đề ngày 20/12 phải là 6, không phải 60.")
    coordinator.get_by_role("button", name="Trả lại").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("trả lại")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dai_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 bị trả lại")]
    assert "Số chuyên đề ngày 20/12 phải là 6, không phải 60." in mail.outbox[0].body
    mail.outbox.clear()
    officer.goto(admin_url(portal))
    expect(officer.locator(".dash-todo")).to_contain_text("phải là 6, không phải 60")

    officer.goto(admin_url(portal, f"campaigns/submission/{submission.pk}/change/"))
    expect(officer.get_by_role("alert")).to_contain_text("phải là 6, không phải 60")
    screenshot(officer, "cycle-officer-returned")
    Activity.objects.filter(title="Chuyên đề CCHC bổ sung cuối năm").update(quantity=6)  # the officer's fix
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".messagelist")).to_contain_text("gửi")
    assert "574" in broadcast_total(citizen, portal)

    coordinator.goto(admin_url(portal, f"campaigns/submission/{submission.pk}/change/"))
    coordinator.get_by_role("button", name="Duyệt", exact=True).click()
    expect(coordinator.locator(".messagelist")).to_contain_text("duyệt")
    # The second sending waited for the coordinator's hourly digest; the approval reached the officer.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["dai_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 đã được duyệt")]
    after = broadcast_total(citizen, portal)
    assert "580" in after and "574" not in after  # counted from the approval on
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.on_time is False  # sent in 2026 for a 2020 deadline
