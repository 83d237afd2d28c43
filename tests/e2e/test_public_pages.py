"""Every public page at phone and desktop width: no serious or critical axe-core violation, and a
screenshot in test-artifacts/screenshots/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot, serious_accessibility_violations

PLAN = "/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/"
REPORT = "/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/"
PAGES = {
    "trang-chu": ("/", "Thông tin, tuyên truyền cải cách hành chính"),
    "ke-hoach": ("/ke-hoach/", "Kế hoạch tuyên truyền cải cách hành chính"),
    "ke-hoach-2019": (PLAN, "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2019"),
    "bao-cao": ("/bao-cao/", "Báo cáo kết quả tuyên truyền cải cách hành chính"),
    "bao-cao-2019": (REPORT, "Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau"),
    "du-lieu-mo": ("/du-lieu-mo/", "Dữ liệu mở"),
}
WIDTHS = {"375": PHONE, "1280": DESKTOP}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_public_page_is_accessible(portal, new_page, name, width):
    path, heading = PAGES[name]
    page = new_page(viewport=WIDTHS[width])
    response = page.goto(portal + path)
    assert response.status == 200
    assert heading in page.get_by_role("heading", level=1).inner_text()
    # Nothing scrolls sideways on a phone: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    screenshot(page, f"{name}-{width}")
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_comment_form_in_its_error_state_is_accessible(portal, new_page, width):
    page = new_page(viewport=WIDTHS[width])
    page.goto(portal + REPORT)
    page.get_by_role("textbox", name="Bình luận").fill("Xin hỏi kế hoạch năm 2020 có thêm buổi đối thoại ở xã không?")
    page.get_by_role("textbox", name="Tên", exact=False).fill("Nguyễn Văn An")
    page.wait_for_timeout(1100)  # the form refuses posts sent faster than a person can type
    page.get_by_role("button", name="Gửi bình luận").click()
    expect(page.get_by_text("Vui lòng nhập email")).to_be_visible()
    screenshot(page, f"binh-luan-loi-{width}")
    assert serious_accessibility_violations(page) == []
