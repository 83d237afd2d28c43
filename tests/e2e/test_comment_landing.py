"""Issue 26 item 1: a citizen on a 375×812 phone sends a comment and sees what they sent, and what happens next,
without scrolling; the same at 1366 px on a plan page; the error state and the landing pass axe."""

import re

from playwright.sync_api import expect

from campaigns.models import Plan
from discussion.models import CitizenComment

from .conftest import ARTIFACTS, accessibility_violations
from .test_citizen_journeys import EMAIL, QUESTION, REPORT, comment_box, post_comment

WIDE = {"width": 1366, "height": 768}


def view_shot(page, name):
    """What the person sees on landing (the viewport, not the whole page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def assert_in_viewport(page, locator):
    box, size = locator.bounding_box(), page.viewport_size
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"], (box, size)


def test_a_citizen_on_a_phone_sees_what_they_sent_without_scrolling(portal, phone, new_page):
    phone.goto(portal + REPORT)
    # a mistake first: the error page heads the form as a new comment, under its h1, with the error by the field
    comment_box(phone).fill(QUESTION)
    phone.get_by_role("textbox", name="Tên", exact=False).fill("Nguyễn Văn An")
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Gửi bình luận").click()
    expect(phone.get_by_role("heading", level=2, name="Gửi góp ý của bạn")).to_be_visible()
    expect(phone.get_by_text("Vui lòng nhập email (email không được hiển thị công khai).")).to_be_visible()
    assert accessibility_violations(phone) == []
    view_shot(phone, "binh-luan-loi-375")

    phone.get_by_role("textbox", name="Email").fill(EMAIL)
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Gửi bình luận").click()
    expect(phone).to_have_url(re.compile(re.escape(REPORT) + "#binh-luan-da-gui$"))
    sent = phone.locator("#binh-luan-da-gui")
    expect(sent).to_contain_text("Bình luận bạn vừa gửi")
    expect(sent).to_contain_text("Nguyễn Văn An")
    expect(sent).to_contain_text(QUESTION)
    expect(sent).to_contain_text("đang chờ kiểm duyệt")
    expect(sent).to_contain_text("Hãy mở liên kết xác nhận trong email")
    assert_in_viewport(phone, sent)
    assert EMAIL not in phone.content()
    assert accessibility_violations(phone) == []
    view_shot(phone, "binh-luan-da-gui-375")

    # another person opening the page sees nothing of it
    other = new_page()
    other.goto(portal + REPORT)
    expect(other.locator("#binh-luan")).not_to_contain_text(QUESTION)
    expect(other.locator("#binh-luan-da-gui")).to_have_count(0)
    assert CitizenComment.objects.get().is_public is False


def test_at_1366_px_on_a_plan_page_the_landing_is_in_view_too(portal, new_page):
    page = new_page(viewport=WIDE)
    plan = Plan.objects.get(year=2019)
    page.goto(portal + plan.get_absolute_url())
    post_comment(page, text="Đề nghị công khai lịch đối thoại ở từng xã.")
    expect(page).to_have_url(re.compile("#binh-luan-da-gui$"))
    sent = page.locator("#binh-luan-da-gui")
    expect(sent).to_contain_text("Đề nghị công khai lịch đối thoại ở từng xã.")
    assert_in_viewport(page, sent)
    assert accessibility_violations(page) == []
    view_shot(page, "binh-luan-da-gui-1366")


def test_the_reply_form_opens_under_its_comment_on_request_without_javascript(portal, browser, phone):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from reports.models import Report

    report = Report.objects.get()
    question = CitizenComment.objects.create(
        content_type=ContentType.objects.get_for_model(report), object_pk=str(report.pk), site_id=1,
        user_name="Lê Văn C", user_email="c@example.com", comment="Khi nào có kết quả quý II?",
        is_public=True, submit_date=timezone.now())
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, java_script_enabled=False,
                                  locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    reader = context.new_page()  # no scripts at all
    reader.goto(portal + REPORT + "#binh-luan")
    expect(reader.locator("form[action='/binh-luan/gui/']")).to_have_count(1)
    expect(reader.get_by_role("heading", level=3, name="Gửi góp ý của bạn")).to_be_attached()
    reader.get_by_role("link", name="Trả lời bình luận của Lê Văn C").click()
    thread = reader.locator(f"#bl-{question.pk}")
    expect(thread.get_by_role("heading", level=3, name="Trả lời bình luận của Lê Văn C")).to_be_in_viewport()
    expect(thread.get_by_role("button", name="Gửi trả lời")).to_be_attached()
    expect(reader.locator("form[action='/binh-luan/gui/']")).to_have_count(1)
    view_shot(reader, "binh-luan-tra-loi-375")
    opened = reader.url
    context.close()
    phone.goto(opened)  # the same state with scripts on, for axe
    assert accessibility_violations(phone) == []
