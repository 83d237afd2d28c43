"""Issue 25's whole journey in a real browser, with the agency's confirmation on: the officer sends; the
station's head confirms; the coordinator is emailed, returns the report with a reason; the officer is emailed,
fixes it and sends again; the head confirms again; the coordinator approves — then publishes the period's
report through the confirmation page, which lists the agency that never reported. Every email is rendered
and kept (test-artifacts/emails/, with a screenshot) to be looked at; the start pages and the confirmation
page are screenshot at 1366 px and on a phone."""

import datetime as dt
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from agencies.models import Agency
from campaigns.models import Activity, Submission
from reports.models import Report

from .conftest import STATION, admin_url, log_in, screenshot, station_quarter_report

PAPER = "Báo Cà Mau"
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
EMAILS = Path(django_settings.BASE_DIR) / "test-artifacts" / "emails"


def told(expected, browser, name):
    """The emails sent since the last call are exactly `expected` [(to, subject)]; each is kept as HTML and
    screenshot as its reader would see it."""
    sent = sorted((m.to, m.subject) for m in mail.outbox)
    assert sent == sorted(expected)
    EMAILS.mkdir(parents=True, exist_ok=True)
    for n, message in enumerate(mail.outbox):
        html = next(body for body, kind in message.alternatives if kind == "text/html")
        (EMAILS / f"{name}-{n}.html").write_text(html, encoding="utf-8")
        (EMAILS / f"{name}-{n}.txt").write_text(message.body, encoding="utf-8")
        browser.set_content(html)
        browser.screenshot(path=str(EMAILS / f"{name}-{n}.png"), full_page=True)
    bodies = [m.body for m in mail.outbox]
    mail.outbox.clear()
    return bodies


def test_send_confirm_return_fix_confirm_approve_then_publish_knowingly(portal, new_page, settings):
    settings.REPORTING_AGENCY_CONFIRMATION = True
    period, submission, broadcast = station_quarter_report(60)
    station = submission.agency
    paper = Agency.objects.get(name=PAPER)
    Submission.objects.create(period=period, agency=paper)  # expected, never sends: the late agency
    users = get_user_model().objects
    for username in ("dai_ptth", "lanhdao_ptth", "dieuphoi"):
        users.filter(username=username).update(email=f"{username}@camau.example")
    report = Report.objects.create(
        title="Báo cáo kết quả tuyên truyền CCHC quý I năm 2020", date=dt.date(2020, 3, 25),
        issuing_agency=Report.objects.get(document_number="45/BC-UBND").issuing_agency,
        plan=broadcast.plan, reporting_period=period, period_start=period.start, period_end=period.end)
    of_report = admin_url(portal, f"campaigns/submission/{submission.pk}/change/")
    mail.outbox.clear()
    mailbox = new_page(WIDE)

    officer = new_page(WIDE)
    log_in(officer, portal, "dai_ptth")
    officer.goto(of_report)
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".messagelist")).to_contain_text("gửi")
    told([(["lanhdao_ptth@camau.example"],
           f"[Cổng CCHC] Báo cáo Quý I năm 2020 của {STATION} chờ lãnh đạo xác nhận")], mailbox, "1-den-lanh-dao")

    head = new_page(PHONE, is_mobile=True, has_touch=True)
    log_in(head, portal, "lanhdao_ptth")
    screenshot(head, "journey-head-start-page-375")
    head.get_by_role("link", name="Xác nhận báo cáo Quý I năm 2020 của cơ quan").click()
    head.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(head.locator(".messagelist")).to_contain_text("chờ điều phối viên duyệt")
    told([(["dieuphoi@camau.example"],
           f"[Cổng CCHC] {STATION} đã gửi báo cáo Quý I năm 2020 (lãnh đạo đã xác nhận)")], mailbox,
         "2-den-dieu-phoi")

    coordinator = new_page(WIDE)
    log_in(coordinator, portal, "dieuphoi")
    expect(coordinator.locator(".dash-todo")).to_contain_text(f"Duyệt báo cáo Quý I năm 2020 của "
                                                              f"{station.display_name}")
    screenshot(coordinator, "journey-coordinator-start-page-1366")
    coordinator.goto(of_report)
    coordinator.get_by_label("Lý do trả lại").fill("Số chuyên đề ngày 20/12 phải là 6, không phải 60.")
    coordinator.get_by_role("button", name="Trả lại").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("trả lại")
    # The agency's staff, its head too (the head confirmed what the coordinator returns).
    bodies = told([(["dai_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 bị trả lại"),
                   (["lanhdao_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 bị trả lại")], mailbox,
                  "3-tra-lai")
    assert all("Số chuyên đề ngày 20/12 phải là 6, không phải 60." in body for body in bodies)

    officer.goto(admin_url(portal))
    expect(officer.locator(".dash-todo")).to_contain_text("phải là 6, không phải 60")
    screenshot(officer, "journey-officer-start-page-1366")
    Activity.objects.filter(title="Chuyên đề CCHC bổ sung cuối năm").update(quantity=6)  # the officer's fix
    officer.goto(of_report)
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".messagelist")).to_contain_text("gửi")
    told([(["lanhdao_ptth@camau.example"],
           f"[Cổng CCHC] Báo cáo Quý I năm 2020 của {STATION} chờ lãnh đạo xác nhận")], mailbox, "4-gui-lai")
    head.goto(of_report)
    head.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(head.locator(".messagelist")).to_contain_text("chờ điều phối viên duyệt")
    # The coordinator had an email of the cycle within the hour: this one waits for the hourly digest.
    told([], mailbox, "5-xac-nhan-lai")

    coordinator.goto(of_report)
    coordinator.get_by_role("button", name="Duyệt", exact=True).click()
    expect(coordinator.locator(".messagelist")).to_contain_text("duyệt")
    told([(["dai_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 đã được duyệt"),
          (["lanhdao_ptth@camau.example"], "[Cổng CCHC] Báo cáo Quý I năm 2020 đã được duyệt")], mailbox, "6-duyet")

    # Publishing knowingly: the confirmation page lists the late agency and asks for a reason.
    for name in ("1366", "375"):
        page = coordinator if name == "1366" else new_page(PHONE, is_mobile=True, has_touch=True)
        if name == "375":
            log_in(page, portal, "dieuphoi")
        page.goto(admin_url(portal, f"reports/report/{report.pk}/cong-khai/"))
        table = page.locator("table", has_text="Trạng thái").first
        expect(table).to_contain_text(station.display_name)
        expect(table.locator("tr", has_text=paper.display_name)).to_contain_text("Chưa gửi")
        expect(page.locator(".errornote")).to_contain_text("Kỳ báo cáo chưa đủ")
        screenshot(page, f"journey-publish-confirmation-{name}")
    coordinator.get_by_role("button", name="Công khai và chốt số liệu").click()
    expect(coordinator.locator(".errornote", has_text="đánh dấu")).to_be_visible()  # not without the box and a reason
    report.refresh_from_db()
    assert not report.is_published
    coordinator.get_by_label("Vẫn công khai khi kỳ báo cáo chưa đủ").check()
    coordinator.get_by_label("Lý do").fill("Cần số liệu cho hội nghị sơ kết quý I; Báo Cà Mau gửi sau.")
    coordinator.get_by_role("button", name="Công khai và chốt số liệu").click()
    expect(coordinator.locator(".messagelist .success")).to_be_visible()
    report.refresh_from_db()
    assert report.is_published
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.confirmed_by.username == "lanhdao_ptth"
