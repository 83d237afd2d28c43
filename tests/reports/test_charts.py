"""The per-channel chart plots what was produced, in each channel's own unit."""

import re

from reports import charts


def svg(html, chart_id):
    return re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title".*?</svg>', html, re.S).group(0)


def test_channel_chart_plots_each_channels_output_in_its_unit(client, q2_report):
    html = client.get(q2_report.get_absolute_url()).content.decode()
    chart = svg(html, "bieu-do-hinh-thuc")
    values = re.findall(r'class="chart-value">([^<]*)<', chart)
    assert values == ["144 đề tài", "10 kỳ", "3 buổi", "2.000 tờ", "1 buổi", "1 cuộc"]
    assert "hoạt động" not in chart
    assert "Kết quả theo hình thức tuyên truyền" in chart
    assert "Mỗi hình thức tính theo đơn vị riêng" in html
    # The record count stays in the table beside the chart: 3 broadcasts made the 144 đề tài.
    assert re.search(r'<th scope="row">Phát thanh – truyền hình</th><td class="num">144</td><td>đề tài</td>'
                     r'<td class="num">3</td>', html)


def test_bars_compare_only_within_one_unit():
    rows = [{"name": "Phát thanh", "unit": "đề tài", "total": 144}, {"name": "Tọa đàm", "unit": "buổi", "total": 3},
            {"name": "Đối thoại", "unit": "buổi", "total": 1}]
    chart = charts.horizontal_bars(rows, label="name", value="total", scale_by="unit",
                                   text=lambda r: f"{r['total']} {r['unit']}")
    assert [bar["width"] for bar in chart["bars"]] == [charts.BAR_WIDTH, charts.BAR_WIDTH, 86.7]


def test_chart_is_wide_enough_for_its_longest_value():
    rows = [{"name": "Phát thanh", "total": 1_234_567, "unit": "buổi phát sóng"}]
    chart = charts.horizontal_bars(rows, label="name", value="total", text=lambda r: f"1.234.567 {r['unit']}")
    assert chart["width"] >= charts.BAR_WIDTH + 6 + 7.5 * len("1.234.567 buổi phát sóng")
