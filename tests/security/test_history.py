"""Every change to a plan, task, activity or report is kept: who, when, what it was before — also for
deletions, and for the Excel import's bulk writes."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Activity, Plan, Task
from reports.models import Report
from tests.factories import ActivityFactory, AgencyFactory, TaskFactory, coordinator_user

pytestmark = pytest.mark.django_db


def test_changes_and_deletions_keep_their_earlier_versions_with_the_user(client):
    coordinator = coordinator_user(AgencyFactory())
    task = TaskFactory(title="Phát sóng phóng sự CCHC")
    activity = ActivityFactory(plan=task.plan, task=task, title="Phóng sự tháng 3", quantity=2)
    report = Report.objects.create(title="Báo cáo năm", slug="bao-cao-nam", date=dt.date(2020, 1, 5),
                                   issuing_agency=task.plan.issuing_agency, plan=task.plan)
    client.force_login(coordinator)
    for obj, field, new in ((task.plan, "title", "Kế hoạch đã sửa"), (task, "title", "Nhiệm vụ đã sửa"),
                            (activity, "title", "Phóng sự đã sửa"), (report, "title", "Báo cáo đã sửa")):
        old = getattr(obj, field)
        setattr(obj, field, new)
        obj._history_user = coordinator
        obj.save()
        latest = type(obj).history.filter(id=obj.pk).order_by("-history_id")
        assert [getattr(v, field) for v in latest] == [new, old], type(obj).__name__
        assert latest[0].history_user == coordinator
    Activity.objects.get(pk=activity.pk).delete()
    deleted = Activity.history.filter(id=activity.pk).order_by("-history_id").first()
    assert deleted.history_type == "-" and deleted.title == "Phóng sự đã sửa"
    for model in (Plan, Task, Report):
        page = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history",
                                  args=[model.objects.get().pk]))
        assert page.status_code == 200
        assert coordinator.username in page.content.decode()
