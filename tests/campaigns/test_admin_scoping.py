import pytest
from django.urls import reverse

from campaigns.models import Activity, Plan, PublishStatus
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory, TaskFactory, coordinator_user

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:campaigns_activity_changelist")
ADD = reverse("admin:campaigns_activity_add")


def change_url(obj):
    return reverse(f"admin:campaigns_{obj._meta.model_name}_change", args=[obj.pk])


def activity_post(activity, **overrides):
    data = {
        "plan": activity.plan_id, "task": activity.task_id or "", "agency": activity.agency_id,
        "channel": activity.channel_id, "date": activity.date.strftime("%d/%m/%Y"), "title": activity.title,
        "quantity": activity.quantity, "participants": "", "awards": "", "description": "", "evidence_url": "",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_staff_list_shows_only_their_agencys_activities(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    html = client.get(CHANGELIST).content.decode()
    assert "Phát sóng của Đài" in html
    assert "Chuyên trang của Báo" not in html


def test_staff_cannot_open_other_agency_activity_by_url(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    response = client.get(change_url(two_agencies["paper_activity"]), follow=True)
    assert "Chuyên trang của Báo" not in response.content.decode()
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")


def test_staff_cannot_change_other_agency_activity_by_post(client, two_agencies):
    other = two_agencies["paper_activity"]
    client.force_login(two_agencies["radio_user"])
    client.post(change_url(other), activity_post(other, title="Đã bị sửa", agency=two_agencies["radio"].pk))
    other.refresh_from_db()
    assert other.title == "Chuyên trang của Báo"
    assert other.agency == two_agencies["paper"]


def test_staff_cannot_delete_other_agency_activity(client, two_agencies):
    other = two_agencies["paper_activity"]
    client.force_login(two_agencies["radio_user"])
    client.post(reverse("admin:campaigns_activity_delete", args=[other.pk]), {"post": "yes"})
    assert Activity.objects.filter(pk=other.pk).exists()


def test_staff_cannot_see_other_agency_history(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    url = reverse("admin:campaigns_activity_history", args=[two_agencies["paper_activity"].pk])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "Chuyên trang của Báo" not in response.content.decode()


def test_add_form_offers_only_the_staff_members_own_agency(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["agency"].queryset) == [two_agencies["radio"]]


def test_forged_agency_in_post_is_refused(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    template = ActivityFactory.build(plan=PlanFactory(), channel=ChannelFactory(),
                                     agency=two_agencies["paper"], title="Giả mạo")
    response = client.post(ADD, activity_post(template))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Activity.objects.filter(title="Giả mạo").exists()


def test_staff_adds_an_activity_for_their_agency(client, two_agencies):
    user = two_agencies["radio_user"]
    client.force_login(user)
    template = ActivityFactory.build(plan=PlanFactory(), channel=ChannelFactory(),
                                     agency=two_agencies["radio"], title="Tọa đàm mới")
    response = client.post(ADD, activity_post(template))
    assert response.status_code == 302
    created = Activity.objects.get(title="Tọa đàm mới")
    assert (created.agency, created.created_by) == (two_agencies["radio"], user)
    assert created.history.first().history_user == user


def test_staff_cannot_pick_a_draft_plan_of_another_agency(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    draft = PlanFactory(status=PublishStatus.DRAFT, issuing_agency=two_agencies["paper"])
    template = ActivityFactory.build(plan=draft, channel=ChannelFactory(), agency=two_agencies["radio"],
                                     title="Vào kế hoạch nháp")
    response = client.post(ADD, activity_post(template))
    assert response.status_code == 200
    assert not Activity.objects.filter(title="Vào kế hoạch nháp").exists()


def test_task_from_another_plan_is_refused_with_a_message(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    task = TaskFactory()
    template = ActivityFactory.build(plan=PlanFactory(), task=task, channel=task.channel,
                                     agency=two_agencies["radio"], title="Sai nhiệm vụ")
    response = client.post(ADD, activity_post(template))
    assert "Nhiệm vụ này không thuộc kế hoạch đã chọn." in response.content.decode()


def test_coordinator_sees_every_agencys_activities(client, two_agencies):
    client.force_login(coordinator_user())
    html = client.get(CHANGELIST).content.decode()
    assert "Phát sóng của Đài" in html and "Chuyên trang của Báo" in html


def test_data_entry_staff_cannot_publish_a_plan(client, two_agencies):
    client.force_login(two_agencies["radio_user"])
    plan = PlanFactory(status=PublishStatus.DRAFT, issuing_agency=two_agencies["radio"])
    client.post(change_url(plan), {
        "title": plan.title, "slug": plan.slug, "document_number": plan.document_number, "year": plan.year,
        "issuing_agency": plan.issuing_agency_id, "status": PublishStatus.PUBLISHED,
        "tasks-TOTAL_FORMS": "0", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
    })
    assert Plan.objects.get(pk=plan.pk).status == PublishStatus.DRAFT


def test_data_entry_staff_cannot_change_the_provincial_plan(client, two_agencies):
    province_plan = PlanFactory(title="Kế hoạch của tỉnh")
    client.force_login(two_agencies["radio_user"])
    response = client.get(change_url(province_plan))
    assert response.status_code == 200  # published: visible, read-only
    assert response.context["has_change_permission"] is False


def test_user_without_agency_sees_no_activity(client, two_agencies):
    from tests.factories import data_entry_user

    client.force_login(data_entry_user(None))
    html = client.get(CHANGELIST).content.decode()
    assert "Phát sóng của Đài" not in html and "Chuyên trang của Báo" not in html


def test_staff_cannot_read_the_history_of_another_agencys_deleted_activity(client, two_agencies):
    other = two_agencies["paper_activity"]
    pk = other.pk
    other.delete()
    client.force_login(two_agencies["radio_user"])
    response = client.get(reverse("admin:campaigns_activity_history", args=[pk]))
    assert response.status_code == 403
    assert "Chuyên trang của Báo" not in response.content.decode()
