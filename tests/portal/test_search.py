"""Public search (/tim-kiem/): what a citizen finds, whatever diacritics they type, and nothing unpublished.
Runs on SQLite and on PostgreSQL (full text + unaccent + pg_trgm); both must give the same answers."""

import datetime as dt
import re

import django_comments
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaigns.models import PublishStatus
from portal import search
from reports.models import Report
from tests.factories import AgencyFactory, PlanFactory, TaskFactory
from tests.security.xss import PAYLOADS, added_executable_parts

URL = reverse("portal:search")


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def results(response):
    """(kind, title as marked up, link) of each result shown."""
    html = text(response)
    return re.findall(r'<p class="search-kind">(.*?)</p> <h2 class="search-title"><a href="(.*?)">(.*?)</a>', html)


def status(response):
    match = re.search(r'<p role="status">(.*?)</p>', text(response))
    return match and match.group(1)


def report(title, *, summary="", narrative="", published=True, **kwargs):
    agency = kwargs.pop("issuing_agency", None) or AgencyFactory()
    return Report.objects.create(
        title=title, slug=f"bc-{Report.objects.count() + 1}", document_number="45/BC-UBND", date=dt.date(2020, 1, 5),
        issuing_agency=agency, period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31),
        summary=summary, narrative=narrative,
        **({"status": PublishStatus.PUBLISHED, "figures": {}, "figures_as_of": timezone.now()} if published else {}),
        **kwargs)


def comment(target, text_, *, answer="", is_public=True, is_removed=False, name="Lê Thị Hoa"):
    return django_comments.get_model().objects.create(
        content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk), site_id=1,
        user_name=name, user_email="hoa@example.vn", comment=text_, answer=answer,
        answered_at=timezone.now() if answer else None, is_public=is_public, is_removed=is_removed)


# --- the words -------------------------------------------------------------------------------------------

def test_words_fold_vietnamese_letters_one_for_one():
    assert search.fold("Cải cách ĐẤT đai, Ủy ban") == "cai cach dat dai, uy ban"
    assert search.search_words("Số 05/KH-UBND: “Đề xuất” giải pháp") == "so 05 kh ubnd de xuat giai phap"
    # Decomposed input (Unikey's "Unicode tổ hợp") folds the same.
    assert search.fold("ca\u0309i ca\u0301ch") == "cai cach"


@pytest.mark.django_db
def test_database_and_python_fold_text_the_same_way():
    """PostgreSQL's cchc_fold (unaccent) and the Python rule that marks the words give the same words."""
    sample = "Đường dây nóng ĐẤT MŨI: Ủy ban tỉnh Cà Mau, 05/KH-UBND; phường Tân Thành — “đặc khu” Ðð"
    dialect = search._dialect(search.parse_query("x"))
    dialect.prepare()
    with connection.cursor() as cursor:
        cursor.execute("SELECT cchc_fold(%s)" if connection.vendor == "postgresql" else "SELECT cchc_words(%s)",
                       [sample])
        (folded,) = cursor.fetchone()
    assert search.search_words(folded) == search.search_words(sample) == (
        "duong day nong dat mui uy ban tinh ca mau 05 kh ubnd phuong tan thanh dac khu dd")


def test_marks_are_escaped_text_inside_our_own_tags():
    assert search.highlight("Cải cách <b>hành</b> chính & “cải”", ("cai", "cach")) == (
        "<mark>Cải cách</mark> &lt;b&gt;hành&lt;/b&gt; chính &amp; “<mark>cải</mark>”")
    # Whole words only: "cai" is not marked inside "cáicách", nor "a" in every word.
    assert search.highlight("cáicách và à", ("cai", "a")) == "cáicách và <mark>à</mark>"


def test_snippet_starts_near_the_first_word_found_and_cuts_between_words():
    body = " ".join(["mở đầu"] * 60) + " nội dung cải cách hành chính " + " ".join(["phần sau"] * 60)
    cut = search.snippet(body, ("cai", "cach"), length=80)
    assert cut.startswith("…mở đầu") and cut.endswith("…")
    assert "<mark>cải cách</mark> hành chính" in cut
    assert len(re.sub("<[^>]+>", "", cut)) <= 82


# --- what is found ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_unaccented_words_find_and_mark_the_accented_text(client):
    plan = PlanFactory(title="Kế hoạch tuyên truyền cải cách hành chính năm 2026", summary="Trích yếu ngắn.")
    response = client.get(URL, {"q": "cai cach"})
    assert response.status_code == 200
    assert results(response) == [
        ("Kế hoạch", plan.get_absolute_url(), "Kế hoạch tuyên truyền <mark>cải cách</mark> hành chính năm 2026")]
    assert status(response) == "1 kết quả cho “cai cach”."
    assert 'value="cai cach"' in text(response)  # the words stay in the box


