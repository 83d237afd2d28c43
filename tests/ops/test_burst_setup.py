"""bench/burst_setup.py, the deadline-day drill's data: each officer it prints can open their report with the
session it made and send it, as bench/burst.py will do on the cluster; a second run starts over."""

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from django.test import Client

from campaigns.models import SubmissionStatus

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 7)  # the demo's day: the year 2026 report is due on 20/12


def burst_setup():
    spec = importlib.util.spec_from_file_location("burst_setup", ROOT / "bench" / "burst_setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def send(line):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["sessionid"] = line["sessionid"]
    page = browser.get(line["path"]).content.decode()
    assert 'value="submit"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = browser.post(line["path"], {"csrfmiddlewaretoken": token, "note": "", "cycle_action": "submit"},
                          follow=True)
    return answer.content.decode()


def test_every_drill_officer_sends_their_report_and_a_second_run_starts_over(demo_cycle):
    drill = burst_setup()
    period, lines = drill.setup(3, today=TODAY)
    assert period.kind == "year" and period.year == 2026
    assert [line["username"] for line in lines] == ["dientap001", "dientap002", "dientap003"]
    for line in lines:
        assert "Đã gửi báo cáo kỳ Năm 2026 của Xã diễn tập" in send(line)
    assert drill.verify(period) == {"period": "Năm 2026", "expected": 3, "sent": 3, "not_sent": 0,
                                    "sent_twice": 0}

    _period, again = drill.setup(3, today=TODAY)
    assert drill.verify(period)["not_sent"] == 3
    assert "Đã gửi báo cáo kỳ" in send(again[0])
    assert period.submissions.filter(agency__official_code="90001").get().status == SubmissionStatus.SUBMITTED
