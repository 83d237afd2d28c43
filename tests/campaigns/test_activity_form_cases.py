"""The admin form accepts and refuses exactly what the Excel import does: both are driven by the one
table of cases in tests/campaigns/activity_cases.py (its import side is in test_activity_rules.py)."""

import pytest
from django.urls import reverse

from accounts.models import User
from campaigns.models import Activity
from tests.campaigns import activity_cases

pytestmark = pytest.mark.django_db


class TestAdminFormOnTheDemo:
    @pytest.mark.parametrize("case", activity_cases.CASES, ids=lambda c: c["id"])
    def test_admin_form_follows_the_case_table(self, client, demo, case):
        activity_cases.create_other_plan()
        officer = User.objects.get(username=activity_cases.USERNAME)
        values = activity_cases.resolve(case["values"])
        before = Activity.objects.count()
        client.force_login(officer)
        response = client.post(reverse("admin:campaigns_activity_add"), {
            "plan": values["plan"].pk, "task": values["task"].pk if values["task"] else "",
            "agency": officer.agency_id, "channel": values["channel"].pk, "date": values["date"],
            "title": f"Trường hợp {case['id']}", "quantity": values["quantity"], "participants": "", "awards": "",
            "description": "", "evidence_url": "", "confirm_quantity": "on",
            "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000"})
        if case["valid"]:
            assert response.status_code == 302, response.context["adminform"].form.errors
            stored = Activity.objects.get(title=f"Trường hợp {case['id']}")
            for field, expected in case.get("expected", {}).items():
                assert getattr(stored, field) == expected
        else:
            assert response.status_code == 200
            errors = response.context["adminform"].form.errors
            assert case["error_field"] in errors, errors
            assert case["error_contains"] in " ".join(errors[case["error_field"]])
            assert Activity.objects.count() == before
