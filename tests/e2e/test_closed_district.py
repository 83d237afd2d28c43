"""A district abolished on 1/7/2025, in a real browser (the demo's merged Cà Mau of 2026): the coordinator
is never offered it for new work — an activity's agency, a task's lead and coordinating agencies, a
reporting period's expected agencies, a new staff account's agency — while the commune that carries its
work is; a forged form filing a 2026 activity under it is refused in Vietnamese, naming the successors.
On the public 2019 report, a reader follows the district's figures to its successor commune by the toggle
"Theo đơn vị hiện nay", and the per-agency table's totals row reads the same both ways."""

import re

from playwright.sync_api import expect

from agencies.models import Agency
from campaigns.models import Activity

from .conftest import ARTIFACTS, admin_url, log_in, screenshot

CLOSED, OPEN = "UBND huyện Năm Căn", "UBND xã Năm Căn"  # the district (closed 30/06/2025), its commune
PLAN_2026 = "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2026 (minh họa)"
REPORT_PATH = "/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/"
# The district with 2019 figures (Năm Căn never sent its report): split without shares, so its figures
# stay whole with its first successor, the commune of the same name.
DISTRICT_2019, SUCCESSOR = "UBND huyện Trần Văn Thời", "Xã Trần Văn Thời"
PHONE_390 = {"width": 390, "height": 844}


