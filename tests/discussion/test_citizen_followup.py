"""Issue 15: a citizen's comment confirmed, answered on time, notified with consent, rated, unsubscribed
and erased; names and links that must wait for a moderator; limits that fit shared addresses."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from discussion import tokens
from discussion.filters import has_link, looks_official
from discussion.models import CitizenComment, Commenter, ErasureLog
from reports.models import Report
from tests.discussion.test_comments import EMAIL, POST_URL, comment_data
from tests.factories import coordinator_user, data_entry_user


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


@pytest.fixture
def citizen():
    return Client(headers={"Origin": "http://testserver"})


@pytest.fixture
def report(demo):
    return Report.objects.get()


def link_in(message, name):
    path = urlsplit(re.search(rf"http://\S+/binh-luan/{name}/\S+/", message.body).group(0)).path
    return path


def post(client, target, capture, **fields):
    with capture(execute=True):
        return client.post(POST_URL, comment_data(target, **fields))


def answer(comment, text, capture, user=None):
    """The agency's answer, typed in the moderation form as staff do."""
    staff = Client()
    staff.force_login(user or coordinator_user())
    with capture(execute=True):
        response = staff.post(reverse("admin:discussion_citizencomment_change", args=[comment.pk]),
                              {"is_public": "on", "answer": text})
    assert response.status_code == 302, response.content.decode()[:2000]


# 1. Confirmed emails ----------------------------------------------------------------------------------

