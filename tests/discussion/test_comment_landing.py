"""Issue 26 items 1–3: where a citizen lands after sending a comment (their own comment quoted at the comment
section, what happens next — to them only), the new-comment form's heading, the reply form on request, and
valid <time datetime> values."""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from discussion.models import CitizenComment, Commenter
from reports.models import Report
from tests.discussion.test_comments import EMAIL, POST_URL, clear_rate_limits, comment_data  # noqa: F401

pytestmark = pytest.mark.django_db
LANDING = "binh-luan-da-gui"


def browser():
    return Client(headers={"Origin": "http://testserver"})


@pytest.fixture
def report(demo):
    return Report.objects.get()


def approved(report, *, name="Lê Văn C", text="Khi nào có kết quả?", parent=None):
    return CitizenComment.objects.create(
        content_type=ContentType.objects.get_for_model(report), object_pk=str(report.pk), site_id=1,
        user_name=name, user_email="c@example.com", comment=text, is_public=True, parent=parent,
        submit_date=timezone.now())


def block(html):
    match = re.search(rf'<div[^>]*id="{LANDING}".*?</div>\s*<!-- /{LANDING} -->', html, re.S)
    return match.group(0) if match else ""


class TestWhereTheCitizenLands:
    def test_the_redirect_goes_to_the_confirmation_at_the_comment_section(self, report):
        response = browser().post(POST_URL, comment_data(report))
        assert response.status_code == 302
        assert response["Location"] == f"{report.get_absolute_url()}#{LANDING}"

    def test_the_landing_quotes_the_comment_and_says_what_happens_next_without_the_email(self, report):
        citizen = browser()
        html = citizen.post(POST_URL, comment_data(report), follow=True).content.decode()
        section = html.split('id="binh-luan"')[1]
        landing = block(section)
        assert landing, "no confirmation block in the comment section"
        assert "Bình luận bạn vừa gửi" in landing
        assert "Nguyễn Văn A" in landing and "Đề nghị tăng thời lượng chuyên mục CCHC." in landing
        assert "đang chờ kiểm duyệt" in landing
        due = CitizenComment.objects.get().answer_due_at.astimezone(timezone.get_current_timezone())
        assert f"trước ngày {due:%d/%m/%Y}" in landing
        # first comment from this address: a confirmation email went out; the address itself is never shown
        assert Commenter.objects.get().confirmation_sent_at is not None
        assert "mở liên kết xác nhận trong email chúng tôi vừa gửi" in landing
        assert EMAIL not in html
        # the list of approved comments still does not carry it
        assert "Chưa có bình luận nào" in section

    def test_no_other_visitor_sees_a_pending_comment_and_the_page_stays_private(self, report):
        citizen = browser()
        response = citizen.post(POST_URL, comment_data(report), follow=True)
        assert "private" in response["Cache-Control"]
        other = browser().get(report.get_absolute_url()).content.decode()
        assert not block(other) and "Đề nghị tăng thời lượng" not in other
        # once shown, it does not come back on the poster's next visit either (the comment waits for moderation)
        again = citizen.get(report.get_absolute_url()).content.decode()
        assert not block(again) and "Đề nghị tăng thời lượng" not in again

    def test_a_forged_message_for_another_page_shows_nothing(self, report, demo):
        from campaigns.models import Plan

        citizen = browser()
        citizen.post(POST_URL, comment_data(report))
        plan = Plan.objects.get(year=2019)
        html = citizen.get(plan.get_absolute_url()).content.decode()
        assert not block(html) and "Đề nghị tăng thời lượng" not in html

    def test_a_comment_published_at_once_links_to_itself(self, report, settings):
        settings.COMMENTS_AUTO_APPROVE_RETURNING = True
        citizen = browser()
        citizen.post(POST_URL, comment_data(report))
        CitizenComment.objects.update(is_public=True)
        Commenter.objects.update(confirmed_at=timezone.now())
        from discussion import tokens
        commenter = Commenter.objects.get()
        response = citizen.get("/")
        tokens.remember_confirmed(citizen.get("/").wsgi_request, response, commenter)
        citizen.cookies.update(response.cookies)
        html = citizen.post(POST_URL, comment_data(report, comment="Lần hai: xin số liệu quý III."),
                            follow=True).content.decode()
        second = CitizenComment.objects.get(comment__startswith="Lần hai")
        assert second.is_public
        landing = block(html)
        assert "đã được đăng" in landing and f'href="#bl-{second.pk}"' in landing

    def test_an_invalid_form_shows_its_errors_beside_the_fields_under_a_new_comment_heading(self, report):
        html = browser().post(POST_URL, comment_data(report, email="")).content.decode()
        assert "<h1>Bình luận chưa gửi được</h1>" in html
        assert "<h2>Gửi góp ý của bạn</h2>" in html and "<h3>" not in html.split("<h1>")[1].split("</form>")[0]
        assert re.search(r'<span class="field-error" id="id_email-loi">Vui lòng nhập email', html)
        # what to fix is said where the page opens, each linked to its field
        summary = html.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
        assert 'Cần sửa: <a href="#id_email">Email</a>.' in summary

    def test_the_error_summary_names_every_field_to_fix(self, report):
        html = browser().post(POST_URL, comment_data(report, email="", name="", comment="")).content.decode()
        summary = html.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
        assert ('Cần sửa: <a href="#id_comment">Bình luận</a>, <a href="#id_name">Tên</a>, '
                '<a href="#id_email">Email</a>.') in summary


