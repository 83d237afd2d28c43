"""Property-based tests (hypothesis): whatever arrives — from a citizen's form or a staff member's Excel
file — the result is a saved record or a Vietnamese message, never a server error."""

import datetime as dt
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from campaigns import spreadsheets
from campaigns.models import Activity
from discussion.forms import CommentForm
from discussion.models import CitizenComment
from reports.models import Report

pytestmark = pytest.mark.django_db
FIXTURES_OK = examples(max_examples=120, deadline=None, derandomize=True,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ENGLISH = ("This field", "Enter a valid", "Ensure this value", "Null characters", "Select a valid", "Invalid")

def vietnamese(text):
    return any("\u00c0" <= ch <= "\u1ef9" for ch in text) and not any(e in text for e in ENGLISH)


any_text = st.text(st.characters(codec="utf-8"), max_size=60)
long_text = st.one_of(any_text, st.text(st.characters(codec="utf-8"), min_size=1900, max_size=2100))


@st.composite
def comment_posts(draw, report_pk):
    valid_form = draw(st.booleans())
    timestamp = int(time.time()) - draw(st.sampled_from([30, 30, 1, -600, 10**6]))
    data = {
        "content_type": draw(st.sampled_from(["reports.report", "campaigns.plan", "auth.user", "", "x.y.z"])),
        "object_pk": draw(st.sampled_from([str(report_pk), "0", "-1", "abc", "9" * 30, ""])),
        "timestamp": str(timestamp) if valid_form else draw(any_text),
        "name": draw(st.one_of(st.sampled_from(["Nguyễn Văn A", "Trần Thị Bé"]), any_text)),
        "email": draw(st.one_of(st.sampled_from(["dan@example.com", "a.b@camau.gov.vn"]), st.emails(), any_text)),
        "comment": draw(st.one_of(st.text(min_size=1, max_size=200).map(lambda t: "Góp ý: " + t), long_text)),
        "honeypot": draw(st.sampled_from(["", "", "", "http://spam.example"])),
        "parent": draw(st.sampled_from(["", "", "1", "abc", "-5", "99999999999999999999"])),
    }
    if valid_form:
        data["content_type"], data["object_pk"] = "reports.report", str(report_pk)
    report = Report.objects.get(pk=report_pk)
    data["security_hash"] = CommentForm(report).initial_security_hash(timestamp) if valid_form else draw(any_text)
    return data


class TestPropertiesOnTheDemo:
    def test_any_comment_post_gives_a_saved_comment_or_a_vietnamese_answer(self, demo, settings):
        settings.COMMENTS_RATE_LIMIT = "100000/m"
        settings.COMMENTS_RATE_LIMIT_PER_ADDRESS = "100000/m"
        report = Report.objects.get()
        client = Client(headers={"Origin": "http://testserver"}, raise_request_exception=False)
        seen = set()

        @FIXTURES_OK
        @given(comment_posts(report.pk))
        def post(data):
            before = CitizenComment.objects.count()
            response = client.post(reverse("discussion:post"), data)
            seen.add(response.status_code)
            assert response.status_code in {302, 200, 400, 404}, (response.status_code, data)
            after = CitizenComment.objects.count()
            if response.status_code == 302:
                assert after - before <= 1  # saved (or recognised as a repeat of one already saved)
                if after > before:
                    stored = CitizenComment.objects.latest("pk")
                    assert stored.user_email == data["email"].strip() or stored.user_email
            else:
                assert after == before, "nothing is saved when the answer is an error"
                html = response.content.decode()
                if response.status_code == 200:  # the form again, with what was typed and why it was refused
                    messages = [m for errors in response.context["form"].errors.values() for m in errors]
                    assert messages, data
                    for message in messages:
                        assert vietnamese(message), message
                        assert escape(message) in html
                elif response.status_code == 400:
                    assert "Không gửi được bình luận" in html
                for english in ENGLISH:
                    assert english not in html, (english, data)

        post()
        assert {302, 200} <= seen, "the strategy reached both saved comments and form errors"
        cache.clear()

    def test_any_spreadsheet_is_imported_whole_or_refused_with_vietnamese_messages(self, demo):
        user = get_user_model().objects.get(username="dai_ptth")
        outcomes = set()

        @FIXTURES_OK
        @given(header=st.one_of(st.just(spreadsheets.HEADERS), st.lists(any_text, max_size=12)),
               rows=st.lists(st.lists(cell_values, min_size=0, max_size=13), max_size=8))
        def check(header, rows):
            before = Activity.objects.count()
            try:
                result = spreadsheets.read_activities(workbook_bytes(header, rows), user)
            except spreadsheets.ImportFileError as exc:
                outcomes.add("file refused")
                assert vietnamese(str(exc)), str(exc)
                return
            if result.ok:
                outcomes.add("saved")
                created = spreadsheets.import_activities(result=result, user=user).created_count
                assert Activity.objects.count() == before + created
            else:
                outcomes.add("rows refused")
                for error in result.errors:
                    assert vietnamese(error), error
                assert Activity.objects.count() == before

        check()
        assert {"file refused", "rows refused"} <= outcomes


cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)), any_text,
    st.sampled_from(["15/03/2019", "31/02/2019", "43539", "mười", "-1", "2,5", "javascript:alert(1)",
                     "https://camau.gov.vn/tin-tuc", "15/KH-UBND", "Báo Cà Mau",
                     "Đài Phát thanh – Truyền hình Cà Mau", "Phát thanh – truyền hình", "=1+1", "@SUM(A1)"]),
)


def workbook_bytes(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    for values in [header, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FIXTURES_OK
@given(data=st.binary(max_size=3000))
def test_any_bytes_uploaded_as_excel_are_refused_with_a_vietnamese_message(data):
    with pytest.raises(spreadsheets.ImportFileError) as refused:
        spreadsheets.read_activities(b"PK\x03\x04" + data if len(data) % 2 else data, user=None)
    assert vietnamese(str(refused.value))
