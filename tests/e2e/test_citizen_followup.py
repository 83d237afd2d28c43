"""Issue 15, one citizen from start to end: comments on a phone asking to be told of the answer,
confirms the address from the email, is answered by the coordinator, gets the email, opens the answer,
rates it and unsubscribes — with the emails read from Django's locmem outbox."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from discussion.models import CitizenComment

from .conftest import admin_url, log_in, screenshot

REPORT = "/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/"
EMAIL = "tran.thi.mai@example.vn"
QUESTION = "Xin hỏi năm 2020 tỉnh có phát tờ rơi về dịch vụ công trực tuyến ở xã Khánh Bình không?"
ANSWER = "Chào chị Mai, quý I/2020 Sở Nội vụ sẽ phát 2.000 tờ rơi tại các xã của huyện Trần Văn Thời."


def link(message, name, portal):
    """The path of the email's /binh-luan/<name>/… link, on the live server."""
    found = re.search(rf"https?://\S+/binh-luan/{name}/\S+/", message.body).group(0)
    return portal + urlsplit(found).path


def only_email(subject_part):
    found = [m for m in mail.outbox if subject_part in m.subject]
    assert len(found) == 1, [m.subject for m in mail.outbox]
    return found[0]


def test_one_citizen_is_confirmed_answered_rates_and_unsubscribes(portal, phone, new_page):
    mail.outbox.clear()
    phone.goto(portal + REPORT)
    phone.get_by_role("textbox", name="Bình luận").fill(QUESTION)
    phone.get_by_role("textbox", name="Tên", exact=False).fill("Trần Thị Mai")
    phone.get_by_role("textbox", name="Email").fill(EMAIL)
    consent = phone.get_by_role("checkbox", name="Gửi email cho tôi khi có trả lời")
    expect(consent).not_to_be_checked()
    consent.check()
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Gửi bình luận").click()
    expect(phone.get_by_text("đang chờ kiểm duyệt")).to_be_visible()
    comment = CitizenComment.objects.get(user_email=EMAIL)
    assert comment.notify and comment.notify_consented_at is not None and comment.answer_due_at is not None

    # The confirmation email, its link opened on the same phone.
    confirmation = only_email("Xác nhận email")
    assert confirmation.to == [EMAIL]
    phone.goto(link(confirmation, "xac-nhan", portal))
    expect(phone.get_by_role("heading", name="Đã xác nhận email")).to_be_visible()

    # The coordinator approves and answers in the moderation queue.
    staff = new_page()
    log_in(staff, portal, "dieuphoi")
    staff.goto(admin_url(portal, "discussion/citizencomment/?kiem_duyet=cho"))
    staff.get_by_role("link", name=re.compile("Xin hỏi năm 2020")).first.click()
    staff.locator("#id_is_public").check()
    staff.locator("#id_answer").fill(ANSWER)
    staff.locator('input[name="_save"]').click()
    expect(staff.locator(".messagelist")).to_be_visible()

    # The answer email, sent once the answer was saved.
    answered = only_email("đã trả lời bình luận của bạn")
    assert answered.to == [EMAIL]
    assert ANSWER in answered.body and QUESTION in answered.body
    assert answered.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    email_view = new_page()
    email_view.set_content(answered.alternatives[0][0])
    screenshot(email_view, "email-answered")
    expect(email_view.get_by_text("Đánh giá câu trả lời")).to_be_visible()

    # The citizen follows the link to the answer on the page.
    page_link = re.search(r"https?://\S+#bl-\d+", answered.body).group(0)
    phone.goto(portal + urlsplit(page_link).path + "#" + urlsplit(page_link).fragment)
    expect(phone.locator(f"#bl-{comment.pk} .official-answer")).to_contain_text("2.000 tờ rơi")

    # … rates it …
    phone.goto(link(answered, "danh-gia", portal))
    phone.get_by_label("Hài lòng", exact=True).check()
    phone.get_by_label("Ý kiến thêm", exact=False).fill("Trả lời rõ, đúng hẹn.")
    screenshot(phone, "rate-answer-phone")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_role("heading", name="Cảm ơn bạn đã đánh giá")).to_be_visible()
    phone.goto(portal + REPORT)
    expect(phone.locator(".answer-stats")).to_contain_text("1/1 người hỏi hài lòng với câu trả lời")

    # … and stops the emails.
    phone.goto(link(answered, "ngung-nhan-email", portal))
    phone.get_by_role("button", name="Ngừng nhận email").click()
    expect(phone.get_by_role("heading", name="Đã ngừng gửi email")).to_be_visible()
    comment.refresh_from_db()
    assert comment.rating == "hai_long" and comment.notify_withdrawn_at is not None
    assert EMAIL not in phone.content()
