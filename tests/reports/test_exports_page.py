"""The report as people read it off the site: printed on A4, on a 375 px phone, cited on the home page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import Report

SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
CSS = Path(settings.BASE_DIR, "static", "css", "portal.css")


def page_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_home_page_cites_the_report_as_officials_do(client, demo):
    text = page_text(client.get(reverse("reports:home")))
    assert "Theo Báo cáo số 45/BC-UBND ngày 05/01/2020 của UBND tỉnh Cà Mau · Số liệu tính đến ngày 05/01/2020." in text
    assert "Theo 45/BC-UBND Báo cáo" not in text


def render(browser, html, *, width, media="screen"):
    """The page in the shared headless Chromium (tests/conftest.py) with its stylesheet inlined: no server
    needed. Close the page after."""
    html = re.sub(r'<link rel="stylesheet" href="[^"]+">', lambda _m: f"<style>{CSS.read_text()}</style>", html)
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.emulate_media(media=media)
    page.set_content(html)
    return page


TASK_CARDS = """() => {
  const headers = [...document.querySelectorAll('.task-table thead th')].map(th => th.textContent.trim());
  const rows = [...document.querySelectorAll('.task-table tbody tr')];
  return rows.map(tr => [...tr.querySelectorAll('td')].map((td, i) => {
    const box = td.getBoundingClientRect();
    return {header: headers[i + 1], label: getComputedStyle(td, '::before').content.replace(/"/g, ''),
            text: td.textContent.trim(), left: box.left, right: box.right};
  }));
}"""


@pytest.mark.e2e
@pytest.mark.parametrize("which", ["year", "quarter"])
def test_on_a_phone_each_task_is_a_card_with_every_column_labelled_and_its_status_in_view(client, q2_report,
                                                                                           which, browser):
    report = Report.objects.get(slug=SLUG) if which == "year" else q2_report
    html = client.get(report.get_absolute_url()).content.decode()
    page = render(browser, html, width=375)
    try:
        cards = page.evaluate(TASK_CARDS)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert len(cards) == 8 and scroll_width == 375
    for cells in cards:
        # Each label is its column's header ("Lũy kế" for "Lũy kế đến 30/06/2019").
        assert all(cell["header"].startswith(cell["label"]) and cell["label"] for cell in cells), cells
        status = cells[-1]
        assert status["label"] == "Trạng thái" and 0 <= status["left"] < status["right"] <= 375
    assert cards[0][-1]["text"] == ("Hoàn thành" if which == "year" else "Đang thực hiện")


@pytest.mark.e2e
def test_printed_the_charts_are_a_readable_size_and_the_page_is_a4(client, demo, browser):
    html = client.get(reverse("reports:report_detail", kwargs={"slug": SLUG})).content.decode()
    page = render(browser, html, width=1000, media="print")
    try:
        widths = page.evaluate("[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)")
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        page.close()
    # 9 cm (340 px) for the bar charts, 12 cm (454 px) for the monthly columns (the channel chart was 16 cm).
    assert [round(w) for w in widths] == [340, 454, 340]
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]", pdf)  # A4, not US Letter (612 x 792)


def test_the_stylesheet_prints_on_a4_and_keeps_headings_with_what_follows():
    css = CSS.read_text()
    assert re.search(r"@page\s*\{\s*size:\s*A4;", css)
    printed = css[css.index("@page"):]
    assert "h1, h2, h3, caption { break-after:avoid;" in printed
    assert ".chart-block .chart { width:9cm;" in printed
