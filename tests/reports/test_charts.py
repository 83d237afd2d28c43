"""The report's bar chart compares what is comparable across units: each task's share of its own target
("285/550 đề tài, 51%"), never "3 buổi" against "144 đề tài". The task table beside it holds the numbers."""

import re

import pytest
from django.urls import reverse

from reports import charts

YEAR_REPORT = reverse("reports:report_detail", args=["bao-cao-ket-qua-tuyen-truyen-cchc-2019"])


def svg(html, chart_id):
    return re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title[^"]*".*?</svg>', html, re.S).group(0)


def values(chart):
    return re.findall(r'class="chart-value">([^<]*)<', chart)


def test_each_task_is_drawn_as_its_share_of_its_own_target():
    rows = [
        {"title": "Phát sóng đề tài", "target": 600, "achieved": 520, "unit": "đề tài"},
        {"title": "Đối thoại", "target": 10, "achieved": 1, "unit": "buổi"},
        {"title": "Chuyên trang báo in", "target": 40, "achieved": 45, "unit": "kỳ"},
        {"title": "Treo băng rôn (định tính)", "target": None, "achieved": None, "unit": None},
        {"title": "Tờ rơi", "target": 2000, "achieved": 1999, "unit": "tờ"},
    ]
    chart = charts.target_bars(rows, label="title")
    assert [bar["label"] for bar in chart["bars"]] == [
        "Phát sóng đề tài", "Đối thoại", "Chuyên trang báo in", "Tờ rơi"]  # no target, no bar
    assert [bar["text"] for bar in chart["bars"]] == [
        "520/600 đề tài, 86%", "1/10 buổi, 10%", "45/40 kỳ, 100% (vượt 5)", "1.999/2.000 tờ, 99%"]
    # The full bar is the target: over-achievement is capped there and stated in the text.
    assert charts.TARGET_BAR_WIDTH == 200
    assert [bar["width"] for bar in chart["bars"]] == [173.3, 20.0, 200, 199.9]
    assert chart["track"] == 200
    assert chart["skipped"] == 1


def test_target_chart_is_wide_enough_for_its_longest_label_and_value():
    rows = [{"title": "T" * 80, "target": 1_000_000, "achieved": 1_234_567, "unit": "lượt người xem"}]
    chart = charts.target_bars(rows, label="title")
    assert chart["bars"][0]["label"] == "T" * 43 + "…"
    assert chart["width"] >= 200 + 6 + 7.5 * len("1.234.567/1.000.000 lượt người xem, 123%")
    assert chart["width"] >= 7.5 * 44


def test_chart_is_wide_enough_for_its_longest_value():
    rows = [{"name": "Phát thanh", "total": 1_234_567, "unit": "buổi phát sóng"}]
    chart = charts.horizontal_bars(rows, label="name", value="total", text=lambda r: f"1.234.567 {r['unit']}")
    assert chart["width"] >= charts.BAR_WIDTH + 6 + 7.5 * len("1.234.567 buổi phát sóng")


def test_quarter_report_chart_shows_each_task_against_its_target(client, q2_report):
    html = client.get(q2_report.get_absolute_url()).content.decode()
    chart = svg(html, "bieu-do-chi-tieu")
    # Cumulative to 30/06/2019, as the table's "Lũy kế" column and its "Tỷ lệ".
    assert values(chart) == ["285/550 đề tài, 51%", "5/10 buổi, 50%", "20/40 kỳ, 50%", "0/1 cuộc, 0%"]
    assert "<title" in chart and "Mức đạt chỉ tiêu của từng nhiệm vụ" in chart
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
    assert "4 nhiệm vụ có chỉ tiêu" in desc and "4 nhiệm vụ không có chỉ tiêu" in desc
    # The numbers behind each bar are in the table beside it.
    assert ('<td class="num">550 đề tài</td><td class="num">144 đề tài</td><td class="num">285 đề tài</td>'
            '<td class="num">51%</td>') in html.replace("\u00a0", " ")
    # Channels have no target of their own: no chart that puts "3 buổi" beside "144 đề tài", the table stays.
    assert 'id="bieu-do-hinh-thuc' not in html
    assert re.search(r'<th scope="row">Phát thanh – truyền hình</th><td class="num">144</td><td>đề tài</td>'
                     r'<td class="num">3</td>', html)


@pytest.mark.django_db
def test_year_report_caps_the_over_achieved_bar_at_the_target_and_says_by_how_much(client, demo):
    chart = svg(client.get(YEAR_REPORT).content.decode(), "bieu-do-chi-tieu")
    assert values(chart) == ["574/550 đề tài, 100% (vượt 24)", "10/10 buổi, 100%", "40/40 kỳ, 100%", "1/1 cuộc, 100%"]
    widths = re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="16" class="chart-bar"', chart)
    assert [float(w) for w in widths] == [charts.TARGET_BAR_WIDTH] * 4
    # The track marks the target (100 %), behind every bar.
    assert chart.count('class="chart-track"') == 4


@pytest.mark.django_db
def test_a_report_without_a_plan_has_no_target_chart(client, demo):
    from reports.models import Report
    report = Report.objects.get(slug="bao-cao-ket-qua-tuyen-truyen-cchc-2019")
    Report.objects.filter(pk=report.pk).update(
        figures={**report.figures, "completion": None})
    html = client.get(YEAR_REPORT).content.decode()
    assert 'id="bieu-do-chi-tieu' not in html
    assert html.count('<svg class="chart"') == 2  # the months and the agencies
