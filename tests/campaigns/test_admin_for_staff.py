"""What staff read in the admin (issue 26, item 6): years written as years, people by their names, and an
"Add" button only where the officer can really add."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from campaigns.models import ImportBatch, Plan, ReportingPeriod
from tests.factories import AgencyFactory, PlanFactory, data_entry_user


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestYearsAreWrittenAsYears:
    def test_plan_form_list_and_filter_show_2019_not_2_019(self, admin_client, demo):
        plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
        form = html_of(admin_client, reverse("admin:campaigns_plan_change", args=[plan.pk]))
        assert re.search(r'<input[^>]*name="year"[^>]*value="2019"', form), re.search(r'<input[^>]*name="year"[^>]*>',
                                                                                        form).group(0)
        listing = html_of(admin_client, reverse("admin:campaigns_plan_changelist"))
        assert "2.019" not in listing and "2.026" not in listing
        assert re.search(r'<a href="\?year=2019"[^>]*>2019</a>', listing)

    def test_an_officer_viewing_another_agencys_plan_reads_its_year(self, client, demo):
        plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
        client.force_login(get_user_model().objects.get(username="xa_tranvanthoi"))
        page = html_of(client, reverse("admin:campaigns_plan_change", args=[plan.pk]))
        assert '<div class="readonly">2019</div>' in page and "2.019" not in page

    def test_task_list_filter_by_the_plans_year(self, admin_client, demo):
        listing = html_of(admin_client, reverse("admin:campaigns_task_changelist"))
        assert re.search(r'<a href="\?plan__year=2019"[^>]*>2019</a>', listing)
        assert "2.019" not in listing

    def test_a_year_typed_in_the_plan_form_is_read_as_typed(self, admin_client, demo):
        plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
        form = html_of(admin_client, reverse("admin:campaigns_plan_change", args=[plan.pk]))
        assert 'name="year"' in form and 'inputmode="numeric"' in re.search(
            r'<input[^>]*name="year"[^>]*>', form).group(0)


@pytest.mark.django_db
class TestPeriodYears:
    def test_period_form_list_and_filter_show_2026(self, admin_client, demo_cycle):
        periods = ReportingPeriod.objects.filter(year=2026)
        form = html_of(admin_client, reverse("admin:campaigns_reportingperiod_add"), year=2026)
        assert re.search(r'<input[^>]*name="year"[^>]*value="2026"', form)
        # A period reported against keeps its year read-only: written as a year too.
        reported = periods.filter(submissions__first_submitted_at__isnull=False).first()
        form = html_of(admin_client, reverse("admin:campaigns_reportingperiod_change", args=[reported.pk]))
        assert '<div class="readonly">2026</div>' in form and "2.026" not in form
        listing = html_of(admin_client, reverse("admin:campaigns_reportingperiod_changelist"))
        assert "2.026" not in listing
        assert re.search(r'<a href="\?year=2026"[^>]*>2026</a>', listing)


@pytest.mark.django_db
class TestStaffAreShownByName:
    def test_import_history_names_who_imported_and_who_undid(self, admin_client, demo):
        User = get_user_model()
        mai = User.objects.create_user("tranthimai_hongdan", full_name="Trần Thị Mai", is_staff=True)
        boss = User.objects.create_user("lequanghuy", full_name="Lê Quang Huy", is_staff=True)
        batch = ImportBatch.objects.create(created_by=mai, undone_by=boss, undone_at=timezone.now(),
                                           file_name="ket-qua.xlsx", status=ImportBatch.Status.UNDONE)
        listing = html_of(admin_client, reverse("admin:campaigns_importbatch_changelist"))
        assert "Trần Thị Mai" in listing and "tranthimai_hongdan" not in listing
        page = html_of(admin_client, reverse("admin:campaigns_importbatch_change", args=[batch.pk]))
        assert "Trần Thị Mai" in page and "Lê Quang Huy" in page
        assert "tranthimai_hongdan" not in page and "lequanghuy" not in page

    def test_history_names_the_editor(self, admin_client, demo):
        User = get_user_model()
        plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
        editor = User.objects.create_user("nguyenvanan_ubnd", full_name="Nguyễn Văn An", is_staff=True)
        plan.summary = "Sửa trích yếu."
        plan._history_user = editor
        plan.save()
        page = html_of(admin_client, reverse("admin:campaigns_plan_history", args=[plan.pk]))
        assert "Nguyễn Văn An" in page and "nguyenvanan_ubnd" not in page


@pytest.mark.django_db
class TestAddOnlyWhatCanBeAdded:
    def test_commune_officer_without_a_plan_of_their_own_gets_no_add_for_tasks(self, client, demo):
        officer = get_user_model().objects.get(username="xa_tranvanthoi")
        client.force_login(officer)
        listing = html_of(client, reverse("admin:campaigns_task_changelist"))
        assert reverse("admin:campaigns_task_add") not in listing
        assert client.get(reverse("admin:campaigns_task_add")).status_code == 403
        index = html_of(client, reverse("admin:index"))
        assert reverse("admin:campaigns_task_add") not in index

    def test_an_officer_adds_their_own_agencys_plan(self, client, demo):
        client.force_login(get_user_model().objects.get(username="xa_tranvanthoi"))
        assert reverse("admin:campaigns_plan_add") in html_of(client, reverse("admin:campaigns_plan_changelist"))
        assert client.get(reverse("admin:campaigns_plan_add")).status_code == 200


def test_an_account_without_a_name_is_shown_by_its_login():
    assert str(get_user_model()(username="canbo_khongten")) == "canbo_khongten"
    assert str(get_user_model()(username="tranthimai_hongdan", full_name=" Trần Thị Mai ")) == "Trần Thị Mai"


@pytest.mark.django_db
def test_once_their_agency_has_a_plan_the_officer_adds_its_tasks(client, db):
    agency = AgencyFactory()
    officer = data_entry_user(agency)
    client.force_login(officer)
    assert client.get(reverse("admin:campaigns_task_add")).status_code == 403
    PlanFactory(issuing_agency=agency)
    assert client.get(reverse("admin:campaigns_task_add")).status_code == 200
    assert reverse("admin:campaigns_task_add") in html_of(client, reverse("admin:campaigns_task_changelist"))
