"""Issue 23, item 1: the comment filters against look-alike and invisible characters. The corpus is data
(tests/discussion/corpus/*.json, one JSON string per case, invisible characters written as \\u escapes): every
disguised link and office name must be held for a moderator, every ordinary Vietnamese name and text must not.
Then the same disguises through the page, on the one path that publishes without a moderator (a confirmed
address, from its own browser, whose first comment was approved), as a question and as a reply that would be
mailed to the thread's poster."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from discussion.filters import has_link, held_for_moderator, suspect_name
from discussion.models import CitizenComment
from reports.models import Report
from tests.discussion.test_comments import POST_URL, comment_data

CORPUS = Path(__file__).parent / "corpus"


def corpus(name):
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))["items"]


def test_the_corpus_is_as_large_as_the_issue_asks():
    assert len(corpus("links")) >= 50 and len(corpus("office_names")) >= 30
    assert len(corpus("ordinary_names")) >= 30 and len(corpus("ordinary_texts")) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("text", corpus("links"))
def test_every_disguised_link_is_held(text):
    assert has_link(text)
    assert held_for_moderator(name="Nguyễn Văn A", text=f"Mời xem {text} nhé")


@pytest.mark.django_db
@pytest.mark.parametrize("name", corpus("office_names"))
def test_every_disguised_office_name_is_held(name):
    assert suspect_name(name)
    assert held_for_moderator(name=name, text="Thông báo chính thức")


@pytest.mark.django_db
@pytest.mark.parametrize("name", corpus("ordinary_names"))
def test_ordinary_vietnamese_names_are_not_held(name):
    assert not suspect_name(name)


@pytest.mark.django_db
@pytest.mark.parametrize("text", corpus("ordinary_texts"))
def test_ordinary_vietnamese_texts_are_not_held(text):
    assert not held_for_moderator(name="Nguyễn Văn A", text=text)


class TestTheCorpusWithTheDemosAgencies:
    """The same names with the demo's agencies in the table (the names `looks_official` also compares
    with): an ordinary name that happens to share words with an agency is still not held, and a
    disguised office name still is."""

    @pytest.mark.parametrize("name", corpus("ordinary_names"))
    def test_ordinary_vietnamese_names_are_not_held(self, demo, name):
        assert not suspect_name(name)

    @pytest.mark.parametrize("name", corpus("office_names"))
    def test_every_disguised_office_name_is_held(self, demo, name):
        assert suspect_name(name)

    @pytest.mark.parametrize("name", ["Sở Y tế", "«Sở Y tế»", '"Sở Y tế"', "⭐ Sở Y tế", "\u2800Sở Y tế",
                                      "• Ban Tiếp công dân", "Báo Cà Mau", "«Báo Cà Mau»", "Đài PT-TH Cà Mau"])
    def test_an_agency_name_is_held_whatever_comes_before_it(self, demo, name):
        assert suspect_name(name)


@pytest.mark.django_db
@pytest.mark.parametrize("text", [
    "Xin chào, tôi là Сергей",  # Latin and Cyrillic
    "Góp ý về ꓴꓐꓠꓓ",  # Latin and Lisu
    "Cảm ơn ΒΑΝ tổ chức",  # Latin and Greek
])
def test_a_text_mixing_scripts_is_held(text):
    assert held_for_moderator(name="Nguyễn Văn A", text=text)


# Through the page -----------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def _post(client, target, capture, **fields):
    with capture(execute=True):
        return client.post(POST_URL, comment_data(target, **fields))


def _trusted(capture):
    """A citizen whose address is confirmed, in the browser that confirmed it, whose first comment was
    approved: the one poster whose next comments publish at once."""
    browser = Client(headers={"Origin": "http://testserver"})
    report = Report.objects.get()
    _post(browser, report, capture, comment="Lần đầu", email="tin-cay@example.com")
    message = next(m for m in reversed(mail.outbox) if "Xác nhận email" in m.subject)
    browser.get(urlsplit(re.search(r"http://\S+/binh-luan/xac-nhan/\S+/", message.body).group(0)).path)
    CitizenComment.objects.filter(user_email="tin-cay@example.com").update(is_public=True)
    return browser, report


class TestTheTrustedPathIsGatedOnTheDemo:
    def test_a_clean_comment_still_publishes_at_once(self, demo, django_capture_on_commit_callbacks):
        browser, report = _trusted(django_capture_on_commit_callbacks)
        _post(browser, report, django_capture_on_commit_callbacks, comment="Lần hai", email="tin-cay@example.com")
        assert CitizenComment.objects.get(comment="Lần hai").is_public is True

    @pytest.mark.parametrize("fields", [
        {"name": "ꓴꓐꓠꓓ tỉnh Cà Mau"},
        {"name": "Chủ tıch ᴜʙɴᴅ tỉnh Cà Mau"},
        {"comment": "Xem evil\u2066.ru"},
        {"comment": "Xem evil\ufe0f.ru"},
        {"comment": "Xem evil\u180b.ru"},
        {"comment": "Xem evil\u17b4.ru"},
        {"comment": "Xem e\U000e0065vil.ru"},
        {"comment": "Tôi là Сергей"},
    ])
    def test_a_disguise_from_the_trusted_browser_is_held(self, demo, fields, django_capture_on_commit_callbacks):
        browser, report = _trusted(django_capture_on_commit_callbacks)
        _post(browser, report, django_capture_on_commit_callbacks, email="tin-cay@example.com",
              **{"comment": "Lần hai", **fields})
        assert CitizenComment.objects.get(comment=fields.get("comment", "Lần hai")).is_public is False

    def test_a_disguised_reply_is_held_and_mails_nobody(self, demo, django_capture_on_commit_callbacks):
        browser, report = _trusted(django_capture_on_commit_callbacks)
        asker = Client(headers={"Origin": "http://testserver"})
        _post(asker, report, django_capture_on_commit_callbacks, comment="Câu hỏi", email="hoi@example.com",
              notify="on")
        question = CitizenComment.objects.get(comment="Câu hỏi")
        CitizenComment.objects.filter(pk=question.pk).update(is_public=True)
        mail.outbox.clear()
        _post(browser, report, django_capture_on_commit_callbacks, email="tin-cay@example.com",
              name="ꓴꓐꓠꓓ tỉnh Cà Mau", comment="Trả lời chính thức: xem evil\u2066.ru", parent=str(question.pk))
        reply = CitizenComment.objects.get(parent=question)
        assert reply.is_public is False
        assert [m.to for m in mail.outbox] == [], "nothing reaches the poster before a moderator has looked"

    def test_a_clean_reply_from_the_trusted_browser_still_reaches_the_poster(self, demo,
                                                                            django_capture_on_commit_callbacks):
        browser, report = _trusted(django_capture_on_commit_callbacks)
        asker = Client(headers={"Origin": "http://testserver"})
        _post(asker, report, django_capture_on_commit_callbacks, comment="Câu hỏi", email="hoi@example.com",
              notify="on")
        question = CitizenComment.objects.get(comment="Câu hỏi")
        CitizenComment.objects.filter(pk=question.pk).update(is_public=True)
        mail.outbox.clear()
        _post(browser, report, django_capture_on_commit_callbacks, email="tin-cay@example.com",
              comment="Tôi cũng muốn biết", parent=str(question.pk))
        assert CitizenComment.objects.get(parent=question).is_public is True
        assert [m.to for m in mail.outbox] == [["hoi@example.com"]]
