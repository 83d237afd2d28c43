import pytest
from django.contrib import admin
from django.urls import reverse

from agencies.models import Agency
from campaigns.models import Activity, Channel, Plan, Task
from tests.factories import ActivityFactory, AgencyFactory, ChannelFactory, PlanFactory

pytestmark = pytest.mark.django_db


class TestAdminPagesOnTheDemo:
    @pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
    def test_every_change_list_and_add_form_opens_for_a_superuser(self, admin_client, demo, model):
        opts = model._meta
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
        # Comments come only from citizens: the admin offers no add form for them.
        # Comments come from citizens and login records from django-axes: neither is added by hand.
        # Import batches are recorded by confirming an Excel import, never typed in.
        # The portal's identity is one row, added once (the demo has it): no second add form.
        # Scheduled jobs' claims are the timers' record (core.jobs), read only.
        read_only = {"discussion.CitizenComment", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog",
                     "campaigns.ImportBatch", "core.PortalIdentity", "core.JobRun"}
        expected_add = 403 if model._meta.label in read_only else 200
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == expected_add

    @pytest.mark.parametrize("model", [Agency, Channel, Plan, Task, Activity], ids=lambda m: m._meta.label)
    def test_change_form_and_history_open_for_demo_rows(self, admin_client, demo, model):
        obj = model.objects.first()
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
        assert admin_client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200

    def test_task_change_list_shows_derived_progress(self, admin_client, demo):
        html = admin_client.get(reverse("admin:campaigns_task_changelist")).content.decode()
        assert "574" in html and "Hoàn thành" in html

    def test_activity_list_filters_stay_small_and_work_by_province_and_year(self, client, demo):
        from django.contrib.auth import get_user_model
        from django.urls import reverse

        from agencies.models import Agency
        from campaigns.models import Activity

        client.force_login(get_user_model().objects.get(username="dieuphoi"))
        url = reverse("admin:campaigns_activity_changelist")
        province = Agency.objects.get(name="UBND tỉnh Cà Mau")
        html = client.get(url).content.decode()
        assert "tỉnh, thành phố" in html and "Hiện số lượng" not in html  # no per-option COUNT queries
        response = client.get(url, {"tinh": province.pk, "nam": 2019})
        in_2019 = Activity.objects.filter(date__year=2019)  # the demo's 2026 communes are under the province too
        expected = in_2019.filter(agency__parent=province).count() + in_2019.filter(agency=province).count()
        assert f"{expected} kết quả" in response.content.decode()
        assert f"{Activity.objects.count()} kết quả" not in client.get(url, {"nam": 2018}).content.decode()


def test_admin_speaks_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:campaigns_activity_changelist")).content.decode()
    assert "Kết quả thực hiện" in html or "kết quả thực hiện" in html
    assert 'lang="vi"' in html


def _fill(n):
    agencies = [AgencyFactory() for _ in range(3)]
    channels = [ChannelFactory() for _ in range(3)]
    plans = [PlanFactory() for _ in range(2)]
    for i in range(n):
        ActivityFactory(agency=agencies[i % 3], channel=channels[i % 3], plan=plans[i % 2])


def test_activity_change_list_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    _fill(5)
    with django_assert_max_num_queries(20) as small:
        admin_client.get(reverse("admin:campaigns_activity_changelist"))
    _fill(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(reverse("admin:campaigns_activity_changelist"))
    assert response.context["cl"].result_count == 50
