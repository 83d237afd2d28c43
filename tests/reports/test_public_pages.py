import re

import pytest
from django.urls import reverse

from campaigns.models import PublishStatus
from reports.models import Report
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db
PLAN_URL = reverse("reports:plan_detail", args=["ke-hoach-tuyen-truyen-cchc-2019"])
REPORT_URL = reverse("reports:report_detail", args=["bao-cao-ket-qua-tuyen-truyen-cchc-2019"])


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


class TestPublicPagesOnTheDemo:
    def test_home_leads_with_the_2019_figures(self, client, demo):
        html = text(client.get(reverse("reports:home")))
        for figure in ('574</span> <span class="figure-unit">đề tài',
                       '40</span> <span class="figure-unit">kỳ',
                       '10</span> <span class="figure-unit">buổi',
                       '100%</span> <span class="figure-unit">nhiệm vụ'):
            assert figure in html
        assert "Số liệu tính đến ngày 05/01/2020" in html

    def test_report_page_shows_exact_figures_tables_and_charts(self, client, demo):
        html = text(client.get(REPORT_URL))
        assert "Số liệu tính đến ngày 05/01/2020" in html
        assert '<th scope="row">Phát thanh – truyền hình</th><td class="num">574</td><td>đề tài</td>' in html
        assert '<th scope="row">Tọa đàm, hội thảo</th><td class="num">10</td><td>buổi</td>' in html
        assert '<th scope="row">Báo chí (báo in, báo ảnh)</th><td class="num">40</td><td>kỳ</td>' in html
        # "Số giải" as the Word and Excel files show it (issue 26), where a contest gave prizes
        assert ('<th scope="col" class="num">Lượt người tham dự</th><th scope="col" class="num">Số giải</th>'
                '</tr></thead>') in html
        assert ('<th scope="row">Hội thi, cuộc thi</th><td class="num">1</td><td>cuộc</td>'
                '<td class="num">1</td><td class="num">51</td><td class="num">7</td></tr>') in html
        assert ('<th scope="row">Phát thanh – truyền hình</th><td class="num">574</td><td>đề tài</td>'
                '<td class="num">') in html
        assert "Tỷ lệ hoàn thành nhiệm vụ: 100%" in html
        assert html.count('<svg class="chart"') == 3
        assert "7 thí sinh đạt giải" in html

    def test_a_report_without_prizes_has_no_prizes_column(self, client, demo):
        report = Report.objects.get(slug="bao-cao-ket-qua-tuyen-truyen-cchc-2019")
        for row in report.figures["channels"]:
            row["awards"] = 0
        Report.objects.filter(pk=report.pk).update(figures=report.figures)
        html = text(client.get(REPORT_URL))
        assert "Số giải" not in html

    def test_vietnamese_number_format(self, client, demo):
        html = text(client.get(REPORT_URL))
        assert '<td class="num">2.000</td><td>tờ</td>' in html

    def test_plan_page_shows_tasks_progress_and_deadlines(self, client, demo):
        html = text(client.get(PLAN_URL))
        assert "574 đề tài (100%)" in html and "550" in html
        assert "Thời hạn</dt><dd>31/12/2019" in html
        assert html.count('class="progress"') == 8
        assert "Nhiệm vụ (8/8 hoàn thành · 100%)" in html

    @pytest.mark.parametrize("name", ["home", "plan_list", "report_list", "report_feed_rss", "report_feed_atom"])
    def test_public_lists_open(self, client, demo, name):
        assert client.get(reverse(f"reports:{name}")).status_code == 200

    def test_plan_list_filters_by_year_and_agency(self, client, demo):
        PlanFactory(title="Kế hoạch năm 2020", year=2020)
        html = client.get(reverse("reports:plan_list"), {"nam": "2020"}).content.decode()
        assert "Kế hoạch năm 2020" in html and "năm 2019" not in html

    def test_drafts_are_not_public(self, client, demo):
        draft_plan = PlanFactory(status=PublishStatus.DRAFT)
        assert client.get(reverse("reports:plan_detail", args=[draft_plan.slug])).status_code == 404
        report = Report.objects.get()
        report.status = PublishStatus.DRAFT
        report.save()
        assert client.get(REPORT_URL).status_code == 404
        assert report.title not in client.get(reverse("reports:report_list")).content.decode()
        assert report.title not in client.get(reverse("reports:report_feed_atom")).content.decode()

    def test_staff_see_a_draft_report_as_a_preview_with_live_figures(self, admin_client, demo):
        report = Report.objects.get()
        report.status = PublishStatus.DRAFT
        report.save()
        html = text(admin_client.get(REPORT_URL))
        assert "Bản xem trước — chưa công khai" in html and "574" in html

    def test_sitemap_robots_and_feeds(self, client, demo):
        sitemap = client.get("/sitemap.xml").content.decode()
        assert PLAN_URL in sitemap and REPORT_URL in sitemap
        robots = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
        atom = client.get(reverse("reports:report_feed_atom")).content.decode()
        assert "45/BC-UBND" in atom and REPORT_URL in atom

    def test_pages_have_open_graph_and_breadcrumbs(self, client, demo):
        html = client.get(REPORT_URL).content.decode()
        assert '<meta property="og:title" content="Báo cáo kết quả công tác' in html
        assert 'aria-label="Đường dẫn"' in html

    def test_quarter_report_shows_task_progress_in_the_quarter_and_to_its_end(self, client, q2_report):
        html = text(client.get(q2_report.get_absolute_url()))
        assert ('<th scope="col" class="num">Chỉ tiêu</th><th scope="col" class="num">Trong kỳ</th>'
                '<th scope="col" class="num">Lũy kế đến 30/06/2019</th>') in html
        assert ('<td class="num">550 đề tài</td><td class="num">144 đề tài</td><td class="num">285 đề tài</td>'
                '<td class="num">51%</td><td>Đang thực hiện</td>') in html
        assert ('<td class="num">1 cuộc</td><td class="num">0 cuộc</td><td class="num">0 cuộc</td>'
                '<td class="num">0%</td><td>Chưa thực hiện</td>') in html
        assert "Tỷ lệ hoàn thành nhiệm vụ: 50%" in html
        assert "4/8 nhiệm vụ hoàn thành, lũy kế đến 30/06/2019." in html
        assert '<th scope="row">Phát thanh – truyền hình</th><td class="num">144</td><td>đề tài</td>' in html
        assert "285\u00a0đề\u00a0tài" in client.get(q2_report.get_absolute_url()).content.decode()  # never wraps

    def test_plan_page_keeps_one_achieved_figure_per_task(self, client, demo):
        html = text(client.get(PLAN_URL))
        assert "Chỉ tiêu / Đã thực hiện</dt><dd>550 / 574 đề tài (100%)" in html
        assert "Trong kỳ" not in html and "Lũy kế" not in html


