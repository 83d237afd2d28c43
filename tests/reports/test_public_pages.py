import pytest
from django.urls import reverse

from campaigns.models import PublishStatus
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_plans_only(client):
    PlanFactory(title="Kế hoạch đã công khai")
    PlanFactory(title="Kế hoạch còn dự thảo", status=PublishStatus.DRAFT)
    html = client.get(reverse("reports:home")).content.decode()
    assert "Kế hoạch đã công khai" in html and "Kế hoạch còn dự thảo" not in html


def test_draft_plan_page_is_not_found(client):
    draft = PlanFactory(status=PublishStatus.DRAFT)
    assert client.get(reverse("reports:plan_detail", args=[draft.slug])).status_code == 404


def test_demo_plan_page_shows_tasks_and_progress(client, demo):
    html = client.get(reverse("reports:plan_detail", args=["ke-hoach-tuyen-truyen-cchc-2019"])).content.decode()
    assert "574 đề tài" in html and "Hoàn thành" in html and "15/KH-UBND" in html
