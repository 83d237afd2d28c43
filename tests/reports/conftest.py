import datetime as dt

import pytest

from campaigns.models import Plan
from reports.models import Report
from reports.report_publishing import report_publish

Q2_SLUG = "bao-cao-quy-ii-2019"


@pytest.fixture
def q2_report(demo):
    """The demo plan reported for Quý II 2019 (01/04–30/06), published: 144 đề tài broadcast in the quarter,
    285 since January, against a target of 550."""
    plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
    report = Report.objects.create(
        title="Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính quý II năm 2019",
        slug=Q2_SLUG, document_number="20/BC-UBND", date=dt.date(2019, 6, 20), period=Report.Period.QUARTER,
        period_start=dt.date(2019, 4, 1), period_end=dt.date(2019, 6, 30), plan=plan,
        issuing_agency=plan.issuing_agency, summary="Kết quả quý II năm 2019.", place_name="Cà Mau",
        letterhead="ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU",
    )
    return report_publish(report=report, user=None)
