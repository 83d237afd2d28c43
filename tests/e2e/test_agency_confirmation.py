"""Two levels in a real browser (issue 25, item 4; REPORTING_AGENCY_CONFIRMATION on): the officer sends, the
coordinator cannot approve yet, the station's head returns it to the officer with a reason, the officer sends
again, the head confirms from their start page, the coordinator sees each level and approves."""

from playwright.sync_api import expect

from .conftest import admin_url, log_in, screenshot, station_quarter_report

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


def test_officer_sends_head_returns_then_confirms_coordinator_approves(portal, new_page, settings):
    settings.REPORTING_AGENCY_CONFIRMATION = True
    period, submission, _broadcast = station_quarter_report(6)
    page_of_report = admin_url(portal, f"campaigns/submission/{submission.pk}/change/")

    officer = new_page(WIDE)
    log_in(officer, portal, "dai_ptth")
    officer.goto(page_of_report)
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".cycle-summary")).to_contain_text("Chờ lãnh đạo cơ quan xác nhận")

    coordinator = new_page(WIDE)
    log_in(coordinator, portal, "dieuphoi")
    coordinator.goto(page_of_report)
    expect(coordinator.get_by_role("button", name="Duyệt", exact=True)).to_have_count(0)

    head = new_page(PHONE, is_mobile=True, has_touch=True)
    log_in(head, portal, "lanhdao_ptth")
    expect(head.locator(".dash-todo")).to_contain_text("Xác nhận báo cáo Quý I năm 2020 của cơ quan")
    screenshot(head, "confirmation-head-start-page-phone")
    head.get_by_role("link", name="Xác nhận báo cáo Quý I năm 2020 của cơ quan").click()
    head.get_by_label("Lý do trả lại").fill("Ghi rõ số chuyên đề đã phát trong tháng 12.")
    head.get_by_role("button", name="Trả lại cho cán bộ").click()
    expect(head.locator(".messagelist")).to_contain_text("cho cán bộ")

    officer.goto(page_of_report)
    expect(officer.get_by_role("alert")).to_contain_text("Ghi rõ số chuyên đề")
    officer.get_by_role("button", name="Gửi báo cáo").click()
    expect(officer.locator(".messagelist")).to_contain_text("gửi")

    head.goto(page_of_report)
    screenshot(head, "confirmation-head-report-phone")
    head.get_by_role("button", name="Xác nhận", exact=True).click()
    expect(head.locator(".messagelist")).to_contain_text("chờ điều phối viên duyệt")

    coordinator.goto(admin_url(portal) + f"?ky={period.pk}")
    row = coordinator.locator(".cycle-table tr", has_text="Đài PT-TH")
    expect(row).to_contain_text("Lãnh đạo xác nhận: Lãnh đạo Đài PT-TH (minh họa)")
    expect(coordinator.locator(".dash-coordinator .dash-cards")).to_contain_text("chờ lãnh đạo xác nhận")
    screenshot(coordinator, "confirmation-coordinator-start-page-1366")
    coordinator.goto(page_of_report)
    coordinator.get_by_role("button", name="Duyệt", exact=True).click()
    expect(coordinator.locator(".messagelist")).to_contain_text("duyệt")
    expect(coordinator.locator(".cycle-levels")).to_contain_text("Duyệt: Cán bộ điều phối")
    screenshot(coordinator, "confirmation-report-levels-1366")
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.confirmed_by.username == "lanhdao_ptth"
