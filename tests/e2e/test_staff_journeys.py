"""Staff journeys in the admin, in a real browser with the real CKEditor 5 JavaScript."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Agency
from campaigns.models import Activity
from reports.models import Report
from reports.report_publishing import report_unpublish
from tests.conftest import image_bytes

from .conftest import admin_url, log_in, screenshot

PLAN_TITLE = "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2019"
REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"


def choose_autocomplete(page, field, search, option_text):
    """Pick an option in one of the admin's select2 autocomplete boxes, as a person does."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option_text).first.click()


def editor(page, field):
    return page.locator(f".field-{field} .ck-editor__editable")


def test_data_entry_adds_an_activity_with_a_photo_and_formatted_text(portal, new_page, tmp_path, csp_violations):
    page = new_page()
    log_in(page, portal, "dai_ptth")
    page.goto(admin_url(portal, "campaigns/activity/add/"))

    choose_autocomplete(page, "plan", "2019", PLAN_TITLE)
    # Data-entry staff cannot pick another agency: the field offers their own agency only.
    agency_options = page.locator("#id_agency option").all_inner_texts()
    assert [o for o in agency_options if o.strip("- ")] == ["Đài Phát thanh – Truyền hình Cà Mau"]
    page.locator("#id_channel").select_option(label="Phát thanh – truyền hình (đề tài)")
    # After 14/12/2019: the demo's approved 2019 reports lock every date before it (the reporting cycle).
    page.locator("#id_date").fill("20/12/2019")
    page.locator("#id_title").fill("Phóng sự thử nghiệm: dịch vụ công trực tuyến mức độ 4")
    page.locator("#id_quantity").fill("3")

    description = editor(page, "description")
    description.click()
    page.keyboard.type("Phát sóng ")
    page.keyboard.press("Control+B")
    page.keyboard.type("giờ vàng")
    page.keyboard.press("Control+B")
    page.keyboard.press("Enter")
    page.locator(".field-description button[data-cke-tooltip-text='Danh sách đánh ký hiệu']").first.click()
    page.keyboard.type("Thời sự tối")
    page.keyboard.press("Enter")
    page.keyboard.type("Bản tin sáng")

    photo = tmp_path / "anh-phong-su.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(800, 600)))
    page.locator("input[type=file][name$='-image']").first.set_input_files(str(photo))
    page.locator("input[name$='-caption']").first.fill("Ghi hình tại Trung tâm Giải quyết TTHC")
    screenshot(page, "admin-hoat-dong-them-1280")

    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(re.compile(r"/campaigns/activity/$"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = page.locator("#result_list tr", has_text="Phóng sự thử nghiệm")
    expect(row).to_be_visible()
    assert "3 đề tài" in row.inner_text()
    screenshot(page, "admin-hoat-dong-danh-sach-1280")

    page.wait_for_load_state("load")
    activity = Activity.objects.get(title__startswith="Phóng sự thử nghiệm")
    assert activity.agency.name == "Đài Phát thanh – Truyền hình Cà Mau"
    assert activity.photos.count() == 1
    # The formatting survives the round trip through the editor, the sanitizer and the database.
    page.locator("#result_list a", has_text="Phóng sự thử nghiệm").click()
    saved = editor(page, "description")
    expect(saved.locator("strong", has_text="giờ vàng")).to_be_visible()
    assert saved.locator("ul li").all_inner_texts() == ["Thời sự tối", "Bản tin sáng"]
    assert "<strong>giờ vàng</strong>" in activity.description
    expect(page.locator(".field-preview img, td.field-preview img").first).to_be_visible()

    # A script typed into the editor's source mode does not survive saving.
    page.locator(".field-description .ck-source-editing-button").click()
    source = page.locator(".field-description .ck-source-editing-area textarea")
    source.fill('<p>Chú thích <script>document.title="hacked"</script><img src=x onerror="alert(1)"></p>')
    page.locator(".field-description .ck-source-editing-button").click()
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(re.compile(r"/campaigns/activity/$"))
    page.wait_for_load_state("load")
    # While the editor parsed the pasted source, the payload's onerror tried to run and the admin's
    # Content-Security-Policy refused it: the second line of defence, expected here and only here.
    stopped = [v for v in csp_violations if "inline event handler" in v]
    csp_violations[:] = [v for v in csp_violations if v not in stopped]
    activity.refresh_from_db()
    assert "script" not in activity.description
    assert "onerror" not in activity.description
    assert "Chú thích" in activity.description


def test_data_entry_cannot_reach_another_agencys_activity(portal, new_page):
    station_activity = Activity.objects.filter(agency__name="Đài Phát thanh – Truyền hình Cà Mau").first()
    page = new_page()
    log_in(page, portal, "bao_camau")

    change_url = admin_url(portal, f"campaigns/activity/{station_activity.pk}/change/")
    response = page.goto(change_url)
    # The admin answers "does not exist" and sends the person back to their own home page.
    assert station_activity.title not in page.content()
    assert response.url != change_url or response.status in (403, 404)
    delete_url = admin_url(portal, f"campaigns/activity/{station_activity.pk}/delete/")
    page.goto(delete_url)
    assert station_activity.title not in page.content()

    page.goto(admin_url(portal, "campaigns/activity/"))
    listed = page.locator("#result_list tbody tr").all_inner_texts()
    assert listed and all("Báo Cà Mau" in row for row in listed)

    page.goto(admin_url(portal, "campaigns/activity/add/"))
    agency_options = [o for o in page.locator("#id_agency option").all_inner_texts() if o.strip("- ")]
    assert agency_options == ["Báo Cà Mau"]
    # Even a forged form cannot file an activity under the station.
    station = Agency.objects.get(name="Đài Phát thanh – Truyền hình Cà Mau")
    page.evaluate(f"""() => {{
        const select = document.getElementById('id_agency');
        select.add(new Option('forged', '{station.pk}'));
        select.value = '{station.pk}';
    }}""")
    page.locator("#id_title").fill("Bài giả mạo")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    page.wait_for_load_state("load")
    assert not Activity.objects.filter(title="Bài giả mạo").exists()


def test_coordinator_publishes_a_report_and_later_activities_leave_it_unchanged(portal, new_page):
    report_unpublish(report=Report.objects.get(slug=REPORT_SLUG), user=None)  # the demo report starts published

    citizen = new_page()
    assert citizen.goto(f"{portal}/bao-cao/{REPORT_SLUG}/").status == 404

    page = new_page()
    log_in(page, portal, "dieuphoi")
    page.goto(admin_url(portal, "reports/report/"))
    page.locator("#result_list a", has_text="45/BC-UBND").first.click()
    page.get_by_role("link", name="Công khai báo cáo…").click()
    page.get_by_role("button", name="Công khai và chốt số liệu").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "admin-bao-cao-cong-khai-1280")

    citizen.goto(f"{portal}/bao-cao/{REPORT_SLUG}/")
    figures = citizen.locator("#ket-qua-chinh + *").inner_text()
    assert "574" in figures and "40" in figures

    # An activity added after publishing does not change the published figures.
    station = Agency.objects.get(name="Đài Phát thanh – Truyền hình Cà Mau")
    first = Activity.objects.filter(agency=station).select_related("plan", "task", "channel").first()
    Activity.objects.create(plan=first.plan, task=first.task, agency=station, channel=first.channel,
                            date=timezone.localdate().replace(year=2019), title="Phát sóng bổ sung", quantity=26)
    citizen.reload()
    figures = citizen.locator("#ket-qua-chinh + *").inner_text()
    assert "574" in figures
    assert "600" not in figures


LAPTOP = {"width": 1366, "height": 768}  # the office laptop's screen


def test_task_and_activity_lists_fit_a_1366_px_screen(portal, new_page):
    """The lists a coordinator reads every quarter show every column — the task's target, progress and
    deadline above all — without scrolling sideways at 1366 px (they hid off-screen before)."""
    page = new_page(viewport=LAPTOP)
    log_in(page, portal, "dieuphoi")
    for path, must_show in (("campaigns/task/", ["Tiến độ", "Trạng thái", "Thời hạn"]),
                            ("campaigns/activity/", ["Ngày", "Số lượng", "Kế hoạch"])):
        page.goto(admin_url(portal, path))
        headers = page.locator("#result_list thead th")
        expect(headers.first).to_be_visible()
        for name in must_show:
            expect(headers.filter(has_text=name).first).to_be_visible()
        overflow = page.evaluate("""() => {
            const right = Math.max(...[...document.querySelectorAll('#result_list th, #result_list td')]
                .map(cell => cell.getBoundingClientRect().right));
            const results = document.querySelector('#changelist .results');
            return {right, width: document.documentElement.clientWidth,
                    scroll: document.documentElement.scrollWidth,
                    inner: results.scrollWidth, box: results.clientWidth};
        }""")
        screenshot(page, f"admin-1366-{path.strip('/').replace('/', '-')}")  # before the checks: see what failed
        assert overflow["right"] <= overflow["width"], (path, overflow)
        assert overflow["scroll"] <= overflow["width"], (path, overflow)
        # Nor inside the list's own box, where a column would hide under the filters.
        assert overflow["inner"] <= overflow["box"], (path, overflow)


def test_activity_list_channel_names_stay_readable_at_1366_px(portal, new_page):
    """The channel column wrapped one word per line ("Báo / điện / tử, / trang / thông / tin…", 6 lines in 62 px):
    at 1366 px each channel name takes three lines at most (the longest, "Đối thoại trực tiếp với người dân,
    doanh nghiệp", 47 characters), and the list still fits the screen."""
    page = new_page(viewport=LAPTOP)
    log_in(page, portal, "dieuphoi")
    page.goto(admin_url(portal, "campaigns/activity/"))
    expect(page.locator("#result_list td.field-channel_display").first).to_be_visible()
    cells = page.evaluate("""() => [...document.querySelectorAll('#result_list td.field-channel_display')].map(td => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return {text: td.textContent.trim(), lines: tops.size, width: td.getBoundingClientRect().width};
    })""")
    screenshot(page, "admin-1366-activity-channels")
    assert cells and all(cell["lines"] <= 3 for cell in cells), [c for c in cells if c["lines"] > 3][:3]
    assert all(cell["lines"] <= 2 for cell in cells if len(cell["text"]) <= 36), cells[:6]
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = page.evaluate("(() => { const r = document.querySelector('#changelist .results');"
                            " return [r.scrollWidth, r.clientWidth]; })()")
    assert results[0] <= results[1], results
