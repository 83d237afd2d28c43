import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import Activity, Task, TaskStatus
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_negative_quantity_is_refused_by_the_database():
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(quantity=-5)


def test_database_refuses_activity_whose_task_is_in_another_plan():
    task = TaskFactory()
    other_plan = PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(plan=other_plan, task=task, channel=task.channel)


def test_database_refuses_moving_a_task_with_activities_to_another_plan():
    task = TaskFactory()
    ActivityFactory(plan=task.plan, task=task, channel=task.channel)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(plan=PlanFactory())


def test_activity_in_the_tasks_own_plan_is_accepted():
    task = TaskFactory()
    activity = ActivityFactory(plan=task.plan, task=task, channel=task.channel)
    assert activity.task.plan == activity.plan


def test_model_validation_explains_task_from_other_plan_in_vietnamese():
    task = TaskFactory()
    activity = ActivityFactory.build(plan=PlanFactory(), task=task, channel=task.channel,
                                     agency=task.lead_agency)
    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()
    assert excinfo.value.message_dict["task"] == ["Nhiệm vụ này không thuộc kế hoạch đã chọn."]


def test_activity_channel_must_match_its_tasks_channel():
    task = TaskFactory()
    activity = ActivityFactory.build(plan=task.plan, task=task, channel=ChannelFactory(), agency=task.lead_agency)
    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()
    assert "channel" in excinfo.value.message_dict


def test_a_task_with_a_target_cannot_also_have_a_typed_status():
    task = TaskFactory(target_quantity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)


def test_typed_status_is_cleared_when_a_target_is_set():
    task = TaskFactory.build(plan=PlanFactory(), lead_agency=PlanFactory().issuing_agency,
                             channel=ChannelFactory(), target_quantity=3, status=TaskStatus.DONE)
    task.full_clean()
    assert task.status == ""


def test_target_task_status_is_derived_from_its_activities():
    task = TaskFactory(target_quantity=10)
    assert Task.objects.with_progress().get(pk=task.pk).progress_status == TaskStatus.NOT_STARTED
    ActivityFactory(plan=task.plan, task=task, channel=task.channel, quantity=4, approved=True)
    assert Task.objects.with_progress().get(pk=task.pk).progress_status == TaskStatus.IN_PROGRESS
    ActivityFactory(plan=task.plan, task=task, channel=task.channel, quantity=6, approved=True)
    progressed = Task.objects.with_progress().get(pk=task.pk)
    assert (progressed.achieved, progressed.progress_status) == (10, TaskStatus.DONE)
    assert progressed.progress_label == "Hoàn thành"


def test_qualitative_task_keeps_the_status_staff_typed():
    task = TaskFactory(target_quantity=None, channel=None, status=TaskStatus.IN_PROGRESS)
    ActivityFactory(plan=task.plan, task=task, quantity=99)
    assert Task.objects.with_progress().get(pk=task.pk).progress_status == TaskStatus.IN_PROGRESS


def test_channel_unit_cannot_change_once_activities_use_it():
    activity = ActivityFactory()
    channel = activity.channel
    channel.unit = "tờ"
    with pytest.raises(ValidationError) as excinfo:
        channel.full_clean()
    assert "unit" in excinfo.value.message_dict


def test_activity_date_far_from_plan_year_is_refused():
    activity = ActivityFactory.build(plan=PlanFactory(year=2019), agency=PlanFactory().issuing_agency,
                                     channel=ChannelFactory(), date=dt.date(2091, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()
    assert "date" in excinfo.value.message_dict