class TestHeadingsAndReplyOnRequest:
    def test_the_new_comment_form_is_headed_as_such_when_the_page_has_comments(self, client, report):
        approved(report)
        html = client.get(report.get_absolute_url()).content.decode()
        assert "<h3>Gửi góp ý của bạn</h3>" in html and "<h3>Trả lời</h3>" not in html
        section = html.split('id="binh-luan"')[1].split("</section>")[0]
        headings = re.findall(r"<h([1-6])", section)
        assert headings[0] == "2" and set(headings[1:]) == {"3"}  # the form's heading sits under the section's

    def test_one_form_only_and_the_reply_form_on_request(self, client, report):
        first, second = approved(report), approved(report, name="Phạm Thị D", text="Hỏi thêm")
        html = client.get(report.get_absolute_url()).content.decode()
        assert html.count('<form action="/binh-luan/gui/"') == 1
        assert 'name="parent" value=' not in html or re.search(r'name="parent" value=""', html)
        assert f'href="?tra-loi={second.pk}#tra-loi"' in html and f'href="?tra-loi={first.pk}#tra-loi"' in html
        html = client.get(f"{report.get_absolute_url()}?tra-loi={first.pk}").content.decode()
        assert html.count('<form action="/binh-luan/gui/"') == 1
        assert "<h3>Trả lời bình luận của Lê Văn C</h3>" in html
        assert re.search(rf'name="parent" value="{first.pk}"', html)
        # under the comment it answers, with a way back; the new-comment form's place holds a link to it
        thread = html.split(f'id="bl-{first.pk}"')[1].split('<li class="comment"')[0]
        assert 'id="tra-loi"' in thread and "Gửi trả lời" in thread
        back = f'href="{report.get_absolute_url()}#bl-{first.pk}" class="cancel-reply">Thôi, không trả lời</a>'
        assert back in thread
        assert f'href="{report.get_absolute_url()}#gui-gop-y">Gửi góp ý mới' in html


class TestTimes:
    def test_every_time_element_has_a_valid_datetime_without_fractions(self, client, report):
        comment = approved(report)
        CitizenComment.objects.filter(pk=comment.pk).update(
            submit_date=dt.datetime(2026, 12, 7, 11, 48, 39, 147397, tzinfo=dt.UTC),
            answer="Đã trả lời.", answered_at=dt.datetime(2026, 12, 8, 2, 5, 1, 999999, tzinfo=dt.UTC))
        html = client.get(report.get_absolute_url()).content.decode()
        values = re.findall(r'<time datetime="([^"]*)"', html)
        assert "2026-12-07T18:48:39+07:00" in values and "2026-12-08T09:05:01+07:00" in values
        for value in values:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value


def test_a_form_sent_twice_lands_on_the_same_comment_saying_it_came_already(report):
    citizen, data = browser(), comment_data(report)
    citizen.post(POST_URL, data)
    response = citizen.post(POST_URL, data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{report.get_absolute_url()}#{LANDING}"
    assert "Bình luận này đã được gửi trước đó, bạn không cần gửi lại." in html
    assert "Đề nghị tăng thời lượng chuyên mục CCHC." in block(html)
    assert CitizenComment.objects.count() == 1
