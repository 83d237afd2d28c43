"""A citizen reads the 2019 report on a phone and comments; a coordinator moderates and answers; the
comment form works with the keyboard alone."""

import re

from playwright.sync_api import expect

from discussion.models import CitizenComment

from .conftest import admin_url, log_in, screenshot

REPORT = "/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/"
QUESTION = "Xin hỏi năm 2020 tỉnh có tổ chức thêm buổi đối thoại trực tiếp ở các xã không?"
EMAIL = "nguyen.an.camau@example.vn"


def comment_box(page):
    return page.get_by_role("textbox", name="Bình luận")


def post_comment(page, name="Nguyễn Văn An", email=EMAIL, text=QUESTION):
    comment_box(page).fill(text)
    page.get_by_role("textbox", name="Tên", exact=False).fill(name)
    page.get_by_role("textbox", name="Email").fill(email)
    page.wait_for_timeout(1100)  # the form refuses posts sent faster than a person can type
    page.get_by_role("button", name="Gửi bình luận").click()


def test_citizen_on_a_phone_reads_the_report_and_comments(portal, phone):
    phone.goto(portal + "/")
    expect(phone.get_by_text("574", exact=True).first).to_be_visible()
    phone.get_by_role("link", name="Xem báo cáo và biểu đồ").click()
    expect(phone).to_have_url(re.compile(REPORT))

    # The figures and the charts are there and fit the screen.
    headline = phone.locator("#ket-qua-chinh + *")
    for figure in ("574", "40", "10", "100%"):
        expect(headline).to_contain_text(figure)
    chart = phone.get_by_role("img", name="Mức đạt chỉ tiêu của từng nhiệm vụ")
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 375
    expect(phone.locator("table", has_text="Phát thanh – truyền hình").first).to_contain_text("574")
    screenshot(phone, "cong-dan-bao-cao-375")

    # A mistake first: no email. The message is in Vietnamese and the typed text is kept.
    comment_box(phone).fill(QUESTION)
    phone.get_by_role("textbox", name="Tên", exact=False).fill("Nguyễn Văn An")
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Gửi bình luận").click()
    expect(phone.get_by_text("Vui lòng nhập email (email không được hiển thị công khai).")).to_be_visible()
    expect(comment_box(phone)).to_have_value(QUESTION)
    expect(phone.get_by_role("textbox", name="Email")).to_have_attribute("aria-invalid", "true")

    phone.get_by_role("textbox", name="Email").fill(EMAIL)
    phone.wait_for_timeout(1100)
    phone.get_by_role("button", name="Gửi bình luận").click()
    expect(phone.get_by_text("đang chờ kiểm duyệt")).to_be_visible()
    screenshot(phone, "cong-dan-da-gui-375")
    phone.wait_for_load_state("load")
    comment = CitizenComment.objects.get()
    assert (comment.comment, comment.user_email, comment.is_public) == (QUESTION, EMAIL, False)


def test_coordinator_approves_and_answers_and_the_citizen_sees_it(portal, phone, new_page):
    phone.goto(portal + REPORT)
    post_comment(phone)
    expect(phone.get_by_text("đang chờ kiểm duyệt")).to_be_visible()
    phone.goto(portal + REPORT)
    expect(phone.locator("#binh-luan")).not_to_contain_text(QUESTION)  # not public before moderation

    staff = new_page()
    log_in(staff, portal, "dieuphoi")
    staff.goto(admin_url(portal, "discussion/citizencomment/"))
    expect(staff.locator("h1")).to_contain_text("1 chờ duyệt")
    expect(staff.locator("#result_list tr", has_text="Nguyễn Văn An")).to_contain_text(
        "Báo cáo: 45/BC-UBND Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau")
    staff.locator("#result_list tr", has_text="Nguyễn Văn An").locator("input.action-select").check()
    staff.locator("select[name=action]").select_option(value="approve")
    staff.locator("button[name=index]").click()
    expect(staff.locator(".messagelist")).to_contain_text("Đã duyệt 1 bình luận")
    expect(staff.locator("h1")).to_contain_text("0 chờ duyệt · 1 đã duyệt")

    staff.locator("#result_list a", has_text="Xin hỏi năm 2020").click()
    staff.locator("#id_answer").fill("Năm 2020, mỗi huyện tổ chức ít nhất 2 buổi đối thoại trực tiếp tại xã.")
    staff.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(staff.locator(".messagelist .success")).to_be_visible()
    screenshot(staff, "admin-kiem-duyet-1280")

    phone.reload()
    comments = phone.locator("#binh-luan")
    expect(comments).to_contain_text(QUESTION)
    expect(comments).to_contain_text("Trả lời của cơ quan")
    expect(comments).to_contain_text("Văn phòng UBND tỉnh Cà Mau")
    expect(comments).to_contain_text("mỗi huyện tổ chức ít nhất 2 buổi đối thoại")
    assert EMAIL not in phone.content()
    assert "nguyen.an.camau" not in phone.content()
    screenshot(phone, "cong-dan-thay-tra-loi-375")


def focused(page):
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {id: el.id, name: el.name || '', tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(),
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0};
    }""")


def assert_focus_is_visible(page):
    state = focused(page)
    assert state["outline"] not in ("none", "") and state["outlineWidth"] >= 2, state


def test_comment_form_works_with_the_keyboard_alone(portal, new_page):
    page = new_page()
    page.goto(portal + REPORT)
    page.keyboard.press("Tab")
    assert_focus_is_visible(page)  # the first stop is visible too (the skip link)
    for _ in range(200):
        if focused(page)["id"] == "id_comment":
            break
        page.keyboard.press("Tab")
        assert focused(page)["id"] != "id_honeypot", "the honeypot must not be reachable with Tab"
    else:
        raise AssertionError("Tab never reached the comment box")
    assert_focus_is_visible(page)
    page.keyboard.type("Tôi gửi góp ý này chỉ bằng bàn phím.")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_name"
    assert_focus_is_visible(page)
    page.keyboard.type("Trần Thị Bình")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_email"
    assert_focus_is_visible(page)
    page.keyboard.type("binh.tran@example.vn")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_notify", "then the consent box, unticked"
    assert_focus_is_visible(page)
    assert not page.is_checked("#id_notify")
    page.keyboard.press("Space")
    assert page.is_checked("#id_notify")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Gửi bình luận"
    assert_focus_is_visible(page)
    page.wait_for_timeout(1100)
    page.keyboard.press("Enter")
    expect(page.get_by_text("đang chờ kiểm duyệt")).to_be_visible()
    page.wait_for_load_state("load")
    assert CitizenComment.objects.filter(user_name="Trần Thị Bình", is_public=False, notify=True).count() == 1
