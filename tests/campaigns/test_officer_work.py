"""Issue 25, item 5: an officer sees the tasks their agency leads and those it coordinates (phối hợp), each
labelled, on the task list and the start page, and picks either in the activity form."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, PlanFactory, TaskFactory, data_entry_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    mine, other = AgencyFactory(name="Sở Tư pháp thử"), AgencyFactory(name="Sở Nội vụ thử")
    plan = PlanFactory(issuing_agency=other, year=2026)
    led = TaskFactory(plan=plan, lead_agency=mine, title="Nhiệm vụ tôi chủ trì")
    helped = TaskFactory(plan=plan, lead_agency=other, title="Nhiệm vụ tôi phối hợp")
    helped.coordinating_agencies.add(mine)
    TaskFactory(plan=plan, lead_agency=other, title="Nhiệm vụ của người khác")
    return {"officer": data_entry_user(mine), "led": led, "helped": helped}


def test_the_task_list_labels_the_tasks_an_officer_leads_and_coordinates(client, work):
    client.force_login(work["officer"])
    response = client.get(reverse("admin:campaigns_task_changelist"))
    rows = {row.title: row for row in response.context["cl"].result_list}
    assert rows["Nhiệm vụ tôi chủ trì"].role == "Chủ trì"
    assert rows["Nhiệm vụ tôi phối hợp"].role == "Phối hợp"
    assert not rows["Nhiệm vụ của người khác"].role
    page = response.content.decode()
    assert "Phối hợp" in page and "Chủ trì" in page


def test_the_task_list_filters_the_officers_own_work(client, work):
    client.force_login(work["officer"])
    response = client.get(reverse("admin:campaigns_task_changelist"), {"viec": "phoi-hop"})
    assert [t.title for t in response.context["cl"].result_list] == ["Nhiệm vụ tôi phối hợp"]
    response = client.get(reverse("admin:campaigns_task_changelist"), {"viec": "cua-toi"})
    assert {t.title for t in response.context["cl"].result_list} == {"Nhiệm vụ tôi chủ trì", "Nhiệm vụ tôi phối hợp"}


def test_a_coordinated_task_stays_read_only_for_the_coordinating_officer(client, work):
    client.force_login(work["officer"])
    page = client.get(reverse("admin:campaigns_task_change", args=[work["helped"].pk])).content.decode()
    assert 'name="_save"' not in page


def test_the_start_page_shows_led_and_coordinated_tasks_labelled(client, work):
    client.force_login(work["officer"])
    page = client.get(reverse("admin:index")).content.decode()
    assert "Nhiệm vụ tôi chủ trì" in page and "Nhiệm vụ tôi phối hợp" in page
    assert "Nhiệm vụ của người khác" not in page
    helped_row = page.split("Nhiệm vụ tôi phối hợp")[1].split("</tr>")[0]
    assert "Phối hợp" in helped_row


def test_the_activity_form_offers_a_coordinated_task(client, work):
    client.force_login(work["officer"])
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "campaigns", "model_name": "activity", "field_name": "task", "term": "phối hợp"})
    assert [r["text"] for r in response.json()["results"]] == ["Nhiệm vụ tôi phối hợp"]