def offered(page, field, search, scope=None):
    """What one of the admin's select2 autocomplete boxes offers for `search`, as a person sees it."""
    (scope or page).locator(f".field-{field} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    results = page.locator(".select2-container--open .select2-results__option")
    expect(results.first).not_to_have_class(re.compile("loading-results"))
    expect(page.locator(".select2-container--open .loading-results")).to_have_count(0)
    texts = results.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def assert_closed_district_not_offered(page, field, scope=None):
    texts = offered(page, field, "Năm Căn", scope)
    assert OPEN in texts, (field, texts)
    assert CLOSED not in texts, (field, texts)


def section_screenshot(section, name):
    """The per-agency section alone: the page is ~25.000 px tall on a phone; this is the part to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def agency_table(page):
    """The per-agency table as the page shows it: ({(agency, channel): (result, activities)}, the agency
    cell's note per agency, the totals row's label and number)."""
    table = page.locator("table", has=page.locator("caption", has_text="Kết quả theo cơ quan, đơn vị"))
    rows, notes = {}, {}
    for row in table.locator("tbody tr").all():
        agency = row.locator("th").evaluate("th => th.firstChild.textContent").strip()
        note = row.locator("th .includes")
        if note.count():
            notes[agency] = note.inner_text()
        channel, result, activities = row.locator("td").all_inner_texts()
        rows[(agency, channel)] = (result, int(activities.replace(".", "")))
    foot_label, foot_number = table.locator("tfoot th").inner_text(), table.locator("tfoot td").inner_text()
    return rows, notes, foot_label, int(foot_number.replace(".", ""))


def test_a_closed_district_is_offered_for_nothing_new_and_its_2019_figures_follow_it(portal, new_page):
    page = new_page()
    log_in(page, portal, "dieuphoi")

    # Kết quả thực hiện → Thêm: the activity's agency.
    page.goto(admin_url(portal, "campaigns/activity/add/"))
    assert_closed_district_not_offered(page, "agency")
    # Nhiệm vụ → Thêm: the lead agency and the coordinating agencies.
    page.goto(admin_url(portal, "campaigns/task/add/"))
    assert_closed_district_not_offered(page, "lead_agency")
    assert_closed_district_not_offered(page, "coordinating_agencies")
    # Kỳ báo cáo → Thêm: a row of the agencies that must report.
    page.goto(admin_url(portal, "campaigns/reportingperiod/add/"))
    page.locator(".add-row a").first.click()
    row = page.locator(".inline-related .dynamic-submissions, tr.dynamic-submissions").last
    assert_closed_district_not_offered(page, "agency", scope=row)
    # Cán bộ → Thêm cán bộ: the new account's agency.
    page.goto(admin_url(portal, ""))
    page.get_by_role("link", name="Cán bộ", exact=True).click()
    page.get_by_role("link", name=re.compile("Thêm cán bộ", re.I)).click()
    assert_closed_district_not_offered(page, "agency")
    screenshot(page, "don-vi-dong-can-bo-them-1280")

    # A forged form: the district put back into the activity's agency box, a 2026 activity saved for it.
    closed = Agency.objects.get(name=CLOSED)
    page.goto(admin_url(portal, "campaigns/activity/add/"))
    page.locator(".field-plan .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("2026")
    page.locator(".select2-results__option", has_text=PLAN_2026).first.click()
    page.evaluate(f"""() => {{
        const select = document.getElementById('id_agency');
        select.add(new Option('{CLOSED}', '{closed.pk}', true, true));
        select.dispatchEvent(new Event('change'));
    }}""")
    page.locator("#id_channel").select_option(index=1)
    page.locator("#id_date").fill("05/12/2026")
    page.locator("#id_title").fill("Hoạt động ghi cho huyện đã giải thể")
    page.locator("#id_quantity").fill("1")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    refusal = page.locator(".errorlist").filter(has_text="đã thôi hoạt động")
    expect(refusal).to_contain_text(f"{CLOSED} đã thôi hoạt động từ 01/07/2025")
    # The successors in Vietnamese order (Đ after D, before N: issue 26 item 5).
    expect(refusal).to_contain_text(f"hãy chọn đơn vị kế thừa: UBND xã Đất Mới, {OPEN}, UBND xã Tam Giang.")
    screenshot(page, "don-vi-dong-hoat-dong-bi-tu-choi-1280")
    assert not Activity.objects.filter(title="Hoạt động ghi cho huyện đã giải thể").exists()

    # The public 2019 report, as reported and then "theo đơn vị hiện nay", on a phone and on a desktop.
    views = {}
    for name, reader in (("390", new_page(viewport=PHONE_390, is_mobile=True, has_touch=True,
                                          device_scale_factor=2)), ("1280", new_page())):
        reader.goto(portal + REPORT_PATH)
        section = reader.locator("#theo-co-quan").locator("xpath=..")
        expect(section.get_by_role("link", name="Theo đơn vị khi báo cáo")).to_have_attribute("aria-current", "true")
        expect(section).not_to_contain_text("Tính lại theo đơn vị hiện nay")
        as_reported = agency_table(reader)
        section_screenshot(section, f"don-vi-bao-cao-2019-khi-bao-cao-{name}")

        section.get_by_role("link", name="Theo đơn vị hiện nay").click()
        reader.wait_for_url(re.compile(r"[?&]don-vi=hien-nay"))
        section = reader.locator("#theo-co-quan").locator("xpath=..")
        expect(section.get_by_role("link", name="Theo đơn vị hiện nay")).to_have_attribute("aria-current", "true")
        expect(section.get_by_role("note")).to_contain_text("Tính lại theo đơn vị hiện nay.")
        expect(section.get_by_role("note")).to_contain_text(f"{DISTRICT_2019} chia tách")
        expect(section.locator("caption")).to_contain_text("tính lại theo đơn vị hiện nay")
        today = agency_table(reader)
        section_screenshot(section, f"don-vi-bao-cao-2019-hien-nay-{name}")
        views[name] = (as_reported, today)

    for (reported_rows, reported_notes, reported_label, reported_total), \
            (today_rows, today_notes, today_label, today_total) in views.values():
        # As reported: the district on its own row, with its figures.
        district = {channel: value for (agency, channel), value in reported_rows.items() if agency == DISTRICT_2019}
        assert district, reported_rows
        assert not any(agency == SUCCESSOR for agency, _channel in reported_rows)
        # Theo đơn vị hiện nay: no row of its own; the same figures under the commune, which says whose they are.
        assert not any(agency == DISTRICT_2019 for agency, _channel in today_rows)
        assert {channel: value for (agency, channel), value in today_rows.items() if agency == SUCCESSOR} == district
        assert today_notes[SUCCESSOR] == f"gồm số liệu của {DISTRICT_2019}"
        # The other agencies' rows are untouched, and the totals row is the same both ways, and the sum of
        # the rows above it.
        untouched = {key: value for key, value in reported_rows.items() if key[0] != DISTRICT_2019}
        assert {key: value for key, value in today_rows.items() if key[0] != SUCCESSOR} == untouched
        assert reported_total == today_total == sum(n for _result, n in reported_rows.values()) \
            == sum(n for _result, n in today_rows.values())
        assert reported_label == today_label
        assert re.fullmatch(r"Tổng cộng \(\d+ cơ quan, đơn vị\)", reported_label)
