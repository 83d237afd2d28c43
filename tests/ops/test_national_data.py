"""The synthetic national data set used by the benchmark."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from agencies.models import Agency
from campaigns.models import Activity, Plan
from reports import queries
from reports.models import Report


@pytest.mark.slow
def test_generates_the_country_and_resets_cleanly(db):
    call_command("generate_national_data", activities=3000, years=2, stdout=io.StringIO())
    synthetic = Agency.objects.filter(name__endswith="(mô phỏng)")
    assert synthetic.filter(parent__isnull=True).count() == 34
    assert synthetic.filter(kind=Agency.Kind.COMMUNE).count() == 3321
    plans = Plan.objects.filter(slug__startswith="mo-phong-")
    assert plans.count() == 68 and all(p.tasks.count() == 8 for p in plans[:3])
    assert Activity.objects.filter(plan__in=plans).count() == 3000
    # Every activity lies in its plan's year, in an agency of the plan's province, and the frozen
    # figures of each generated report equal a plain SUM over its plan.
    sample = plans.first()
    activities = Activity.objects.filter(plan=sample).select_related("agency")
    assert all(a.date.year == sample.year for a in activities)
    assert all(a.agency_id == sample.issuing_agency_id or a.agency.parent_id == sample.issuing_agency_id
               for a in activities)
    report = Report.objects.get(plan=sample)
    assert report.is_published
    assert report.figures["channels"] == queries.report_figures(plan=sample)["channels"]

    # A report the generator left waiting holds what it was "sent" with: a coordinator can approve it.
    from campaigns import cycle
    from campaigns.models import Submission, SubmissionStatus

    waiting = Submission.objects.filter(agency__in=synthetic, status=SubmissionStatus.SUBMITTED,
                                        period__due_date__lt=dt.date.today()).first()
    assert cycle.submission_changes(waiting) == []
    assert cycle.submission_approve(submission=waiting, user=None).status == SubmissionStatus.APPROVED

    call_command("generate_national_data", reset=True, stdout=io.StringIO())
    assert not Plan.objects.filter(slug__startswith="mo-phong-").exists()
    assert not Agency.objects.filter(name__endswith="(mô phỏng)").exists()