@pytest.mark.django_db
def test_d_finds_đ_and_case_does_not_matter(client):
    plan = PlanFactory(title="Tuyên truyền trên địa bàn ĐẶC KHU Phú Quốc")
    for q in ("dia ban", "ĐỊA BÀN", "dac khu", "Đặc Khu"):
        assert [r[1] for r in results(client.get(URL, {"q": q}))] == [plan.get_absolute_url()], q
    assert results(client.get(URL, {"q": "dia ban dac khu"}))[0][2] == (
        "Tuyên truyền trên <mark>địa bàn ĐẶC KHU</mark> Phú Quốc")


@pytest.mark.django_db
def test_every_word_typed_must_be_found(client):
    PlanFactory(title="Cải cách thủ tục hành chính")
    PlanFactory(title="Cải cách công vụ")
    assert len(results(client.get(URL, {"q": "cai cach"}))) == 2
    assert [r[2] for r in results(client.get(URL, {"q": "cải cách thủ tục"}))] == [
        "<mark>Cải cách thủ tục</mark> hành chính"]


@pytest.mark.django_db
def test_a_title_match_ranks_above_a_match_in_the_text(client):
    in_text = PlanFactory(title="Kế hoạch năm 2026", summary="Trong đó có nội dung về dịch vụ công trực tuyến.")
    in_title = PlanFactory(title="Tuyên truyền dịch vụ công trực tuyến")
    found = results(client.get(URL, {"q": "dich vu cong truc tuyen"}))
    assert [r[1] for r in found] == [in_title.get_absolute_url(), in_text.get_absolute_url()]
    html = text(client.get(URL, {"q": "dich vu cong truc tuyen"}))
    assert "Trong đó có nội dung về <mark>dịch vụ công trực tuyến</mark>." in html


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["KH-UBND", "kh ubnd", "05/KH-UBND", "05", "ubnd 05"])
def test_a_document_number_is_found_by_any_of_its_parts(client, q):
    """"05/KH-UBND" is one "file path" token to PostgreSQL's parser: a search for "KH-UBND" found nothing."""
    plan = PlanFactory(title="Kế hoạch tuyên truyền năm 2026", document_number="05/KH-UBND", summary="", body="")
    PlanFactory(title="Kế hoạch khác", document_number="12/KH-SNV", summary="", body="")
    assert [r[1] for r in results(client.get(URL, {"q": q}))] == [plan.get_absolute_url()], q


@pytest.mark.django_db
def test_tasks_reports_and_their_text_are_found(client):
    plan = PlanFactory(title="Kế hoạch 2026")
    TaskFactory(plan=plan, title="Phát sóng phóng sự", description="Phóng sự về một cửa liên thông ở xã.")
    reported = report("Báo cáo quý I", narrative="<h2>Kết quả</h2><p>Bộ phận <strong>một cửa</strong> liên "
                                                 "thông&nbsp;đã giải quyết hồ sơ.</p>")
    response = client.get(URL, {"q": "mot cua lien thong"})
    assert [(kind, url) for kind, url, _title in results(response)] == [
        ("Nhiệm vụ", f"{plan.get_absolute_url()}#nhiem-vu"), ("Báo cáo", reported.get_absolute_url())]
    html = text(response)
    assert "Phóng sự về <mark>một cửa liên thông</mark> ở xã." in html
    assert "Kết quả Bộ phận <mark>một cửa liên thông</mark> đã giải quyết hồ sơ." in html  # tags gone, words kept
    assert f'<p class="meta">Nhiệm vụ của {plan.document_number} Kế hoạch 2026</p>' in html


@pytest.mark.django_db
def test_drafts_and_the_tasks_of_draft_plans_are_never_found(client):
    draft = PlanFactory(title="Dự thảo bí mật xyzzy", status=PublishStatus.DRAFT)
    TaskFactory(plan=draft, title="Nhiệm vụ xyzzy")
    report("Báo cáo xyzzy", published=False)
    comment(draft, "Bình luận xyzzy trên dự thảo")
    response = client.get(URL, {"q": "xyzzy"})
    assert results(response) == []
    assert "Không tìm thấy kết quả nào cho “xyzzy”." in text(response)


