"""A plan's tasks and targets belong to the plan's issuing agency (and coordinators); other agencies read
published plans and record activities against them, nothing more. Publishing is one recorded act."""

import warnings

import pytest
from django.core.cache import cache
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from campaigns.models import Plan, PublishStatus, Task
from core import caching
from tests.factories import AgencyFactory, PlanFactory, TaskFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db


def task_post(task, **overrides):
    data = {"plan": task.plan_id, "title": task.title, "description": "", "channel": task.channel_id or "",
            "target_quantity": task.target_quantity or "", "lead_agency": task.lead_agency_id, "deadline": "",
            "status": task.status, "order": task.order}
    data.update(overrides)
    return data


def plan_post(plan, tasks=(), **overrides):
    data = {"title": plan.title, "slug": plan.slug, "document_number": plan.document_number, "year": plan.year,
            "issuing_agency": plan.issuing_agency_id, "issued_on": "", "summary": "", "body": "",
            "tasks-TOTAL_FORMS": str(len(tasks)), "tasks-INITIAL_FORMS": str(len(tasks)),
            "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "1000"}
    for i, task in enumerate(tasks):
        data.update({f"tasks-{i}-id": task.pk, f"tasks-{i}-plan": plan.pk, f"tasks-{i}-title": task.title,
                     f"tasks-{i}-order": task.order, f"tasks-{i}-description": "",
                     f"tasks-{i}-channel": task.channel_id, f"tasks-{i}-target_quantity": task.target_quantity,
                     f"tasks-{i}-lead_agency": task.lead_agency_id, f"tasks-{i}-deadline": "",
                     f"tasks-{i}-status": ""})
    data.update(overrides)
    return data


@pytest.fixture
def province():
    """The provincial plan (published) with a broadcast task led by the radio station."""
    office, radio, commune = AgencyFactory(name="Văn phòng UBND tỉnh"), AgencyFactory(name="Đài"), AgencyFactory(
        name="UBND xã Tân Thành")
    plan = PlanFactory(issuing_agency=office, document_number="15/KH-UBND")
    task = TaskFactory(plan=plan, lead_agency=radio, target_quantity=550, title="Phát sóng chuyên đề")
    return {"office": office, "radio": radio, "commune": commune, "plan": plan, "task": task,
            "radio_user": data_entry_user(radio), "commune_user": data_entry_user(commune),
            "office_user": data_entry_user(office)}


def test_lead_agency_cannot_change_the_target_of_a_task_of_the_provincial_plan(client, province):
    task = province["task"]
    client.force_login(province["radio_user"])
    client.post(reverse("admin:campaigns_task_change", args=[task.pk]), task_post(task, target_quantity=500))
    task.refresh_from_db()
    assert task.target_quantity == 550


def test_lead_agency_cannot_delete_a_task_of_the_provincial_plan(client, province):
    task = province["task"]
    client.force_login(province["radio_user"])
    client.post(reverse("admin:campaigns_task_delete", args=[task.pk]), {"post": "yes"})
    assert Task.objects.filter(pk=task.pk).exists()


def test_lead_agency_sees_the_task_read_only(client, province):
    client.force_login(province["radio_user"])
    response = client.get(reverse("admin:campaigns_task_change", args=[province["task"].pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_commune_officer_cannot_add_a_task_to_the_provincial_plan(client, province):
    client.force_login(province["commune_user"])
    new = Task(plan=province["plan"], title="Nhiệm vụ chen vào", lead_agency=province["commune"], status="done")
    data = task_post(new, channel="", target_quantity="")
    # No plan of their own: nowhere to add a task, so no add page at all (campaigns.access.can_add_tasks).
    assert client.post(reverse("admin:campaigns_task_add"), data).status_code == 403
    # With a plan of their own, the provincial plan is still not among the choices.
    PlanFactory(issuing_agency=province["commune"], status=PublishStatus.DRAFT)
    response = client.post(reverse("admin:campaigns_task_add"), data)
    assert response.status_code == 200  # the form comes back with an error
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ chen vào").exists()


def test_commune_officer_cannot_add_a_task_through_the_plan_inline(client, province):
    plan = province["plan"]
    client.force_login(province["commune_user"])
    data = plan_post(plan, tasks=[province["task"]])
    data.update({"tasks-TOTAL_FORMS": "2", "tasks-1-plan": plan.pk, "tasks-1-title": "Chen vào qua kế hoạch",
                 "tasks-1-order": "0", "tasks-1-lead_agency": province["commune"].pk, "tasks-1-status": "done"})
    client.post(reverse("admin:campaigns_plan_change", args=[plan.pk]), data)
    assert not Task.objects.filter(title="Chen vào qua kế hoạch").exists()


def test_task_add_form_offers_only_the_officers_own_plans(client, province):
    own = PlanFactory(issuing_agency=province["commune"], status=PublishStatus.DRAFT)
    client.force_login(province["commune_user"])
    form = client.get(reverse("admin:campaigns_task_add")).context["adminform"].form
    assert list(form.fields["plan"].queryset) == [own]


def test_plan_autocomplete_for_a_task_lists_only_editable_plans(client, province):
    own = PlanFactory(issuing_agency=province["commune"], status=PublishStatus.DRAFT, title="KH của xã")
    client.force_login(province["commune_user"])
    response = client.get(reverse("admin:autocomplete"), {"app_label": "campaigns", "model_name": "task",
                                                          "field_name": "plan", "term": ""})
    ids = [int(r["id"]) for r in response.json()["results"]]
    assert ids == [own.pk]
    # Activities may still be recorded against the published provincial plan.
    response = client.get(reverse("admin:autocomplete"), {"app_label": "campaigns", "model_name": "activity",
                                                          "field_name": "plan", "term": ""})
    assert {int(r["id"]) for r in response.json()["results"]} == {own.pk, province["plan"].pk}


def test_the_task_picker_lists_a_plans_tasks_in_their_order_on_stable_pages(client, province):
    """The activity form's task box pages through the tasks (20 a page): without an order, a page could
    repeat or skip a task (Django warned: "Pagination may yield inconsistent results")."""
    plan = province["plan"]
    later = TaskFactory(plan=plan, lead_agency=province["radio"], order=3, title="Nhiệm vụ ba")
    first = TaskFactory(plan=plan, lead_agency=province["radio"], order=1, title="Nhiệm vụ một")
    Task.objects.filter(pk=province["task"].pk).update(order=2)
    client.force_login(coordinator_user(province["office"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = client.get(reverse("admin:autocomplete"), {"app_label": "campaigns", "model_name": "activity",
                                                              "field_name": "task", "term": ""})
    assert [int(r["id"]) for r in response.json()["results"]] == [first.pk, province["task"].pk, later.pk]


def test_issuing_agency_officer_changes_the_target_of_their_plans_task(client, province):
    task = province["task"]
    client.force_login(province["office_user"])
    response = client.post(reverse("admin:campaigns_task_change", args=[task.pk]),
                           task_post(task, target_quantity="600"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.target_quantity == 600


def test_coordinator_changes_any_task(client, province):
    task = province["task"]
    client.force_login(coordinator_user())
    client.post(reverse("admin:campaigns_task_change", args=[task.pk]), task_post(task, target_quantity="1.000"))
    task.refresh_from_db()
    assert task.target_quantity == 1000


def test_publishing_plans_records_history_and_refreshes_public_pages(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    draft = PlanFactory(status=PublishStatus.DRAFT, title="Kế hoạch mới công khai", slug="ke-hoach-moi")
    listing = reverse("reports:plan_list")
    assert "Kế hoạch mới công khai" not in client.get(listing).content.decode()  # now cached
    coordinator = coordinator_user()
    client.force_login(coordinator)
    with django_capture_on_commit():
        response = client.post(reverse("admin:campaigns_plan_changelist"),
                               {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublishStatus.PUBLISHED and draft.published_at is not None
    last = draft.history.first()
    assert (last.status, last.history_user) == (PublishStatus.PUBLISHED, coordinator)
    client.logout()
    client.cookies.clear()
    assert "Kế hoạch mới công khai" in client.get(listing).content.decode()


def django_capture_on_commit():
    """Run on_commit callbacks at once (the test runs inside a transaction)."""
    from unittest import mock

    return mock.patch("core.caching.transaction.on_commit", side_effect=lambda f: f())


def test_plan_publish_function_refuses_without_permission(province):
    from django.core.exceptions import PermissionDenied

    from campaigns.plan_publishing import plan_publish

    draft = PlanFactory(status=PublishStatus.DRAFT, issuing_agency=province["office"])
    with pytest.raises(PermissionDenied):
        plan_publish(plans=Plan.objects.filter(pk=draft.pk), user=province["office_user"])
    draft.refresh_from_db()
    assert draft.status == PublishStatus.DRAFT


def test_plan_publish_bumps_the_cache_once_for_many_plans(monkeypatch):
    from campaigns.plan_publishing import plan_publish

    drafts = [PlanFactory(status=PublishStatus.DRAFT) for _ in range(5)]
    bumps = []
    monkeypatch.setattr(caching, "_bump_now", lambda: bumps.append(1))
    with django_capture_on_commit():
        count = plan_publish(plans=Plan.objects.filter(pk__in=[p.pk for p in drafts]), user=coordinator_user())
    assert count == 5
    assert len(bumps) == 1
    assert Plan.objects.filter(status=PublishStatus.PUBLISHED).count() == 5
    assert all(p.history.count() == 2 for p in drafts)


def test_activity_list_plan_filter_hides_other_agencies_draft_plans(client, province):
    PlanFactory(status=PublishStatus.DRAFT, issuing_agency=province["office"], title="KH nháp của tỉnh")
    PlanFactory(status=PublishStatus.DRAFT, issuing_agency=province["radio"], title="KH nháp của Đài")
    client.force_login(province["radio_user"])
    html = client.get(reverse("admin:campaigns_activity_changelist")).content.decode()
    assert "KH nháp của Đài" in html and province["plan"].title in html
    assert "KH nháp của tỉnh" not in html


def test_a_number_typed_with_thousands_in_a_task_target_inline_is_a_thousand(client, province):
    plan, task = province["plan"], province["task"]
    client.force_login(province["office_user"])
    data = plan_post(plan, tasks=[task])
    data["tasks-0-target_quantity"] = "1.200"
    response = client.post(reverse("admin:campaigns_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.target_quantity == 1200


def test_plan_list_shows_the_year_as_a_year(client, province):
    client.force_login(coordinator_user())
    html = client.get(reverse("admin:campaigns_plan_changelist")).content.decode()
    assert "2.019" not in html and ">2019<" in html


def test_the_status_box_of_the_plan_form_publishes_through_the_one_publishing_function(client, province):
    """Ticking "Đã công khai" in the form does what the list's action does: published time, a history row
    saying "Công khai kế hoạch" by the coordinator; an officer without the permission cannot."""
    draft = PlanFactory(status=PublishStatus.DRAFT, issuing_agency=province["office"], title="KH mới")
    coordinator = coordinator_user()
    client.force_login(coordinator)
    response = client.post(reverse("admin:campaigns_plan_change", args=[draft.pk]),
                           plan_post(draft, status=PublishStatus.PUBLISHED))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublishStatus.PUBLISHED and draft.published_at is not None
    last = draft.history.first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        PublishStatus.PUBLISHED, coordinator, "Công khai kế hoạch")
    client.force_login(province["office_user"])  # the issuing agency's officer: no publishing permission
    client.post(reverse("admin:campaigns_plan_change", args=[draft.pk]),
                 plan_post(draft, status=PublishStatus.DRAFT, title="KH mới, sửa"))
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (PublishStatus.PUBLISHED, "KH mới, sửa")