def _links(html):
    return [re.sub(r"<[^>]+>|\s+", " ", inner).strip() for inner in re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S)]


def _visible(html):
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class TestWordsACitizenReads:
    """Issue 26, item 5: "Atom" in every footer, "JSON"/"CSV" as link words, "spam" in the privacy notice. A
    format's name may follow a Vietnamese phrase as a hint, never be the words a citizen clicks."""

    ENGLISH = re.compile(r"\b(Atom|RSS|JSON|CSV|spam|feed)\b", re.I)

    def test_no_link_is_named_in_english_and_no_english_word_in_the_text(self, client, demo):
        for url in (reverse("reports:home"), PLAN_URL, REPORT_URL):
            html = client.get(url).content.decode()
            assert [link for link in _links(html) if self.ENGLISH.search(link)] == [], url
            words = {m.group(0) for m in self.ENGLISH.finditer(_visible(html))}
            assert words <= {"CSV", "csv", "JSON"}, (url, words)  # only as a file type, after its Vietnamese name

    def test_the_report_offers_its_files_in_words_with_the_file_type_after(self, client, demo):
        html = text(client.get(REPORT_URL))
        assert ">Bảng số liệu dạng văn bản</a> (tệp .csv)" in html
        assert ">Dữ liệu cho phần mềm, ứng dụng</a> (định dạng JSON)" in html

    def test_every_footer_offers_following_new_reports_in_vietnamese(self, client, demo):
        html = text(client.get(reverse("reports:home")))
        assert ('title="Nguồn tin dạng Atom: mở bằng ứng dụng đọc tin để nhận báo cáo mới">Theo dõi báo cáo mới</a>'
                in html)

    def test_the_privacy_notice_says_unwanted_messages_in_vietnamese(self, client, demo):
        html = text(client.get(REPORT_URL))
        assert "để kiểm duyệt, chặn bình luận rác, quảng cáo và trả lời bạn khi cần" in html