@pytest.mark.django_db
def test_only_approved_comments_are_found_with_the_agencys_answer(client):
    plan = PlanFactory(title="Kế hoạch 2026")
    approved = comment(plan, "Đề nghị niêm yết công khai lệ phí hộ tịch.",
                       answer="UBND xã đã niêm yết lệ phí tại bộ phận một cửa.")
    comment(plan, "Chờ duyệt: lệ phí hộ tịch cao.", is_public=False)
    comment(plan, "Bị từ chối: lệ phí hộ tịch.", is_public=True, is_removed=True)
    response = client.get(URL, {"q": "le phi ho tich"})
    assert results(response) == [("Bình luận", f"{plan.get_absolute_url()}#bl-{approved.pk}",
                                  "Bình luận của Lê Thị Hoa về Kế hoạch 2026")]
    assert "Đề nghị niêm yết công khai <mark>lệ phí hộ tịch</mark>." in text(response)
    # Found by the answer only: the answer is shown, marked.
    html = text(client.get(URL, {"q": "bo phan mot cua"}))
    assert "<strong>Trả lời của cơ quan:</strong> UBND xã đã niêm yết lệ phí tại <mark>bộ phận một cửa</mark>." in html
    assert "hoa@example.vn" not in html


@pytest.mark.django_db
def test_comments_on_a_report_and_the_kind_filter(client):
    plan = PlanFactory(title="Kế hoạch về hộ tịch")
    reported = report("Báo cáo năm 2025")
    on_report = comment(reported, "Số liệu hộ tịch rất rõ.")
    response = client.get(URL, {"q": "ho tich", "loai": "binh-luan"})
    assert results(response) == [("Bình luận", f"{reported.get_absolute_url()}#bl-{on_report.pk}",
                                  "Bình luận của Lê Thị Hoa về Báo cáo năm 2025")]
    html = text(response)
    assert '<strong aria-current="page">Bình luận (1)</strong>' in html
    assert '<a href="?q=ho+tich&amp;loai=ke-hoach">Kế hoạch (1)</a>' in html
    assert '<a href="?q=ho+tich">Tất cả (2)</a>' in html
    assert [r[1] for r in results(client.get(URL, {"q": "ho tich", "loai": "ke-hoach"}))] == [
        plan.get_absolute_url()]
    # An unknown kind is all kinds.
    assert len(results(client.get(URL, {"q": "ho tich", "loai": "<x>"}))) == 2


@pytest.mark.django_db
def test_results_are_paged_keeping_the_words(client):
    plan = PlanFactory(title="Kế hoạch 2026")
    for n in range(45):
        TaskFactory(plan=plan, title=f"Tuyên truyền đợt {n}")
    first = client.get(URL, {"q": "tuyen truyen"})
    assert len(results(first)) == 20
    html = text(first)
    assert "45 kết quả cho “tuyen truyen”." in html
    assert "Trang 1/3" in html and '<a href="?q=tuyen+truyen&amp;trang=2" rel="next">' in html
    last = client.get(URL, {"q": "tuyen truyen", "trang": "3"})
    assert len(results(last)) == 5 and '<a href="?q=tuyen+truyen&amp;trang=2" rel="prev">' in text(last)
    assert len(results(client.get(URL, {"q": "tuyen truyen", "trang": "99999999999999999999"}))) == 5
    assert len(results(client.get(URL, {"q": "tuyen truyen", "trang": "abc"}))) == 20


@pytest.mark.django_db
def test_one_page_of_results_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    plans = [PlanFactory(title=f"Cải cách hành chính {n}") for n in range(8)]
    for plan in plans:
        TaskFactory(plan=plan, title="Cải cách thủ tục")
        comment(plan, "Góp ý cải cách")
    report("Báo cáo cải cách")
    client.get(URL, {"q": "cai cach"})  # content types cached, as in a running site
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"q": "cai cach"})
    assert status(response) == "25 kết quả cho “cai cach”."