class TestFollowUpOnTheDemo:
    def test_first_comment_mails_a_confirmation_link_once_a_day(self, citizen, report,
                                                                django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, email="NguoiDan@Example.com")
        post(citizen, report, django_capture_on_commit_callbacks, comment="Góp ý thứ hai")
        confirmations = [m for m in mail.outbox if "Xác nhận email" in m.subject]
        assert len(confirmations) == 1, "a second post the same day asks nothing more of the mailbox"
        assert confirmations[0].to == [EMAIL]
        assert "Nếu bạn không gửi bình luận nào, hãy bỏ qua thư này" in confirmations[0].body
        assert Commenter.objects.get(email=EMAIL).confirmed_at is None

        response = citizen.get(link_in(confirmations[0], "xac-nhan"))
        assert response.status_code == 200 and "Đã xác nhận email" in response.content.decode()
        assert Commenter.objects.get(email=EMAIL).confirmed_at is not None
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]

    def test_a_forged_or_expired_confirmation_link_gets_a_vietnamese_page(self, citizen, report, settings):
        forged = citizen.get(reverse("discussion:confirm", args=["khong-phai-ma-that"]))
        assert forged.status_code == 400 and "Liên kết không còn dùng được" in forged.content.decode()
        token = tokens.make(tokens.CONFIRM, {"e": EMAIL})
        settings.COMMENTS_CONFIRM_DAYS = 7
        later = timezone.now() + dt.timedelta(days=8)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("time.time", lambda: later.timestamp())
            expired = citizen.get(reverse("discussion:confirm", args=[token]))
        assert expired.status_code == 400
        assert not Commenter.objects.filter(confirmed_at__isnull=False).exists()

    def test_someone_else_typing_a_confirmed_address_is_held(self, citizen, report, django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Lần đầu")
        citizen.get(link_in(mail.outbox[-1], "xac-nhan"))
        CitizenComment.objects.update(is_public=True)
        post(citizen, report, django_capture_on_commit_callbacks, comment="Lần hai, từ máy của tôi")
        impostor = Client(headers={"Origin": "http://testserver"})
        post(impostor, report, django_capture_on_commit_callbacks, comment="Tôi là người khác", name="Nguyễn Văn A")
        states = dict(CitizenComment.objects.values_list("comment", "is_public"))
        assert states["Lần hai, từ máy của tôi"] is True, "the owner, from the browser that confirmed, goes live"
        assert states["Tôi là người khác"] is False, "the same address typed elsewhere waits for a moderator"

    @pytest.mark.parametrize("name", [
        "Chủ tịch UBND tỉnh Cà Mau (chính thức)", "chu tich ubnd tinh", "Sở Nội vụ", "Ban Tuyên giáo",
        "Báo Cà Mau", "Văn phòng UBND tỉnh", "Admin", "Cán bộ tiếp dân", "Ủy ban nhân dân huyện", "ChủTịch", "Chủ_tịch",
        "U.B.N.D", "U B N D", "UBNDtinh", "Сhủ tịch", "So Noi Vu", "Cục Thuế", "Tòa án", "Viện kiểm sát", "Đảng ủy",
        "Người phát ngôn", "Cổng TTĐT", "Official", "Sở Nội vụ Cà Mau", "Nguyễn Văn A (Sở Nội vụ)",
    ])
    def test_names_that_claim_an_office_are_always_held(self, citizen, report, name,
                                                        django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Lần đầu", name="Nguyễn Văn A")
        citizen.get(link_in(mail.outbox[-1], "xac-nhan"))
        CitizenComment.objects.update(is_public=True)
        post(citizen, report, django_capture_on_commit_callbacks, comment="Thông báo chính thức", name=name)
        assert CitizenComment.objects.get(comment="Thông báo chính thức").is_public is False

    @pytest.mark.parametrize("name", ["Nguyễn Văn Bảo", "Bạn đọc Cà Mau", "Trần Văn Thời", "Lê Thị Số",
                                      "Nguyễn Văn Phong", "Lê Trung Tâm", "Trần Công An", "Ngô Văn Phòng",
                                      "Lý Văn Sở", "Đặng Uy"])
    def test_ordinary_names_are_not_official(self, demo, name):
        assert not looks_official(name)

    def test_answer_email_only_with_consent_once_after_commit(self, citizen, report,
                                                              django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Có hỏi, muốn nhận email", notify="on")
        post(citizen, report, django_capture_on_commit_callbacks, comment="Có hỏi, không muốn email",
             email="khac@example.com", name="Lê Thị C")
        wants, silent = CitizenComment.objects.order_by("pk")
        assert wants.notify and wants.notify_consented_at is not None
        assert not silent.notify and silent.notify_consented_at is None
        mail.outbox.clear()

        answer(wants, "Cảm ơn anh, Sở sẽ tăng thời lượng.", django_capture_on_commit_callbacks)
        answer(silent, "Cảm ơn chị.", django_capture_on_commit_callbacks)
        answer(wants, "Cảm ơn anh, Sở sẽ tăng thời lượng từ quý II.", django_capture_on_commit_callbacks)
        assert [m.to for m in mail.outbox] == [[EMAIL]], "one email, to the one who asked, not on each correction"
        message = mail.outbox[0]
        assert "đã trả lời bình luận của bạn" in message.subject
        assert "Cảm ơn anh, Sở sẽ tăng thời lượng." in message.body
        assert f"{report.get_absolute_url()}#bl-{wants.pk}" in message.body
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(r"<http://\S+/binh-luan/ngung-nhan-email/\S+/>", unsubscribe)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html = message.alternatives[0][0]
        assert "Đánh giá câu trả lời" in html and "Ngừng nhận email" in html

    def test_a_reply_reaches_the_poster_who_asked(self, citizen, report, django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Câu hỏi", notify="on")
        question = CitizenComment.objects.get()
        CitizenComment.objects.update(is_public=True)
        other = Client(headers={"Origin": "http://testserver"})
        post(other, report, django_capture_on_commit_callbacks, comment="Tôi cũng muốn biết", parent=str(question.pk),
             email="nguoi2@example.com", name="Trần Thị B")
        mail.outbox.clear()
        staff = Client()
        staff.force_login(coordinator_user())
        reply = CitizenComment.objects.get(parent=question)
        with django_capture_on_commit_callbacks(execute=True):
            staff.post(reverse("admin:discussion_citizencomment_changelist"),
                       {"action": "approve", "_selected_action": [reply.pk]})
        assert [m.to for m in mail.outbox] == [[EMAIL]]
        assert "có trả lời mới" in mail.outbox[0].subject and "Tôi cũng muốn biết" in mail.outbox[0].body

    def test_unsubscribe_shows_a_button_and_the_post_withdraws_with_its_time(self, citizen, report,
                                                                           django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Câu hỏi", notify="on")
        comment = CitizenComment.objects.get()
        path = reverse("discussion:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, {"e": EMAIL})])
        page = citizen.get(path)
        assert page.status_code == 200 and "Ngừng nhận email" in page.content.decode()
        comment.refresh_from_db()
        assert comment.notify_withdrawn_at is None, "opening the link (a mail scanner does) changes nothing"
        mail_client = Client()  # the mail provider's one-click POST: no cookie, no CSRF token, no Origin
        done = mail_client.post(path, {"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and "Đã ngừng gửi email" in done.content.decode()
        comment.refresh_from_db()
        assert comment.notify_withdrawn_at is not None and comment.notify_consented_at is not None
        mail.outbox.clear()
        answer(comment, "Trả lời sau khi đã ngừng nhận", django_capture_on_commit_callbacks)
        assert mail.outbox == []

    def test_the_poster_rates_the_answer_from_the_email_link(self, citizen, report, django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Câu hỏi", notify="on")
        comment = CitizenComment.objects.get()
        answer(comment, "Trả lời của Sở", django_capture_on_commit_callbacks)
        path = link_in(mail.outbox[-1], "danh-gia")
        form = citizen.get(path)
        assert "Bạn có hài lòng với câu trả lời không?" in form.content.decode()
        refused = citizen.post(path, {"danh_gia": "rat-tot"})
        assert refused.status_code == 400
        assert "Vui lòng chọn “Hài lòng” hoặc “Chưa hài lòng”." in refused.content.decode()
        done = citizen.post(path, {"danh_gia": "hai_long", "y_kien": "Rõ ràng, nhanh"})
        assert "Cảm ơn bạn đã đánh giá" in done.content.decode()
        comment.refresh_from_db()
        assert (comment.rating, comment.rating_note) == ("hai_long", "Rõ ràng, nhanh")
        html = Client().get(report.get_absolute_url()).content.decode()
        assert "1/1 người hỏi hài lòng với câu trả lời" in html
        assert "Rõ ràng, nhanh" not in html, "the note is for staff"
        assert citizen.get(reverse("discussion:rate", args=["gia-mao"])).status_code == 400

    def test_a_citizen_erases_their_comments_and_address(self, citizen, report, django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Câu hỏi của tôi")
        mine = CitizenComment.objects.get()
        CitizenComment.objects.update(is_public=True)
        other = Client(headers={"Origin": "http://testserver"})
        post(other, report, django_capture_on_commit_callbacks, comment="Trả lời của người khác", parent=str(mine.pk),
             email="nguoi2@example.com", name="Trần Thị B")
        path = link_in(next(m for m in mail.outbox if m.to == [EMAIL]), "xoa-du-lieu")
        page = citizen.get(path)
        assert "Cổng đang lưu 1 bình luận" in page.content.decode()
        assert CitizenComment.objects.count() == 2, "opening the link deletes nothing"
        done = citizen.post(path)
        assert "Đã xoá 1 bình luận" in done.content.decode()
        assert not CitizenComment.objects.filter(user_email=EMAIL).exists()
        assert not Commenter.objects.filter(email=EMAIL).exists()
        kept = CitizenComment.objects.get()
        assert kept.comment == "Trả lời của người khác" and kept.parent is None
        log = ErasureLog.objects.get()
        assert log.comments_deleted == 1 and EMAIL not in log.email_hash

    def test_an_answer_is_due_ten_working_days_later_weekends_and_holidays_excluded(self, citizen, report, settings,
                                                                                      django_capture_on_commit_callbacks):
        settings.PUBLIC_HOLIDAYS = [dt.date(2026, 12, 14)]
        friday_noon = timezone.make_aware(dt.datetime(2026, 12, 4, 12, 0))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.utils.timezone.now", lambda: friday_noon)
            post(citizen, report, django_capture_on_commit_callbacks)
        comment = CitizenComment.objects.get()
        # Mon 7 … Fri 11 (5), Mon 14 is a holiday, Tue 15 … Fri 18 (9), Mon 21 (10).
        assert timezone.localtime(comment.answer_due_at).strftime("%d/%m/%Y %H:%M") == "21/12/2026 23:59"
        assert comment.responsible_agency == report.issuing_agency

    def test_the_queue_puts_overdue_unanswered_questions_first(self, citizen, report, admin_client,
                                                              django_capture_on_commit_callbacks):
        for n, text in enumerate(("Mới, chờ duyệt", "Quá hạn lâu", "Quá hạn ít", "Đã trả lời")):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=text, email=f"nguoi{n}@example.com")
        assert CitizenComment.objects.count() == 4
        now = timezone.now()
        CitizenComment.objects.exclude(comment="Mới, chờ duyệt").update(is_public=True)
        CitizenComment.objects.filter(comment="Quá hạn lâu").update(answer_due_at=now - dt.timedelta(days=9))
        CitizenComment.objects.filter(comment="Quá hạn ít").update(answer_due_at=now - dt.timedelta(days=1))
        CitizenComment.objects.filter(comment="Đã trả lời").update(answer_due_at=now - dt.timedelta(days=30),
                                                                   answer="Đã trả lời", answered_at=now)
        html = admin_client.get(reverse("admin:discussion_citizencomment_changelist")).content.decode()
        order = sorted(("Mới, chờ duyệt", "Quá hạn lâu", "Quá hạn ít", "Đã trả lời"), key=html.index)
        assert order == ["Quá hạn lâu", "Quá hạn ít", "Mới, chờ duyệt", "Đã trả lời"]
        assert "Quá hạn (" in html

    def test_each_agency_is_mailed_the_comments_waiting_on_its_pages(self, citizen, report,
                                                                     django_capture_on_commit_callbacks):
        officer = data_entry_user(report.issuing_agency, email="vanphong@camau.gov.vn")
        post(citizen, report, django_capture_on_commit_callbacks, comment="Chờ trả lời")
        post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
             comment="Chưa duyệt, không gửi cho cơ quan", email="khac@example.com")
        CitizenComment.objects.filter(comment="Chờ trả lời").update(is_public=True)
        CitizenComment.objects.update(answer_due_at=timezone.now() - dt.timedelta(days=1))
        mail.outbox.clear()
        call_command("remind_comments")
        [message] = mail.outbox
        assert message.to == [officer.email]
        assert "1 góp ý của người dân chờ cơ quan trả lời (1 quá hạn)" in message.subject
        assert "[QUÁ HẠN]" in message.body and "Chờ trả lời" in message.body and EMAIL not in message.body
        assert "Chưa duyệt" not in message.body
        mail.outbox.clear()
        call_command("remind_comments", "--dry-run")
        assert mail.outbox == []

    def test_public_page_shows_answers_on_time(self, citizen, report, django_capture_on_commit_callbacks):
        for n, email in enumerate(("a@example.com", "b@example.com", "c@example.com")):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=f"Câu hỏi {n}", email=email)
        CitizenComment.objects.update(is_public=True)
        first, second, third = CitizenComment.objects.order_by("pk")
        now = timezone.now()
        CitizenComment.objects.filter(pk=first.pk).update(answer="Kịp",
                                                          answered_at=first.submit_date + dt.timedelta(days=2))
        CitizenComment.objects.filter(pk=second.pk).update(answer="Muộn", answer_due_at=now - dt.timedelta(days=3),
                                                           answered_at=now - dt.timedelta(days=1),
                                                           submit_date=now - dt.timedelta(days=20))
        html = Client().get(report.get_absolute_url()).content.decode()
        # Third is unanswered and not yet due: not counted yet.
        assert "<strong>1/2</strong> góp ý được trả lời đúng hạn (10 ngày làm việc), trung bình sau 10,5 ngày" in html

    def test_an_answer_in_the_last_second_of_its_due_day_is_on_time(self, citizen, report,
                                                                    django_capture_on_commit_callbacks):
        from discussion.queries import answer_timeliness

        for n in range(2):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=f"Câu hỏi {n}", email=f"hoi{n}@example.com")
        CitizenComment.objects.update(is_public=True)
        last_second, next_day = CitizenComment.objects.order_by("pk")
        due = timezone.localtime(last_second.answer_due_at)
        assert (due.hour, due.minute, due.second) == (23, 59, 59)
        CitizenComment.objects.filter(pk=last_second.pk).update(answered_at=due.replace(microsecond=500000))
        CitizenComment.objects.filter(pk=next_day.pk).update(
            answered_at=timezone.localtime(next_day.answer_due_at).replace(hour=0, minute=0, second=0, microsecond=0)
            + dt.timedelta(days=1))
        figures = answer_timeliness()
        assert (figures["answered"], figures["on_time"]) == (2, 1)

    def test_a_page_counts_its_own_questions_and_its_agency_counts_all_of_its_pages(self,
            citizen, report, django_capture_on_commit_callbacks):
        from agencies.models import Agency
        from discussion.queries import answer_timeliness_of_page

        plan = report.plan  # another page of the same issuing agency
        for n, target in enumerate((report, report, plan, report)):
            post(Client(headers={"Origin": "http://testserver"}), target, django_capture_on_commit_callbacks,
                 comment=f"Câu hỏi {n}", email=f"nguoi{n}@example.com")
        CitizenComment.objects.update(is_public=True)
        on_report, answered_late, on_plan, elsewhere = CitizenComment.objects.order_by("pk")
        assert {c.responsible_agency_id for c in (on_report, on_plan)} == {report.issuing_agency_id}
        CitizenComment.objects.filter(pk=on_report.pk).update(answered_at=on_report.submit_date + dt.timedelta(days=1))
        CitizenComment.objects.filter(pk=answered_late.pk).update(
            answered_at=answered_late.submit_date + dt.timedelta(days=30), rating="hai_long")
        CitizenComment.objects.filter(pk=on_plan.pk).update(answered_at=on_plan.submit_date + dt.timedelta(days=2))
        # A question on the report that another agency answers counts for the page, not for the issuing agency.
        other = Agency.objects.exclude(pk=report.issuing_agency_id).first()
        CitizenComment.objects.filter(pk=elsewhere.pk).update(responsible_agency=other)

        page, agency = answer_timeliness_of_page(target=report)
        assert (page["questions"], page["answered"], page["on_time"], page["satisfied"]) == (3, 2, 1, 1)
        assert page["average_days"] == 15.5  # (1 + 30) / 2 answered on this page
        assert (agency["questions"], agency["answered"], agency["on_time"]) == (3, 3, 2)
        assert agency["average_days"] == 11.0  # (1 + 30 + 2) / 3

    @override_settings(COMMENTS_RATE_LIMIT="5/10m", COMMENTS_RATE_LIMIT_PER_ADDRESS="60/10m")
    def test_twenty_people_behind_one_address_can_all_comment(self, report, django_capture_on_commit_callbacks):
        for n in range(20):
            person = Client(headers={"Origin": "http://testserver"}, REMOTE_ADDR="203.113.1.1")
            first = post(person, report, django_capture_on_commit_callbacks, comment=f"Góp ý số {n}",
                         email=f"nguoi{n}@example.com")
            assert first.status_code == 302, n
            second = post(person, report, django_capture_on_commit_callbacks, comment=f"Bổ sung số {n}",
                          email=f"nguoi{n}@example.com")
            assert second.status_code == 302, n
        assert CitizenComment.objects.count() == 40

    @override_settings(COMMENTS_RATE_LIMIT="5/10m", COMMENTS_RATE_LIMIT_PER_ADDRESS="60/10m")
    def test_one_person_flooding_is_stopped(self, report, django_capture_on_commit_callbacks):
        flooder = Client(headers={"Origin": "http://testserver"}, REMOTE_ADDR="203.113.1.2")
        codes = [post(flooder, report, django_capture_on_commit_callbacks, comment=f"Rác {n}",
                      email=f"doi-{n}@example.com").status_code for n in range(7)]
        assert codes == [302] * 5 + [429] * 2, "the same browser, whatever email it types"
        same_email = [post(Client(headers={"Origin": "http://testserver"}, REMOTE_ADDR=f"10.0.0.{n}"), report,
                           django_capture_on_commit_callbacks, comment=f"Spam {n}",
                           email="spam@example.com").status_code for n in range(7)]
        assert same_email == [302] * 5 + [429] * 2, "the same email, from however many browsers and addresses"
        limited = post(flooder, report, django_capture_on_commit_callbacks, comment="Nội dung tôi gõ")
        assert "Bạn đã gửi nhiều bình luận" in limited.content.decode()
        assert "Nội dung tôi gõ" in limited.content.decode()

    @override_settings(COMMENTS_RATE_LIMIT="5/10m", COMMENTS_RATE_LIMIT_PER_ADDRESS="60/10m")
    def test_a_bot_without_cookies_is_stopped_at_the_address_ceiling(self, report, django_capture_on_commit_callbacks):
        codes = []
        for n in range(62):
            # a new "browser" each time
            bot = Client(headers={"Origin": "http://testserver"}, REMOTE_ADDR="198.51.100.7")
            codes.append(post(bot, report, django_capture_on_commit_callbacks, comment=f"Bot {n}",
                              email=f"bot{n}@example.com").status_code)
        assert codes.count(302) == 60 and codes[-2:] == [429, 429]

    def test_comments_come_fifty_a_page_newest_first_with_the_newest_answers_linked(self, report):
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(report)
        start = timezone.now() - dt.timedelta(days=200)
        CitizenComment.objects.bulk_create([CitizenComment(
            content_type=content_type, object_pk=str(report.pk), site_id=1, user_name=f"Người {n}",
            user_email=f"n{n}@example.com", comment=f"Góp ý thứ {n:03d}", submit_date=start + dt.timedelta(hours=n),
            is_public=True, answer="Đã trả lời" if n == 5 else "",
            answered_at=start + dt.timedelta(days=100) if n == 5 else None,
        ) for n in range(120)])
        client = Client()
        first = client.get(report.get_absolute_url()).content.decode()
        assert first.count('class="comment"') == 50
        assert first.index("Góp ý thứ 119") < first.index("Góp ý thứ 070") and "Góp ý thứ 069" not in first
        assert "Trang 1/3" in first and 'href="?trang=2#binh-luan"' in first
        answered = CitizenComment.objects.get(comment="Góp ý thứ 005")
        assert f'href="?trang=3#bl-{answered.pk}"' in first, "the newest answer, linked to the page it is on"
        third = client.get(report.get_absolute_url() + "?trang=3").content.decode()
        assert third.count('class="comment"') == 20 and f'id="bl-{answered.pk}"' in third

    def test_ip_addresses_and_rejected_comments_are_kept_only_for_a_while(self, citizen, report, settings,
                                                                         django_capture_on_commit_callbacks):
        settings.COMMENTS_IP_RETENTION_DAYS = settings.COMMENTS_REJECTED_RETENTION_DAYS = 90
        for n in range(3):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=f"Góp ý {n}", email=f"n{n}@example.com")
        old, rejected, fresh = CitizenComment.objects.order_by("pk")
        long_ago = timezone.now() - dt.timedelta(days=91)
        CitizenComment.objects.filter(pk__in=[old.pk, rejected.pk]).update(submit_date=long_ago, is_public=True)
        CitizenComment.objects.filter(pk=rejected.pk).update(is_removed=True, is_public=False)
        Commenter.objects.update(created_at=long_ago)
        call_command("expire_comment_data")
        assert list(CitizenComment.objects.order_by("pk").values_list("comment", "ip_address")) == [
            ("Góp ý 0", None), ("Góp ý 2", "127.0.0.1")]
        assert set(Commenter.objects.values_list("email", flat=True)) == {"n0@example.com", "n2@example.com"}

    def test_an_address_crafted_to_list_others_confirms_only_itself(self, citizen, report,
                                                                    django_capture_on_commit_callbacks):
        """A quoted local part may hold commas: it must neither be accepted nor smuggle a victim's address
        into the browser's list of confirmed ones."""
        victim = "victim@example.com"
        post(citizen, report, django_capture_on_commit_callbacks, email=victim, comment="Của nạn nhân")
        CitizenComment.objects.update(is_public=True)
        Commenter.objects.filter(email=victim).update(confirmed_at=timezone.now())
        crafted = '"x,victim@example.com,y"@attacker.example'
        refused = post(citizen, report, django_capture_on_commit_callbacks, email=crafted, comment="Thử")
        assert "Email chưa đúng định dạng" in refused.content.decode()
        commenter = Commenter.objects.create(email="attacker@attacker.example", confirmed_at=timezone.now())
        citizen.get(reverse("discussion:confirm", args=[tokens.make(tokens.CONFIRM, {"e": commenter.email})]))
        post(citizen, report, django_capture_on_commit_callbacks, email=victim, comment="Giả danh nạn nhân")
        assert CitizenComment.objects.get(comment="Giả danh nạn nhân").is_public is False

    def test_a_reply_is_announced_once_however_often_it_is_approved(self, citizen, report,
                                                                    django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, comment="Câu hỏi", notify="on")
        question = CitizenComment.objects.get()
        CitizenComment.objects.update(is_public=True)
        post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
             comment="Một trả lời", parent=str(question.pk), email="nguoi2@example.com", name="Trần Thị B")
        reply = CitizenComment.objects.get(parent=question)
        staff = Client()
        staff.force_login(coordinator_user())
        mail.outbox.clear()
        for action in ("approve", "reject", "approve", "reject", "approve"):
            with django_capture_on_commit_callbacks(execute=True):
                staff.post(reverse("admin:discussion_citizencomment_changelist"),
                           {"action": action, "_selected_action": [reply.pk]})
        assert [m.to for m in mail.outbox] == [[EMAIL]]

    def test_an_answer_to_a_rejected_comment_is_refused_with_a_message(self, report, citizen,
                                                                       django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks)
        comment = CitizenComment.objects.get()
        staff = Client()
        staff.force_login(coordinator_user())
        response = staff.post(reverse("admin:discussion_citizencomment_change", args=[comment.pk]),
                              {"is_removed": "on", "answer": "Cảm ơn"})
        assert response.status_code == 200
        assert "Bình luận bị từ chối thì không trả lời" in response.content.decode()
        comment.refresh_from_db()
        assert comment.answer == "" and not comment.is_removed

    def test_the_confirmation_email_carries_nothing_the_poster_typed(self, citizen, report,
                                                                     django_capture_on_commit_callbacks):
        post(citizen, report, django_capture_on_commit_callbacks, name="Mua thuốc giá rẻ tại quangcao", comment="Rác")
        [confirmation] = [m for m in mail.outbox if "Xác nhận email" in m.subject]
        assert "Mua thuốc" not in confirmation.body and "Rác" not in confirmation.body
        mail.outbox.clear()
        post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
             name="Xem evil.ru", email="khac@example.com")
        assert not [m for m in mail.outbox if "Xác nhận email" in m.subject], "no confirmation for a link as a name"

    def test_an_agency_officer_answers_the_approved_questions_on_its_own_pages(self, report,
                                                                               django_capture_on_commit_callbacks):
        from tests.factories import AgencyFactory

        for n, email in enumerate(("a@example.com", "b@example.com", "c@example.com")):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=f"Câu hỏi {n}", email=email, notify="on")
        approved, pending, other_agency = CitizenComment.objects.order_by("pk")
        CitizenComment.objects.filter(pk__in=[approved.pk, other_agency.pk]).update(is_public=True)
        CitizenComment.objects.filter(pk=other_agency.pk).update(responsible_agency=AgencyFactory())
        officer = data_entry_user(report.issuing_agency)
        client = Client()
        client.force_login(officer)
        queue = client.get(reverse("admin:discussion_citizencomment_changelist")).content.decode()
        assert "Câu hỏi 0" in queue and "Câu hỏi 1" not in queue and "Câu hỏi 2" not in queue
        assert 'value="approve"' not in queue, "moderating is the coordinators'"
        for hidden in (pending, other_agency):
            assert client.get(reverse("admin:discussion_citizencomment_change", args=[hidden.pk])).status_code == 302
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("admin:discussion_citizencomment_change", args=[approved.pk]),
                                   {"answer": "Cơ quan trả lời", "is_removed": "on"})
        assert response.status_code == 302
        approved.refresh_from_db()
        assert approved.answer == "Cơ quan trả lời" and approved.answer_agency == report.issuing_agency
        assert approved.is_public and not approved.is_removed, "a forged moderation tick is ignored"
        assert [m.to for m in mail.outbox] == [["a@example.com"]]

    def test_waiting_questions_count_once_approved(self, citizen, report, django_capture_on_commit_callbacks):
        from discussion.queries import answer_timeliness

        post(citizen, report, django_capture_on_commit_callbacks)
        CitizenComment.objects.update(answer_due_at=timezone.now() - dt.timedelta(days=1))
        assert answer_timeliness()["overdue"] == 0, "spam left in the queue makes no agency look late"
        CitizenComment.objects.update(is_public=True)
        assert answer_timeliness()["overdue"] == 1

    def test_error_and_email_link_pages_are_no_pages_address(self, citizen, report):
        """They answer one visitor's request: no canonical link, no og:url, not indexed."""
        pages = [
            citizen.get(reverse("discussion:confirm", args=["gia-mao"])),  # 400, link_invalid
            Client().post(POST_URL, comment_data(report)),  # 403: no Origin
            citizen.post(POST_URL, {**comment_data(report), "security_hash": "0" * 40}),  # 400, tampered form
            citizen.get(reverse("discussion:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, {"e": EMAIL})])),
        ]
        assert [p.status_code for p in pages] == [400, 403, 400, 200]
        for page in pages:
            html = page.content.decode()
            assert 'rel="canonical"' not in html and "og:url" not in html
            assert '<meta name="robots" content="noindex">' in html

    def test_confirmation_emails_stop_at_the_hourly_ceiling(self, report, settings, django_capture_on_commit_callbacks):
        settings.COMMENTS_CONFIRMATIONS_PER_HOUR = 2
        for n in range(3):
            post(Client(headers={"Origin": "http://testserver"}), report, django_capture_on_commit_callbacks,
                 comment=f"Góp ý {n}", email=f"moi{n}@example.com")
        assert [m.to for m in mail.outbox if "Xác nhận email" in m.subject] == [["moi0@example.com"],
                                                                                ["moi1@example.com"]]
        assert CitizenComment.objects.count() == 3, "the comment itself is kept"


@pytest.mark.parametrize("text", [
    "Xem http://quangcao.example", "hxxps://lua-dao.example/khuyen-mai", "h**p://abc.vn", "vào evil[.]ru nhé",
    "evil (dot) ru", "evil chấm ru", "evil[dot]ru", "www.quangcao", "ghé evil.ru", "mua-ngay.shop", "EVIL.RU",
    "ví-dụ.vn/trang", "xem tai abc.com.vn", "evil.Com", "Gmail.Com", "xem tai Evil.Com nhe", "evil . ru", "evil. ru",
    "evil .ru", "evil．ru", "evil。ru", "evil\u200b.ru", "пример.рф", "1.2.3.4/a", "h t t p s : / / x", "http:\\\\evil",
    "evil<dot>ru",
])
def test_disguised_links_are_caught(text):
    assert has_link(text)


@pytest.mark.parametrize("text", [
    "Đề nghị tăng thời lượng chuyên mục CCHC.", "Năm 2019 có 1.000 người, v.v.", "Đã làm xong.Tiếp theo là gì?",
    "Người dân TP.HCM và Cà Mau", "Điểm 9.5 là cao", "Lúc 8.30 sáng", "Xong rồi. Tiếp theo", "TS.BS Nguyễn Văn A nói",
    "Tôi hỏi. Ban tổ chức trả lời", "đã nhận. Cảm ơn cán bộ.",
])
def test_ordinary_text_is_not_a_link(text):
    assert not has_link(text)


# 2. Notifications with consent ------------------------------------------------------------------------


# 4. Satisfaction --------------------------------------------------------------------------------------


# Erasure ------------------------------------------------------------------------------------------------


# 3. Response deadlines --------------------------------------------------------------------------------


# 5. Limits that fit shared addresses ------------------------------------------------------------------


# 7. Comment pages ---------------------------------------------------------------------------------------


# From the review ------------------------------------------------------------------------------------------