# --- bad input -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_query_and_the_content_cannot_inject_markup(client):
    PlanFactory(title='<script>alert("x")</script> cải cách <img src=x onerror=alert(1)>')
    html = client.get(URL, {"q": "cai cach"}).content.decode()
    assert "<script>" not in html and "<img src=x" not in html
    assert ('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>cải cách</mark> &lt;img src=x onerror=alert(1)&gt;'
            in html)
    response = client.get(URL, {"q": '"><script>alert(1)</script>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "Không tìm thấy kết quả nào cho “&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”." in html


@pytest.mark.django_db
def test_no_known_payload_reaches_the_results_page_executable(client):
    """The XSS corpus (tests/security/xss.py) in a plan's title and summary, a task, a comment and its answer,
    and as the query itself: the marked results and the words shown back hold nothing that could run."""
    plan = PlanFactory(title="Cải cách", summary="cải cách")
    baseline = client.get(URL, {"q": "cai cach"}).content.decode()
    baseline_echo = client.get(URL, {"q": "không có"}).content.decode()
    for payload in PAYLOADS:
        plan.title, plan.summary = f"{payload} cải cách", f"cải cách {payload} cải cách"
        plan.save()
        task = TaskFactory(plan=plan, title=f"cải cách {payload}", description=payload)
        note = comment(plan, f"{payload} cải cách", answer=f"cải cách {payload}")
        found = client.get(URL, {"q": "cai cach"}).content.decode()
        assert "<mark>" in found
        assert not added_executable_parts(baseline, found), payload
        echo = client.get(URL, {"q": payload[:100]}).content.decode()
        assert not added_executable_parts(baseline_echo, echo), payload
        task.delete()
        note.delete()


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["x" * 101, "cải " * 400, "a" * 10_000])
def test_a_long_query_gets_a_message_not_an_error(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert "Từ khóa dài quá 100 ký tự" in text(response)
    assert results(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["cai\x00cach", "%", "_", "%%'; DROP TABLE x; --", "\\", "***", "   "])
def test_odd_queries_are_answered(client, q):
    PlanFactory(title="Cải cách 100% thủ tục")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200


@pytest.mark.django_db
def test_percent_and_underscore_are_not_wildcards(client):
    PlanFactory(title="Cải cách")
    html = text(client.get(URL, {"q": "%"}))
    assert "Hãy nhập chữ hoặc số cần tìm." in html
    assert results(client.get(URL, {"q": "c_i"})) == []


@pytest.mark.django_db
def test_no_query_and_no_result_say_so_in_vietnamese(client):
    PlanFactory(title="Cải cách")
    assert "Nhập từ cần tìm, ví dụ:" in text(client.get(URL))
    html = text(client.get(URL, {"q": "không có gì"}))
    assert "Không tìm thấy kết quả nào cho “không có gì”." in html
    assert "gõ không dấu" in html


@pytest.mark.django_db
def test_one_letter_finds_that_word_only(client):
    PlanFactory(title="Ý kiến người dân")
    PlanFactory(title="Cải cách")
    assert [r[2] for r in results(client.get(URL, {"q": "y"}))] == ["<mark>Ý</mark> kiến người dân"]


# --- the box on every page -------------------------------------------------------------------------------

def test_every_public_page_has_the_search_box(client, demo):
    form = ('<form class="site-search" role="search" method="get" action="/tim-kiem/"> '
            '<label for="tim-kiem" class="visually-hidden">Tìm trong cổng thông tin</label> '
            '<input id="tim-kiem" type="search" name="q" maxlength="100"')
    for url in (reverse("reports:home"), reverse("reports:plan_list"), reverse("reports:report_list"),
                reverse("reports:plan_detail", args=["ke-hoach-tuyen-truyen-cchc-2019"]),
                reverse("reports:report_detail", args=["bao-cao-ket-qua-tuyen-truyen-cchc-2019"]),
                "/khong-co-trang-nay/"):
        assert form in text(client.get(url)), url
    # The results page has its own, larger box instead, and is kept out of search engines.
    html = text(client.get(URL, {"q": "cai cach"}))
    assert 'class="site-search"' not in html and 'id="tim-kiem-trang"' in html
    assert '<meta name="robots" content="noindex">' in html


# --- PostgreSQL reads the matches from its indexes ------------------------------------------------------

def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are tiny here; at scale the index wins
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_postgresql_searches_through_the_indexes(db):
    """The conditions are written exactly as the migrations' index expressions (a change to one without the
    other would read every row), the comments' too (discussion migration 0003)."""
    query = search.parse_query("cai cach")
    dialect = search._dialect(query)
    params = {**dialect.params(query), "published": PublishStatus.PUBLISHED, "plan_type": 1, "report_type": 2,
              "cap": 1001}
    for (_kind, tables, _published, columns, _ranked), index in zip(
            search.SOURCES, ("plan_search_idx", "task_search_idx", "report_search_idx"), strict=True):
        table = tables.format(**search._tables()).split(" JOIN ")[0]
        assert index in _plan(f"SELECT s.id FROM {table} WHERE {dialect.matches(columns)}", params)
    # The comments' other indexes (moderation queue, page) may look cheaper on a small table whose
    # statistics the rest of the suite shaped; without them, inside this test's transaction, the plan
    # shows whether the search condition is the index's expression.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'discussion_citizencomment'"
                       " AND indexname <> 'comment_search_idx' AND indexdef NOT LIKE '%UNIQUE%'")
        for (index,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{index}"')
    assert "comment_search_idx" in _plan(
        f"SELECT c.id FROM {search._tables()['comment']} c WHERE c.is_public AND NOT c.is_removed"
        f" AND {dialect.matches(search.COMMENT_COLUMNS)}", params)
    assert dialect.matches(search.COMMENT_COLUMNS) in search._comment_ids_sql(dialect)
